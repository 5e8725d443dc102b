#!/usr/bin/env bash
# html_speed.sh - HTML extraction throughput on the AEB pages, one core, in one run:
# kliping extract, a bare MyHTML parse + tree walk of the same pages (the yardstick), and
# Readability.js on linkedom (installed here with npm). The pages are decompressed and copied
# until the corpus holds at least MIN_MB megabytes. MB/s = input bytes / wall time of the
# whole process, the best of RUNS runs (3) of each; peak RSS from GNU time.
# usage: bench/html_speed.sh [KLIPING]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
kliping=${1:-$root/build/kliping}
bare=$(dirname "$kliping")/kliping_bare_parse
bench=${BENCH:-$root/../shared/bench}
min_mb=${MIN_MB:-30}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [[ ! -d $root/bench/readability/node_modules/@mozilla/readability ]]; then
    (cd "$root/bench/readability" && npm ci --no-audit --no-fund --silent)
fi

bytes=0
n=0
while ((bytes < min_mb * 1000 * 1000)); do
    mkdir -p "$tmp/corpus/$n"
    for f in "$bench"/aeb/html/*.html.gz; do
        b=$(basename "$f" .gz)
        gzip -dc "$f" >"$tmp/corpus/$n/$b"
    done
    bytes=$(du -sb "$tmp/corpus" | cut -f1)
    n=$((n + 1))
done
mapfile -t files < <(find "$tmp/corpus" -type f | sort)
pages=${#files[@]}
sync # no write-back of the new corpus while the programs are timed
cat "${files[@]}" >/dev/null # warm the page cache

pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)
# measure NAME RUNS CMD... -> "seconds rss_kb": the best wall time of RUNS runs (microsecond
# clock), and the largest peak RSS
measure() {
    local name=$1 runs=$2 best= rss=0
    shift 2
    for ((i = 0; i < runs; i++)); do
        local t0=$EPOCHREALTIME
        /usr/bin/time -f '%M' -o "$tmp/$name.rss" "${pin[@]}" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
        local t1=$EPOCHREALTIME
        best=$(awk -v a="$t0" -v b="$t1" -v best="$best" \
            'BEGIN { d = b - a; if (best == "" || d < best) print d; else print best }')
        local r
        r=$(tail -n 1 "$tmp/$name.rss")
        ((r > rss)) && rss=$r
    done
    echo "$best $rss"
}
runs=${RUNS:-3}
read -r t_k rss_k < <(measure kliping "$runs" "$kliping" extract -j 1 --format html "$tmp/corpus")
read -r t_b rss_b < <(measure bare "$runs" "$bare" "${files[@]}")
read -r t_r rss_r < <(measure readability "$runs" node "$root/bench/readability/run.js" "${files[@]}")

awk -v by="$bytes" -v p="$pages" -v tk="$t_k" -v tb="$t_b" -v tr="$t_r" \
    -v rk="$rss_k" -v rb="$rss_b" -v rr="$rss_r" 'BEGIN {
    printf "%d pages, %.1f MB, one core\n", p, by / 1e6
    printf "%-22s %9s %9s %10s %12s\n", "", "MB/s", "pages/s", "peak RSS", "wall time"
    printf "%-22s %9.1f %9.0f %7.0f MB %10.3f s\n", "kliping extract", by / tk / 1e6, p / tk, rk / 1024, tk
    printf "%-22s %9.1f %9.0f %7.0f MB %10.3f s\n", "bare MyHTML parse", by / tb / 1e6, p / tb, rb / 1024, tb
    printf "%-22s %9.1f %9.0f %7.0f MB %10.3f s\n", "Readability.js", by / tr / 1e6, p / tr, rr / 1024, tr
    printf "kliping / bare parse:     %.2fx\n", tb / tk
    printf "kliping / Readability.js: %.1fx\n", tr / tk
}'
