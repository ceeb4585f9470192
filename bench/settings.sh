#!/usr/bin/env bash
# bench/settings.sh — does reading the editor's files cost as much as the files, not their square?
# Builds gomedic at HEAD ("after") and at a base commit ("before", default: where HEAD left main),
# then, for each input below, runs `gomedic settings` and `gomedic check --offline` in a workspace
# holding it and prints the time and the peak resident memory of each, before and after:
#
#   - a settings.json of 1k, 8k and 50k keys (one "go.settingN": "value N" a line, as a generated
#     or hostile file has them);
#   - a settings.json whose go.formatTool is a 30 MB string;
#   - a launch.json of 20k Go debug configurations and a tasks.json of 20k go tasks.
#
# The files are the workspace folder's .vscode/ files; HOME, XDG_*, GOPATH, GOCACHE, GOMODCACHE
# and gomedic's own directories are in a temporary directory, GOPROXY=off and --offline: nothing
# reaches the network or the user's files. Each run is capped at `cap` seconds (a "before" run that
# reaches it prints ">cap s"); a run is repeated `runs` times (the median time and the largest peak
# memory are printed) unless it took over 10 s. Results go in docs/performance.md.
#
# Usage: bench/settings.sh [runs] [base] [cap]   (needs python3 and GNU time: apt-get install time)
set -euo pipefail
runs=${1:-3}
base=${2:-$(git merge-base main HEAD)}
cap=${3:-150}
cd "$(dirname "$0")/.."
for tool in python3 /usr/bin/time timeout; do
	command -v "$tool" >/dev/null || { echo "bench/settings.sh needs $tool (apt-get install python3 time coreutils)" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "building gomedic at HEAD ($(git rev-parse --short HEAD)) and at $(git rev-parse --short "$base") ..." >&2
go build -o "$work/after" ./cmd/gomedic
mkdir "$work/src"
git archive "$base" | tar -x -C "$work/src"
(cd "$work/src" && go build -o "$work/before" ./cmd/gomedic)

# The inputs: one workspace each, with its .vscode file and a module.
python3 - "$work/inputs" <<'PY'
import json, os, sys
root = sys.argv[1]
def keys(n):
    lines = [f'  "go.setting{i}": "value {i}",' for i in range(n)]
    return "{\n" + "\n".join(lines) + '\n  "go.formatTool": "goimports"\n}\n'
def launch(n):
    cs = [{"name": f"app {i}", "type": "go", "request": "launch", "mode": "auto", "program": "${workspaceFolder}"} for i in range(n)]
    return json.dumps({"version": "0.2.0", "configurations": cs}, indent=2)
def tasks(n):
    ts = [{"label": f"build {i}", "type": "shell", "command": "go", "args": ["build", "./..."]} for i in range(n)]
    return json.dumps({"version": "2.0.0", "tasks": ts}, indent=2)
inputs = {
    "settings-1k": ("settings.json", keys(1000)),
    "settings-8k": ("settings.json", keys(8000)),
    "settings-50k": ("settings.json", keys(50000)),
    "settings-30MB-value": ("settings.json", '{"go.formatTool": "' + "x" * (30 << 20) + '"}\n'),
    "launch-20k": ("launch.json", launch(20000)),
    "tasks-20k": ("tasks.json", tasks(20000)),
}
for name, (file, data) in inputs.items():
    d = os.path.join(root, name)
    os.makedirs(os.path.join(d, ".vscode"))
    open(os.path.join(d, ".vscode", file), "w").write(data)
    open(os.path.join(d, "go.mod"), "w").write("module example.com/ws\n\ngo 1.25\n")
    open(os.path.join(d, "main.go"), "w").write("package main\n\nfunc main() {}\n")
    print(name, file, len(data), file=sys.stderr)
PY

export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_CACHE_HOME="$work/home/.cache" XDG_DATA_HOME="$work/home/.local/share"
export GOPATH="$work/gopath" GOMODCACHE="$work/gopath/pkg/mod" GOCACHE="$work/gocache" GOENV="$work/goenv"
export GOPROXY=off GOFLAGS= GOWORK=off GOTOOLCHAIN=local GOMEDIC_HOME="$work/home/gomedic"
mkdir -p "$HOME"

# measure BIN DIR ARGS...: "seconds peak-KB" of one run, or "cap" when it reached the cap.
measure() {
	local bin=$1 dir=$2
	shift 2
	(cd "$dir" && /usr/bin/time -f '%e %M' -o "$work/time" timeout -k 5 "$cap" "$bin" "$@" >/dev/null 2>&1) || true
	local t m
	read -r t m < <(tail -n 1 "$work/time")
	if awk -v t="$t" -v c="$cap" 'BEGIN { exit !(t >= c) }'; then
		echo "cap $m"
	else
		echo "$t $m"
	fi
}

# series BIN DIR ARGS...: "median-seconds max-peak-KB" over the runs (one run when it is slow).
series() {
	local ts=() peak=0 t m
	for ((i = 0; i < runs; i++)); do
		read -r t m < <(measure "$@")
		ts+=("$t")
		((m > peak)) && peak=$m
		[ "$t" = cap ] && break
		awk -v t="$t" 'BEGIN { exit !(t > 10) }' && break
	done
	printf '%s\n' "${ts[@]}" | sort -g | awk -v p="$peak" '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)], p }'
}

fmt_time() { if [ "$1" = cap ]; then echo ">${cap} s"; else printf '%.2f s' "$1"; fi; }
fmt_mem() { awk -v k="$1" -v s="$2" 'BEGIN { printf "%.0f MB (%.1f× the file)", k / 1024, k * 1024 / s }'; }

echo >&2
printf '| input | file size | command | before: time | before: peak RSS | after: time | after: peak RSS |\n'
printf '|---|---|---|---|---|---|---|\n'
for name in settings-1k settings-8k settings-50k settings-30MB-value launch-20k tasks-20k; do
	dir="$work/inputs/$name"
	size=$(stat -c %s "$dir"/.vscode/*.json)
	for cmd in "settings" "check --offline"; do
		# shellcheck disable=SC2086 # cmd is two words on purpose
		read -r bt bm < <(series "$work/before" "$dir" $cmd)
		# shellcheck disable=SC2086
		read -r at am < <(series "$work/after" "$dir" $cmd)
		printf '| %s | %s | gomedic %s | %s | %s | %s | %s |\n' "$name" "$(numfmt --to=iec "$size")" "$cmd" \
			"$(fmt_time "$bt")" "$(fmt_mem "$bm" "$size")" "$(fmt_time "$at")" "$(fmt_mem "$am" "$size")"
	done
done
