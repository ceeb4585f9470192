#!/usr/bin/env bash
# bench/tools.sh — how fast is `gomedic tools install`?
#
# (a) no-op: `gomedic tools install` of tools that are all current, against a loop of
#     `go install pkg@version` for the same versions (everything cached, so go install only
#     checks and relinks). Goal: ratio <= 0.05.
# (b) cold: an install of four tools with -j 2 from an empty build cache, against the same four
#     `go install` one after another from an empty build cache (modules already downloaded, so
#     the network is not measured). The ratio is reported.
#
# Usage: bench/tools.sh [runs-a] [runs-b]   (needs hyperfine and python3)
# The set is the installable part of the default set on the bench machine, pinned: impl and goplay
# are left out where the module proxy refuses them (403 on the development machine).
set -euo pipefail
runs_a=${1:-20}
runs_b=${2:-2}
cd "$(dirname "$0")/.."
for tool in hyperfine python3; do
	command -v "$tool" >/dev/null || { echo "bench/tools.sh needs $tool (apt-get install $tool)" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
go build -o "$work/gomedic" ./cmd/gomedic
export GOFLAGS= GOWORK=off GO111MODULE=on
export GOMEDIC_HOME="$work/home" GOMEDIC_CACHE="$work/cache"
export GOBIN="$work/bin" PATH="$work/bin:$PATH"
mkdir -p "$work/bin" "$work/loop"
cd "$work"

set_a="gopls@v0.21.1 dlv@v1.27.2 staticcheck@v0.7.0"
pkgs_a="golang.org/x/tools/gopls@v0.21.1 github.com/go-delve/delve/cmd/dlv@v1.27.2 honnef.co/go/tools/cmd/staticcheck@v0.7.0"
set_b="gopls@v0.21.1 dlv@v1.27.2 staticcheck@v0.7.0 goimports@v0.45.0"
pkgs_b="$pkgs_a golang.org/x/tools/cmd/goimports@v0.45.0"

echo "(a) preparing: installing $set_a with gomedic and with go install ..." >&2
"$work/gomedic" tools install $set_a >&2
for p in $pkgs_a; do GOBIN="$work/loop" go install "$p"; done

loop_a="for p in $pkgs_a; do GOBIN=$work/loop go install \$p; done"
hyperfine --warmup 2 --runs "$runs_a" --export-json "$work/a.json" \
	-n "go install loop (3 tools, all current)" "$loop_a" \
	-n "gomedic tools install (3 tools, all current)" "$work/gomedic tools install $set_a >/dev/null" >&2

echo "(b) cold installs of $set_b, from an empty build cache ..." >&2
export GOCACHE="$work/gocache"
loop_b="for p in $pkgs_b; do GOBIN=$work/loop go install \$p; done"
hyperfine --runs "$runs_b" --export-json "$work/b.json" \
	--prepare "rm -rf $work/gocache $work/home $work/bin/* $work/loop/*" \
	-n "go install, one after another (4 tools, cold)" "$loop_b" \
	-n "gomedic tools install -j 2 (4 tools, cold)" "$work/gomedic tools install -j 2 $set_b >/dev/null" >&2

python3 - "$work/a.json" "$work/b.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))["results"]
b = json.load(open(sys.argv[2]))["results"]
def ms(r): return f"{r['mean']*1000:.0f} ms ± {r['stddev']*1000:.0f}"
print(f"(a) go install loop, all current:        {ms(a[0])}")
print(f"(a) gomedic tools install, all current:  {ms(a[1])}")
print(f"(a) ratio:                               {a[1]['mean']/a[0]['mean']:.3f}")
print(f"(b) go install one after another, cold:  {ms(b[0])}")
print(f"(b) gomedic tools install -j 2, cold:    {ms(b[1])}")
print(f"(b) ratio:                               {b[1]['mean']/b[0]['mean']:.2f}")
PY
