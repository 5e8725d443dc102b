#!/usr/bin/env bash
# warc_bench.sh - corpus-scale input: WARC.gz archives made from the AEB pages with
# tools/warcgen.py, extracted with -j 1 and -j 2.
#   - a 100 MB archive: -j 1 and -j 2 must give byte-identical output;
#   - a 1 GB archive (SIZE, uncompressed WARC bytes): speed-up of -j 2 over -j 1, peak RSS
#     at -j 2, and the share of the time spent reading and decompressing (a --read-only run
#     that reads every record and extracts nothing).
# usage: bench/warc_bench.sh [KLIPING]   (env: SIZE=1G, SMALL=100M, KEEP=dir to keep files)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
kliping=${1:-$root/build/kliping}
bench=${BENCH:-$root/../shared/bench}
size=${SIZE:-1G}
small=${SMALL:-100M}
tmp=${KEEP:-$(mktemp -d)}
mkdir -p "$tmp"
[[ -z ${KEEP:-} ]] && trap 'rm -rf "$tmp"' EXIT

gen() { # gen SIZE OUT
    [[ -s $2 ]] || python3 "$root/tools/warcgen.py" --gzip --requests --target-size "$1" \
        -o "$2" "$bench/aeb/html" >/dev/null
}
measure() { # measure OUT_JSONL ARGS... -> prints "seconds rss_kb"
    local out=$1
    shift
    /usr/bin/time -f '%e %M' -o "$tmp/time" "$kliping" extract -q "$@" >"$out"
    cat "$tmp/time"
}

gen "$small" "$tmp/small.warc.gz"
measure "$tmp/s1.jsonl" -j 1 "$tmp/small.warc.gz" >/dev/null
measure "$tmp/s2.jsonl" -j 2 "$tmp/small.warc.gz" >/dev/null
if cmp -s "$tmp/s1.jsonl" "$tmp/s2.jsonl"; then same=yes; else same=NO; fi
echo "$small archive: $(wc -l <"$tmp/s1.jsonl") records; -j 1 and -j 2 byte-identical: $same"

gen "$size" "$tmp/big.warc.gz"
gz=$(stat -c %s "$tmp/big.warc.gz")
raw=$(gzip -dc "$tmp/big.warc.gz" | wc -c)
read -r t1 m1 < <(measure /dev/null -j 1 "$tmp/big.warc.gz")
read -r t2 m2 < <(measure /dev/null -j 2 "$tmp/big.warc.gz")
read -r tr mr < <(measure /dev/null -j 1 --read-only "$tmp/big.warc.gz")
awk -v raw="$raw" -v gz="$gz" -v t1="$t1" -v t2="$t2" -v tr="$tr" -v m1="$m1" -v m2="$m2" \
    -v mr="$mr" 'BEGIN {
    printf "%s archive: %.0f MB of WARC (%.0f MB gzip)\n", "'"$size"'", raw / 1e6, gz / 1e6
    printf "  -j 1: %6.2f s  %6.1f MB/s  peak RSS %4.0f MB\n", t1, raw / t1 / 1e6, m1 / 1024
    printf "  -j 2: %6.2f s  %6.1f MB/s  peak RSS %4.0f MB\n", t2, raw / t2 / 1e6, m2 / 1024
    printf "  speed-up of -j 2: %.2fx\n", t1 / t2
    printf "  reading + decompression alone (--read-only, -j 1): %.2f s, %.0f%% of the -j 1 run\n",
           tr, 100 * tr / t1
}'
