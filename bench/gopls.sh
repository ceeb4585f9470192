#!/usr/bin/env bash
# bench/gopls.sh — what does the live gopls probe cost next to gopls's own workspace load?
#
# In one hyperfine session on this machine, on the same workspace, it times
#   gomedic check --deep --only ws.gopls     (gopls started as the editor starts it, over LSP,
#                                             plus the checks ws.gopls needs and blames)
#   gopls stats -anon                         (gopls loading the workspace in-process, the same way)
# on two workspaces: a real module no one here wrote, golang.org/x/mod at the version gomedic
# requires, copied writable out of the module cache; and a small generated module of 3 packages.
# Goal: ratio gomedic/gopls stats <= 1.2 on each. Both are timed warm: gopls stats with the
# user's gopls cache, gomedic with its own (GOMEDIC_CACHE/gopls), filled by the warm-up runs; and
# both with the user's index of the module cache (~/.cache/goimports), which gopls stats reads in
# place and gomedic's gopls from the copy gomedic makes of it in its own cache.
# It also prints what gomedic measured (time to ready, packages, peak memory; also once with an
# empty gopls file cache, before the timed runs)
# and what gopls stats says (initial workspace load, workspace packages, and its peak RSS from
# GNU time), and the CPU time (user + system, the command and its children) of both, steadier
# than the wall time on a shared machine. Results go in docs/performance.md.
#
# Usage: bench/gopls.sh [runs]      (needs hyperfine and python3; GNU time for gopls stats's RSS)
set -euo pipefail
runs=${1:-20}
cd "$(dirname "$0")/.."
for tool in hyperfine python3; do
	command -v "$tool" >/dev/null || { echo "bench/gopls.sh needs $tool (apt-get install $tool)" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
bin="$work/bin"
mkdir -p "$bin"

echo "building gomedic and installing gopls v0.21.1 into $bin ..." >&2
go build -o "$work/gomedic" ./cmd/gomedic
export GOFLAGS= GOWORK=off GO111MODULE=on
GOBIN="$bin" go install golang.org/x/tools/gopls@v0.21.1

# The real module: golang.org/x/mod at the version in go.mod, with what it needs downloaded now
# (outside the timings).
xmod=$(go list -m -f '{{.Version}}' golang.org/x/mod)
src=$(go mod download -json "golang.org/x/mod@$xmod" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
cp -R "$src" "$work/xmod"
chmod -R u+w "$work/xmod"
(cd "$work/xmod" && go list -deps -test ./... >/dev/null)

# The small module: 3 packages.
small="$work/small"
mkdir -p "$small/a" "$small/b"
printf 'module example.com/small\n\ngo 1.25\n' >"$small/go.mod"
printf 'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/small/a"\n)\n\nfunc main() { fmt.Println(a.A()) }\n' >"$small/main.go"
printf 'package a\n\nimport "example.com/small/b"\n\n// A is B plus one.\nfunc A() int { return b.B() + 1 }\n' >"$small/a/a.go"
printf 'package b\n\nimport "strings"\n\n// B is a length.\nfunc B() int { return len(strings.Fields("a b")) }\n' >"$small/b/b.go"

# The user the benchmark stands for: gopls in GOBIN, GOBIN on PATH; gopls's telemetry sidecar
# off for both commands (gomedic turns it off for its probe).
export GOBIN="$bin" PATH="$bin:$PATH" GO_TELEMETRY_CHILD=2
export GOMEDIC_CACHE="$work/gomedic-cache"

rss() { # peak RSS of a command in MB, from GNU time, or "?"
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%M' -o "$work/rss" "$@" >/dev/null 2>&1 || true
		echo $(( $(tail -1 "$work/rss") / 1024 ))
	else
		echo "?"
	fi
}

for ws in xmod small; do
	dir="$work/$ws"
	cd "$dir"
	echo >&2
	echo "== $ws ($dir)" >&2
	# First, once with an empty gopls file cache, as on the editor's first start here: gomedic
	# keeps gopls's cache in its own cache directory (GOMEDIC_CACHE/gopls), so an empty one is cold.
	GOMEDIC_CACHE="$work/cold-$ws" "$work/gomedic" check --deep --only ws.gopls --json >"$work/$ws.cold.json"
	hyperfine --warmup 3 --runs "$runs" --export-json "$work/$ws.json" \
		-n "gopls stats -anon ($ws)" "gopls stats -anon >/dev/null 2>&1" \
		-n "gomedic check --deep --only ws.gopls ($ws)" "$work/gomedic check --deep --only ws.gopls >/dev/null" >&2
	"$work/gomedic" check --deep --only ws.gopls --json >"$work/$ws.gomedic.json"
	gopls stats -anon >"$work/$ws.stats.json" 2>/dev/null
	echo "$(rss gopls stats -anon)" >"$work/$ws.stats.rss"
	python3 - "$ws" "$work/$ws.json" "$work/$ws.gomedic.json" "$work/$ws.stats.json" "$work/$ws.stats.rss" "$work/$ws.cold.json" <<'PY'
import json, re, sys
name, bench, gm, st, rss, cold = sys.argv[1:]
r = json.load(open(bench))["results"]
stats, gomedic = r[0], r[1]
def ms(x): return f"{x['mean']*1000:.0f} ms ± {x['stddev']*1000:.0f}"
f = [f for f in json.load(open(gm))["findings"] if f["id"] == "ws.gopls"][0]
s = json.load(open(st))
ws = s["WorkspaceStats"]["Views"]
pk = sum(v["WorkspacePackages"]["Packages"] for v in ws)
m = re.search(r"answered initialize after ([0-9.]+) s and had loaded the workspace, with its first diagnostics, after ([0-9.]+) s", f["detail"])
print(f"{name}: gopls stats -anon                 {ms(stats)}")
print(f"{name}: gomedic check --deep --only ws.gopls {ms(gomedic)}")
print(f"{name}: ratio                              {gomedic['mean']/stats['mean']:.2f}")
def cpu(x): return x["user"] + x["system"]
print(f"{name}: CPU (user+sys) gopls stats {cpu(stats)*1000:.0f} ms, gomedic {cpu(gomedic)*1000:.0f} ms, ratio {cpu(gomedic)/cpu(stats):.2f}")
print(f"{name}: gomedic says: {f['status']}: {f['title']}" + (f" (initialize after {m.group(1)} s, ready after {m.group(2)} s)" if m else ""))
c = [f for f in json.load(open(cold))["findings"] if f["id"] == "ws.gopls"][0]
print(f"{name}: gomedic, empty gopls cache: {c['status']}: {c['title']}")
print(f"{name}: gopls stats says: initial workspace load {s['InitialWorkspaceLoadDuration']}, {pk} workspace packages, peak RSS {open(rss).read().strip()} MB")
PY
done
