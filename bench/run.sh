#!/usr/bin/env bash
# bench/run.sh — what does `gomedic run` cost next to running the same thing without it? Each pair
# runs side by side in one hyperfine session on this machine (warm build cache, as after the first
# run in an editor), and the script prints the ratios gomedic/baseline (goal: close to 1.0):
#
#   - a small program:       go run ./hello            vs  gomedic run ./hello
#   - its tests:             go test -count=1 ./hello   vs  gomedic run --test ./hello
#   - output throughput:     ./spew | cat (256 MiB)    vs  gomedic run -- ./spew   (both > /dev/null;
#                            the baseline reads the program's output through a pipe, as an editor does)
#
# Usage: bench/run.sh [runs]      (needs hyperfine and python3: apt-get install hyperfine)
set -euo pipefail
runs=${1:-20}
cd "$(dirname "$0")/.."
for tool in hyperfine python3; do
	command -v "$tool" >/dev/null || { echo "bench/run.sh needs $tool (apt-get install $tool)" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/gomedic" ./cmd/gomedic
mkdir -p "$work/m/hello" "$work/m/spew"
printf 'module example.com/m\n\ngo 1.25\n' > "$work/m/go.mod"
cat > "$work/m/hello/main.go" <<'GO'
package main

import "fmt"

func sum(xs []int) (n int) {
	for _, x := range xs {
		n += x
	}
	return n
}

func main() { fmt.Println(sum([]int{1, 2, 3})) }
GO
cat > "$work/m/hello/main_test.go" <<'GO'
package main

import "testing"

func TestSum(t *testing.T) {
	if sum([]int{1, 2, 3}) != 6 {
		t.Fatal("sum")
	}
}
GO
cat > "$work/m/spew/main.go" <<'GO'
package main

import (
	"bytes"
	"os"
)

func main() {
	line := append(bytes.Repeat([]byte("x"), 127), '\n')
	buf := bytes.Repeat(line, 512) // 64 KiB
	for i := 0; i < 4096; i++ {    // 256 MiB
		os.Stdout.Write(buf)
	}
}
GO
cd "$work/m"
go build -o "$work/spew" ./spew
export GOFLAGS= GOWORK=off
gm="$work/gomedic"

hyperfine --warmup 3 --runs "$runs" --export-json "$work/result.json" \
	-n 'go run ./hello' 'go run ./hello >/dev/null' \
	-n 'gomedic run ./hello' "$gm run ./hello >/dev/null 2>&1" \
	-n 'go test -count=1 ./hello' 'go test -count=1 ./hello >/dev/null' \
	-n 'gomedic run --test ./hello' "$gm run --test ./hello >/dev/null 2>&1" \
	-n './spew | cat > /dev/null' "$work/spew | cat >/dev/null" \
	-n 'gomedic run -- ./spew > /dev/null' "$gm run -- $work/spew >/dev/null 2>&1" >&2

python3 - "$work/result.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
def row(base, gm):
    b, g = r[base], r[gm]
    print(f"{base:28s} {b['mean']*1000:8.1f} ms ± {b['stddev']*1000:5.1f}")
    print(f"{gm:28s} {g['mean']*1000:8.1f} ms ± {g['stddev']*1000:5.1f}   ratio {g['mean']/b['mean']:.2f}")
row('go run ./hello', 'gomedic run ./hello')
row('go test -count=1 ./hello', 'gomedic run --test ./hello')
row('./spew | cat > /dev/null', 'gomedic run -- ./spew > /dev/null')
PY
