#!/usr/bin/env bash
# bench/check.sh — how fast is the default `gomedic check --offline` (every default layer: go, env,
# tools, editor, workspace) next to what the Go extension runs for "Go: Locate Configured Go Tools"
# on the same four tools (go version, go env, and go version -m on gopls, dlv, staticcheck and
# goimports, in sequence)? All run side by side in one hyperfine session on this machine:
#
#   - the baseline;
#   - gomedic check --offline, warm: its cache holds the tools' answers and the shells' environments;
#   - the same without the workspace layer (whose two go list runs are most of the rest);
#   - gomedic check --offline --no-cache: every tool and both shells run now;
#   - gomedic check --offline with an empty cache: the first run on a machine.
#
# The user the benchmark stands for lives in a fresh HOME (nothing of yours is read or written):
# tools in GOBIN, GOBIN and go on PATH, and a bash whose ~/.bashrc (sourced by ~/.profile, as
# Debian's skeleton does) spends BENCH_RC_SECONDS (default 1) starting something, the way pyenv's
# or nvm's init does. The Go build and module caches and the go env file are yours, so that the
# workspace's go list runs warm, as on your machine.
#
# It prints the ratios to the baseline (goal for the warm run: <= 1.0), how many times gomedic ran
# `go env` (goal: 1) and how many shells a warm run started (goal: 0). Results go in
# docs/performance.md.
#
# Usage: bench/check.sh [runs]      (needs hyperfine, strace and python3)
#        BENCH_BASE=/tmp/gomedic-main bench/check.sh 40     (also an older build, interleaved, see the end)
set -euo pipefail
runs=${1:-40}
rc_seconds=${BENCH_RC_SECONDS:-1}
cd "$(dirname "$0")/.."
for tool in hyperfine strace python3; do
	command -v "$tool" >/dev/null || { echo "bench/check.sh needs $tool (apt-get install $tool)" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin="$work/bin"
mkdir -p "$bin" "$work/ws" "$work/home"

echo "building gomedic and installing the four tools into $bin ..." >&2
go build -o "$work/gomedic" ./cmd/gomedic
export GOFLAGS= GOWORK=off GO111MODULE=on
GOBIN="$bin" go install golang.org/x/tools/gopls@v0.21.1
GOBIN="$bin" go install github.com/go-delve/delve/cmd/dlv@v1.27.2
GOBIN="$bin" go install honnef.co/go/tools/cmd/staticcheck@v0.7.0
GOBIN="$bin" go install golang.org/x/tools/cmd/goimports@v0.45.0
printf 'module example.com/ws\n\ngo 1.25\n' > "$work/ws/go.mod"
printf 'package main\n\nfunc main() {}\n' > "$work/ws/main.go"

# Your Go caches and go env file, a fresh HOME and gomedic cache.
GOCACHE=$(go env GOCACHE) GOMODCACHE=$(go env GOMODCACHE) GOENV=$(go env GOENV)
export GOCACHE GOMODCACHE GOENV
goroot=$(go env GOROOT)
export HOME="$work/home" GOMEDIC_CACHE="$work/cache" SHELL=/bin/bash
unset XDG_CONFIG_HOME XDG_CACHE_HOME
cat > "$HOME/.profile" <<'EOF'
if [ -n "$BASH_VERSION" ] && [ -f "$HOME/.bashrc" ]; then
	. "$HOME/.bashrc"
fi
EOF
cat > "$HOME/.bashrc" <<EOF
export PATH="$goroot/bin:$bin:\$PATH"
export GOBIN="$bin"
sleep $rc_seconds # a tool manager's init
EOF
touch -d '1 hour ago' "$HOME/.profile" "$HOME/.bashrc"

# The user the benchmark stands for: tools in GOBIN, GOBIN on PATH.
export GOBIN="$bin" PATH="$goroot/bin:$bin:$PATH"
cd "$work/ws"

baseline="go version >/dev/null; go env >/dev/null; go version -m $bin/gopls >/dev/null; go version -m $bin/dlv >/dev/null; go version -m $bin/staticcheck >/dev/null; go version -m $bin/goimports >/dev/null"
gomedic="$work/gomedic check --offline >/dev/null || true"
gomedic_nocache="$work/gomedic check --offline --no-cache >/dev/null || true"
gomedic_nows="$work/gomedic check --offline --layer go,env,tools,editor >/dev/null || true"

echo >&2
echo "what one warm gomedic check --offline starts:" >&2
"$work/gomedic" check --offline >/dev/null || true
strace -f -qq -e trace=execve -o "$work/trace" "$work/gomedic" check --offline >/dev/null || true
goenv=$(grep -c 'execve("[^"]*/go", \["[^"]*go", "env"' "$work/trace" || true)
shells=$(grep -c 'execve("/bin/bash"' "$work/trace" || true)
execs=$(grep -c 'execve(' "$work/trace" || true)
echo "  go env: $goenv, shells: $shells, processes in all: $execs" >&2
grep -o 'execve("[^"]*", \["[^"]*"\(, "[^"]*"\)\{0,4\}' "$work/trace" | sed 's/^/    /' >&2

hyperfine --warmup 5 --runs "$runs" --export-json "$work/result.json" \
	-n 'extension: go version, go env, go version -m x4' -p true "$baseline" \
	-n 'gomedic check --offline' -p true "$gomedic" \
	-n 'gomedic check --offline, without the workspace layer' -p true "$gomedic_nows" \
	-n 'gomedic check --offline --no-cache' -p true "$gomedic_nocache" \
	-n 'gomedic check --offline, empty cache' -p "rm -rf $GOMEDIC_CACHE" "$gomedic" >&2

python3 - "$work/result.json" "$goenv" "$shells" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
base = r[0]
def line(name, x):
    ratio = x["mean"] / base["mean"]
    print(f"{name:40s} {x['mean']*1000:8.1f} ms ± {x['stddev']*1000:6.1f}   ratio {ratio:6.2f}")
line("baseline (extension's sequence)", base)
line("gomedic check --offline", r[1])
line("  without the workspace layer", r[2])
line("gomedic check --offline --no-cache", r[3])
line("gomedic check --offline, empty cache", r[4])
print(f"go env runs per warm gomedic run:        {sys.argv[2]}")
print(f"shells started by a warm gomedic run:    {sys.argv[3]}")
PY

# BENCH_BASE=/path/to/an/older/gomedic: before and after on the same machine at the same time. The
# baseline, this build's warm default run, the older build's (with a cache of its own) and this
# build's without the workspace layer run in turn, round after round, so that the load of a shared
# machine falls on all four alike; the medians of wall and CPU time (user + system, GNU time) are
# compared to the baseline's.
if [ -n "${BENCH_BASE:-}" ] && [ -x /usr/bin/time ]; then
	echo >&2
	echo "interleaved with BENCH_BASE=$BENCH_BASE, $runs rounds ..." >&2
	GOMEDIC_CACHE="$work/base-cache" "$BENCH_BASE" check --offline >/dev/null || true
	timed() { # name command...
		/usr/bin/time -f "$1 %e %U %S" -a -o "$work/ab.txt" "${@:2}" >/dev/null 2>&1 || true
	}
	for _ in $(seq 1 "$runs"); do
		timed baseline sh -c "$baseline"
		timed after "$work/gomedic" check --offline
		timed before env GOMEDIC_CACHE="$work/base-cache" "$BENCH_BASE" check --offline
		timed without-ws "$work/gomedic" check --offline --layer go,env,tools,editor
	done
	python3 - "$work/ab.txt" <<'PY'
import statistics, sys
runs = {}
for l in open(sys.argv[1]):
    p = l.split()
    if len(p) == 4 and p[0] in ("baseline", "after", "before", "without-ws"):
        runs.setdefault(p[0], []).append((float(p[1]), float(p[2]) + float(p[3])))
wall = {k: statistics.median(x[0] for x in v) for k, v in runs.items()}
cpu = {k: statistics.median(x[1] for x in v) for k, v in runs.items()}
for k, name in (("baseline", "baseline (extension's sequence)"), ("after", "gomedic check --offline (this build)"),
                ("before", "gomedic check --offline (BENCH_BASE)"), ("without-ws", "  this build, without the workspace layer")):
    print(f"{name:42s} median {wall[k]*1000:6.0f} ms ratio {wall[k]/wall['baseline']:5.2f}   CPU {cpu[k]*1000:5.0f} ms ratio {cpu[k]/cpu['baseline']:5.2f}")
PY
fi
