#!/usr/bin/env bash
# text_quality.sh - text mode on the AEB crawler dumps, scored with the benchmark's scorer.
# usage: bench/text_quality.sh [KLIPING] ; prints F1, precision, recall, accuracy.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
kliping=${1:-$root/build/kliping}
bench=${BENCH:-$root/../shared/bench}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$kliping" extract --format text "$bench"/aeb-text/*.txt >"$tmp/pred.jsonl"
python3 "$bench/score_aeb.py" "$bench/aeb-text" "$tmp/pred.jsonl" "${@:2}"
