#!/usr/bin/env bash
# text_speed.sh - text-mode throughput: the AEB crawler dumps copied until the corpus holds at
# least MIN_MB megabytes, then one `kliping extract --format text` process pinned to one core.
# MB/s = input bytes / wall time of the whole process. Prints the figure with and without
# language identification.
# usage: bench/text_speed.sh [KLIPING]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
kliping=${1:-$root/build/kliping}
bench=${BENCH:-$root/../shared/bench}
min_mb=${MIN_MB:-30}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bytes=0
n=0
while ((bytes < min_mb * 1000 * 1000)); do
    mkdir -p "$tmp/corpus/$n"
    cp "$bench"/aeb-text/*.txt "$tmp/corpus/$n/"
    bytes=$(du -sb "$tmp/corpus" | cut -f1)
    n=$((n + 1))
done
files=$(find "$tmp/corpus" -type f | wc -l)
sync # no write-back of the new corpus while the programs are timed
cat "$tmp"/corpus/*/* >/dev/null # warm the page cache
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)
run() {
    local label=$1
    shift
    local best=
    for _ in 1 2 3; do
        local t0=$EPOCHREALTIME
        "${pin[@]}" "$kliping" extract -j 1 --format text "$@" "$tmp/corpus" >/dev/null
        local t1=$EPOCHREALTIME
        best=$(awk -v a="$t0" -v b="$t1" -v best="$best" \
            'BEGIN { d = b - a; if (best == "" || d < best) print d; else print best }')
    done
    awk -v l="$label" -v by="$bytes" -v f="$files" -v t="$best" 'BEGIN {
        printf "%-28s %8.1f MB/s  %8.0f pages/s  (%d bytes, %d files, best of 3: %.3f s)\n",
               l, by / t / 1e6, f / t, by, f, t }'
}
run "text mode" 
run "text mode, --no-language" --no-language
