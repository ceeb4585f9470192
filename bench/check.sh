#!/usr/bin/env bash
# bench/check.sh — how fast is `gomedic check --offline` next to what the Go extension runs for
# "Go: Locate Configured Go Tools" on the same four tools (go version, go env, and go version -m on
# gopls, dlv, staticcheck and goimports, in sequence)? Both run side by side in one hyperfine
# session on this machine; the script prints the ratio gomedic/baseline (goal: <= 1.0) and how
# many times gomedic ran `go env` (goal: 1). Results go in docs/performance.md.
#
# Usage: bench/check.sh [runs]      (needs hyperfine and strace: apt-get install hyperfine strace)
set -euo pipefail
runs=${1:-40}
cd "$(dirname "$0")/.."
for tool in hyperfine strace python3; do
	command -v "$tool" >/dev/null || { echo "bench/check.sh needs $tool (apt-get install $tool)" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin="$work/bin"
mkdir -p "$bin" "$work/ws"

echo "building gomedic and installing the four tools into $bin ..." >&2
go build -o "$work/gomedic" ./cmd/gomedic
export GOFLAGS= GOWORK=off GO111MODULE=on
GOBIN="$bin" go install golang.org/x/tools/gopls@v0.21.1
GOBIN="$bin" go install github.com/go-delve/delve/cmd/dlv@v1.27.2
GOBIN="$bin" go install honnef.co/go/tools/cmd/staticcheck@v0.7.0
GOBIN="$bin" go install golang.org/x/tools/cmd/goimports@v0.45.0
printf 'module example.com/ws\n\ngo 1.25\n' > "$work/ws/go.mod"

# The user the benchmark stands for: tools in GOBIN, GOBIN on PATH.
export GOBIN="$bin" PATH="$bin:$PATH"
cd "$work/ws"

baseline="go version >/dev/null; go env >/dev/null; go version -m $bin/gopls >/dev/null; go version -m $bin/dlv >/dev/null; go version -m $bin/staticcheck >/dev/null; go version -m $bin/goimports >/dev/null"
gomedic="$work/gomedic check --offline >/dev/null || true"
gomedic_cold="$work/gomedic check --offline --no-cache >/dev/null || true"

echo >&2
echo "go env runs per gomedic check --offline:" >&2
strace -f -qq -e trace=execve -o "$work/trace" "$work/gomedic" check --offline >/dev/null || true
goenv=$(grep -c 'execve("[^"]*/go", \["[^"]*go", "env"' "$work/trace" || true)
execs=$(grep -c 'execve(' "$work/trace" || true)
echo "  $goenv (of $execs processes started in all)" >&2

hyperfine --warmup 5 --runs "$runs" --export-json "$work/result.json" \
	-n 'extension: go version, go env, go version -m x4' "$baseline" \
	-n 'gomedic check --offline' "$gomedic" \
	-n 'gomedic check --offline --no-cache' "$gomedic_cold" >&2

python3 - "$work/result.json" "$goenv" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
base, gm, cold = r[0], r[1], r[2]
print(f"baseline (extension's sequence):      {base['mean']*1000:.1f} ms ± {base['stddev']*1000:.1f}")
print(f"gomedic check --offline:              {gm['mean']*1000:.1f} ms ± {gm['stddev']*1000:.1f}")
print(f"gomedic check --offline --no-cache:   {cold['mean']*1000:.1f} ms ± {cold['stddev']*1000:.1f}")
print(f"ratio gomedic/baseline:               {gm['mean'] / base['mean']:.2f}")
print(f"ratio gomedic --no-cache/baseline:    {cold['mean'] / base['mean']:.2f}")
print(f"go env runs per gomedic run:          {sys.argv[2]}")
PY
