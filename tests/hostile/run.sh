#!/bin/bash
# run.sh [DIR] - hostile-input catalogue for the kliping command: generates the inputs
# (tools/gen_hostile.sh) into DIR or a temporary directory, runs `$KLIPING extract` on each
# case alone and once on all of them with a good page, and checks time, exit, memory, output.
# Env: KLIPING (default build/kliping), SHARED (default ../shared), HOSTILE_TIMEOUT (20),
# HOSTILE_MIXED_TIMEOUT (60), HOSTILE_RSS_MB (512), KLP_BOMB_MB (1024), HOSTILE_KEEP=1.
set -u
SRC=$(cd "$(dirname "$0")/../.." && pwd)
KLIPING=${KLIPING:-$SRC/build/kliping}
SHARED=${SHARED:-$SRC/../shared}
TMO=${HOSTILE_TIMEOUT:-20}
MIXED_TMO=${HOSTILE_MIXED_TIMEOUT:-60}
RSS_MB=${HOSTILE_RSS_MB:-512}
CHECK="$SRC/tests/hostile/check_jsonl.py"

if [ ! -x "$KLIPING" ]; then
  echo "FATAL: KLIPING=$KLIPING is not an executable" >&2
  exit 2
fi
if [ $# -ge 1 ]; then
  DIR=$1
  mkdir -p "$DIR" || exit 2
else
  DIR=$(mktemp -d "${TMPDIR:-/tmp}/kliping-hostile.XXXXXX") || exit 2
  [ "${HOSTILE_KEEP:-0}" = 1 ] || trap 'rm -rf "$DIR"' EXIT
fi
if ! bash "$SRC/tools/gen_hostile.sh" "$DIR" >"$DIR/gen.log" 2>&1; then
  echo "FATAL: tools/gen_hostile.sh failed:" >&2
  cat "$DIR/gen.log" >&2
  exit 2
fi
GOOD_SRC="$SHARED/seed/000_9510d6bfafb4b21a.txt"
[ -f "$GOOD_SRC" ] || GOOD_SRC="$SRC/examples/000_9510d6bfafb4b21a.txt"
R="$DIR/results"
mkdir -p "$R" "$DIR/good"
GOOD="$DIR/good/000_good_page.txt"
cp "$GOOD_SRC" "$GOOD"

# Measures peak RSS (KB) of the command: GNU time when installed, else a python3 wrapper
# reading getrusage(RUSAGE_CHILDREN) (ru_maxrss covers the waited-for descendants).
if [ -x /usr/bin/time ] && /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
  measure() { local rss=$1; shift; /usr/bin/time -f %M -o "$rss" "$@"; }
else
  measure() {
    local rss=$1; shift
    python3 -c '
import resource, subprocess, sys
rc = subprocess.call(sys.argv[2:])
open(sys.argv[1], "w").write("%d\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(rc if rc >= 0 else 128 - rc)' "$rss" "$@"
  }
fi

PASS=0
FAILN=0
# run_case NAME TIMEOUT EXPECTED PATH... : one run of kliping; sets RC, SECS, RSSKB, NREC
run_case() {
  local name=$1 tmo=$2; shift 2
  local t0 t1
  t0=$(date +%s.%N)
  measure "$R/$name.rss" timeout -k 5 "$tmo" "$KLIPING" extract "$@" \
    >"$R/$name.out" 2>"$R/$name.err" </dev/null
  RC=$?
  t1=$(date +%s.%N)
  SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  RSSKB=$(grep -Eo '^[0-9]+' "$R/$name.rss" 2>/dev/null | tail -1)
  RSSKB=${RSSKB:-0}
}

# verdict NAME EXPECTED REASONS... : prints the line and counts
verdict() {
  local name=$1 reasons=$2
  local mb=$((RSSKB / 1024))
  if [ -z "$reasons" ]; then
    PASS=$((PASS + 1))
    printf 'ok    %-28s %6ss %5s MB  exit %s\n' "$name" "$SECS" "$mb" "$RC"
  else
    FAILN=$((FAILN + 1))
    printf 'FAIL  %-28s %6ss %5s MB  exit %s  %s\n' "$name" "$SECS" "$mb" "$RC" "$reasons"
  fi
}

# common checks: time, exit status, memory, output
common_checks() {
  local name=$1 expected=$2 reasons=""
  if [ "$RC" = 124 ] || [ "$RC" = 137 ]; then
    reasons+="timeout; "
  elif [ "$RC" != 0 ] && [ "$RC" != 1 ]; then
    reasons+="exit $RC (crash?); "
  elif [ "$expected" != 01 ] && [ "$RC" != "$expected" ]; then
    reasons+="exit $RC, expected $expected; "
  fi
  [ "$RSSKB" -le $((RSS_MB * 1024)) ] || reasons+="RSS over $RSS_MB MB; "
  if ! python3 "$CHECK" "$R/$name.out" >"$R/$name.chk" 2>&1; then
    reasons+="bad output: $(head -1 "$R/$name.chk"); "
  fi
  printf '%s' "$reasons"
}

# stderr must name PATH when no record came from it
named_if_failed() {
  local name=$1 path=$2
  if ! tail -n +2 "$R/$name.chk" 2>/dev/null | grep -qxF "$path"; then
    grep -qF "$path" "$R/$name.err" || { printf 'no record and no stderr line for %s; ' "${path#$DIR/}"; return; }
  fi
}

while IFS=$'\t' read -r name expected what minrec; do
  path="$DIR/cases/${name%@*}"
  fmt=()
  case "$name" in
    *@html) fmt=(--format html) ;;
    *@big) fmt=(--max-bytes 100M) ;;
  esac
  run_case "$name" "$TMO" "${fmt[@]}" "$path"
  reasons=$(common_checks "$name" "$expected")
  read -r nrec ntext _ <"$R/$name.chk" 2>/dev/null
  case "$nrec" in '' | *[!0-9]*) nrec=0 ntext=0 ;; esac
  case "${minrec:-0}" in
    *t) [ "$ntext" -ge "${minrec%t}" ] || reasons+="$ntext records with text, expected at least ${minrec%t}; " ;;
    *) [ "$nrec" -ge "${minrec:-0}" ] || reasons+="$nrec records, expected at least $minrec; " ;;
  esac
  if [ "$name" = dir_unreadable ]; then
    # the good file must come out; every entry that is not a FIFO/socket (skipped by design
    # inside directories) and gave no record must be named on stderr
    grep -qxF "$path/a_good.txt" "$R/$name.chk" || reasons+="no record for a_good.txt; "
    for e in "$path"/*; do
      [ -p "$e" ] || [ -S "$e" ] && continue
      reasons+=$(named_if_failed "$name" "$e")
    done
  elif [ "$nrec" = 0 ]; then
    grep -qF "$path" "$R/$name.err" || reasons+="no record and no stderr line naming it; "
  fi
  verdict "$name" "$reasons"
done <"$DIR/manifest.tsv"

# all the cases at once (directory recursion included), with a good page among them
run_case mixed "$MIXED_TMO" "$GOOD" "$DIR/cases"
reasons=$(common_checks mixed 01)
grep -qxF "$GOOD" "$R/mixed.chk" || reasons+="no record for the good page; "
while IFS=$'\t' read -r name expected what minrec; do
  case "$name" in dir_unreadable | *@*) continue ;; esac
  reasons+=$(named_if_failed mixed "$DIR/cases/$name")
done <"$DIR/manifest.tsv"
verdict mixed "$reasons"

# every HTML case in one run through the HTML path, on one worker (-j 1) so that one extractor
# sees them all one after another (state left by a page must not hurt the next)
htmls=()
while IFS=$'\t' read -r name expected what minrec; do
  case "$name" in *.html) [ -f "$DIR/cases/$name" ] && htmls+=("$DIR/cases/$name") ;; esac
done <"$DIR/manifest.tsv"
run_case mixed_html "$MIXED_TMO" --format html -j 1 "$GOOD" "${htmls[@]}"
reasons=$(common_checks mixed_html 01)
grep -qxF "$GOOD" "$R/mixed_html.chk" || reasons+="no record for the good page; "
for h in "${htmls[@]}"; do reasons+=$(named_if_failed mixed_html "$h"); done
verdict mixed_html "$reasons"

echo "$PASS passed, $FAILN failed"
[ "$FAILN" -eq 0 ]
