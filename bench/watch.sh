#!/usr/bin/env bash
# bench/watch.sh — what does a continuous `gomedic watch` cost with 10 gopls processes running?
#
#   - BenchmarkLook (internal/watch): CPU time per sample (cpu-ms/op) over the whole /proc, the
#     findings, the history file written and the editors' logs looked for; at the default 30 s
#     interval the share of one core is cpu-ms/op / 300 (in %);
#   - the real command: gomedic watch --interval 1s --count 20 on the 10 gopls, under
#     /usr/bin/time: its peak resident memory and its CPU time per sample.
#
# Ten pinned gopls (internal/testtools) run `gopls serve` on stdio in a scratch directory, in a
# fresh HOME and data directory (nothing of yours is read or written). Results go in
# docs/performance.md (target: under 1 % of one core at 30 s).
#
# Usage: bench/watch.sh [benchmark count]      (needs /usr/bin/time)
set -euo pipefail
count=${1:-5}
cd "$(dirname "$0")/.."
[ -x /usr/bin/time ] || { echo "bench/watch.sh needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
go test ./internal/watch -run '^$' -bench BenchmarkLook -benchtime 50x -count "$count" | grep -E '^Benchmark|^cpu'

work=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT
go build -o "$work/gomedic" ./cmd/gomedic
gopls=$(ls "${HOME}"/.cache/gomedic-test/tools/*/gopls@*/gopls 2>/dev/null | head -1)
[ -x "${gopls:-}" ] || { echo "no pinned gopls: run go test ./internal/lsp once" >&2; exit 2; }
mkdir -p "$work/ws" "$work/home"
# A FIFO held open by this script is the gopls' standard input: they wait on it until they are killed.
mkfifo "$work/stdin"
exec 9<>"$work/stdin"
for _ in $(seq 10); do
	(cd "$work/ws" && exec "$gopls" serve <&9) &
	pids+=($!)
done
sleep 1
HOME=$work/home GOMEDIC_DATA=$work/data /usr/bin/time -f 'gomedic watch, 20 samples: %U s user + %S s system, peak RSS %M KiB' \
	"$work/gomedic" watch --interval 1s --count 20 --workspace "$work/ws"
