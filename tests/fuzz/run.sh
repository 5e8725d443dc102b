#!/bin/bash
# run.sh [SECONDS] [TARGET...] - configures build-fuzz (clang, libFuzzer, ASan+UBSan), builds the
# fuzz_* binaries and runs each for SECONDS (default 60) on its seed corpus, one at a time,
# then prints executions per second and the corpus size. Grown corpora go to $KLP_FUZZ_WORK.
set -u
SECS=${1:-60}
shift || true
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${KLP_FUZZ_BUILD:-$SRC/build-fuzz}
WORK=${KLP_FUZZ_WORK:-${TMPDIR:-/tmp}/klp-fuzz}
JOBS=${JOBS:-1}
NICE=${KLP_FUZZ_NICE:-19}
# a memcpy overlap inside MyHTML (Debian libmodest) is suppressed as in `make test`
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}suppressions=$SRC/tests/asan.supp"
# KLP_FUZZ_FORK=1: keep fuzzing after a crash (libFuzzer fork mode, one job); crashes are
# collected in $WORK/TARGET/artifacts and reported at the end
FORK=()
[ "${KLP_FUZZ_FORK:-0}" = 1 ] && FORK=(-fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1)

if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S "$SRC" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DKLP_FUZZ=ON -DKLP_SANITIZE=ON -DKLP_WERROR=OFF >/dev/null || exit 3
fi
if [ $# -gt 0 ]; then TARGETS="$*"; else
  TARGETS=$(cd "$SRC/tests/fuzz" && for f in *.c; do t=${f%.c}; [ "$t" = replay ] || echo "$t"; done)
fi
mkdir -p "$WORK" || exit 3
BUILT=""
for t in $TARGETS; do
  if nice -n "$NICE" cmake --build "$BUILD" -j "$JOBS" --target "fuzz_$t" >"$WORK/build-$t.log" 2>&1; then
    BUILT="$BUILT $t"
  else
    echo "fuzz_$t: not built (see $WORK/build-$t.log; warc/jsonl need src/io/klp_warc.h, klp_jsonl.h)"
  fi
done

fail=0
for t in $BUILT; do
  bin="$BUILD/tests/fuzz/fuzz_$t"
  mkdir -p "$WORK/$t/corpus" "$WORK/$t/artifacts"
  dict=()
  [ -f "$SRC/tests/fuzz/$t.dict" ] && dict=(-dict="$SRC/tests/fuzz/$t.dict")
  log="$WORK/$t/fuzz.log"
  # new inputs go to the first directory (outside the repo); the seeds are only read
  touch "$WORK/$t/.start"
  timeout $((SECS + 120)) nice -n "$NICE" "$bin" "${dict[@]}" "${FORK[@]}" -max_total_time="$SECS" \
    -timeout=20 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$WORK/$t/artifacts/" "$WORK/$t/corpus" "$SRC/tests/fuzz/corpus/$t" \
    >"$log" 2>&1
  rc=$?
  # the final stats (-print_final_stats=1); in fork mode the parent's last "#N: ..." line
  execs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  if [ ${#FORK[@]} -gt 0 ] || [ -z "$runs" ]; then
    runs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    [ -n "$runs" ] && execs=$((runs / (SECS > 0 ? SECS : 1)))
  fi
  corp=$(grep -oE 'corp: [0-9]+(/[0-9]+[a-zA-Z]*)?' "$log" | tail -1 | cut -d' ' -f2)
  ncrash=$(find "$WORK/$t/artifacts" -type f -newer "$WORK/$t/.start" | wc -l)
  files=$(find "$WORK/$t/corpus" "$SRC/tests/fuzz/corpus/$t" -type f | wc -l)
  bytes=$(find "$WORK/$t/corpus" "$SRC/tests/fuzz/corpus/$t" -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}')
  status=ok
  if [ "$ncrash" -gt 0 ]; then
    status="$ncrash CRASH/LEAK/TIMEOUT inputs in $WORK/$t/artifacts (log $log)"
    fail=1
  elif [ $rc -ne 0 ]; then
    status="FAILED rc=$rc (log $log)"
    fail=1
  fi
  printf 'fuzz_%-8s %ss  %s execs  %s exec/s  corpus %s inputs (libFuzzer corp: %s), %s bytes  %s\n' \
    "$t" "$SECS" "${runs:-?}" "${execs:-?}" "$files" "${corp:-?}" "$bytes" "$status"
done
exit $fail
