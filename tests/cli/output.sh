# output.sh - where records go: -j N gives the same bytes as -j 1; -o FILE.gz / FILE.zst hold
# exactly what stdout would; --shard-size splits into numbered files of N records in order;
# an interrupted -o run leaves neither a final file nor a temporary one.
. "$SRC/tests/cli/lib.sh"

mkdir -p "$T/in"
n=0
for f in "$SHARED"/bench/aeb-text/*.txt; do
    cp "$f" "$T/in/"
    n=$((n + 1))
    [ $n -ge 40 ] && break
done
for f in "$SHARED"/bench/aeb/html/*.html.gz; do
    cp "$f" "$T/in/"
    n=$((n + 1))
    [ $n -ge 70 ] && break
done

section "the output does not depend on the number of workers"
"$KLIPING" extract -j 1 "$T/in" >"$T/j1.jsonl" 2>/dev/null
check_eq "-j 1 exits 0" 0 "$?"
check_eq "-j 1 writes one record per input" 70 "$(count_lines "$T/j1.jsonl")"
for j in 2 3 8; do
    "$KLIPING" extract -j $j "$T/in" >"$T/j$j.jsonl" 2>/dev/null
    check_true "-j $j output is byte-identical to -j 1" cmp -s "$T/j1.jsonl" "$T/j$j.jsonl"
done
check_eq "records follow the input order (the first input is first)" \
    "$T/in/$(ls "$T/in" | sort | head -1)" \
    "$(head -1 "$T/j1.jsonl" | python3 -c 'import json,sys; print(json.load(sys.stdin)["metadata"]["file"])')"

section "compressed output, chosen by the name"
"$KLIPING" extract -j 2 -o "$T/out.jsonl.gz" "$T/in" 2>/dev/null
check_eq "-o .gz exits 0" 0 "$?"
check_eq "the .gz file is gzip" "1f8b" "$(head -c 2 "$T/out.jsonl.gz" | od -An -tx1 | tr -d ' \n')"
check_true "the .gz file holds exactly the stdout records" cmp -s "$T/j1.jsonl" <(gzip -dc "$T/out.jsonl.gz")
"$KLIPING" extract -o "$T/out.jsonl.zst" "$T/in" 2>/dev/null
check_eq "the .zst file is zstd" "28b52ffd" "$(head -c 4 "$T/out.jsonl.zst" | od -An -tx1 | tr -d ' \n')"
check_true "the .zst file holds exactly the stdout records" cmp -s "$T/j1.jsonl" <(zstd -dcq "$T/out.jsonl.zst")
"$KLIPING" extract -o "$T/plain.jsonl" "$T/in" 2>/dev/null
check_true "a plain -o file holds exactly the stdout records" cmp -s "$T/j1.jsonl" "$T/plain.jsonl"
check_eq "no temporary file is left" "" "$(ls "$T" | grep '\.tmp\.' || true)"

section "shards"
mkdir -p "$T/sh"
"$KLIPING" extract -j 2 --shard-size 30 -o "$T/sh/part.jsonl.zst" "$T/in" 2>/dev/null
check_eq "--shard-size exits 0" 0 "$?"
check_eq "70 records in shards of 30 make 3 files" \
    "part-00000.jsonl.zst part-00001.jsonl.zst part-00002.jsonl.zst" "$(ls "$T/sh" | tr '\n' ' ' | sed 's/ $//')"
check_eq "the first shard holds 30 records" 30 "$(zstd -dcq "$T/sh/part-00000.jsonl.zst" | wc -l | tr -d ' ')"
check_eq "the last shard holds the other 10" 10 "$(zstd -dcq "$T/sh/part-00002.jsonl.zst" | wc -l | tr -d ' ')"
check_true "the shards, in order, hold exactly the stdout records" cmp -s "$T/j1.jsonl" \
    <(for f in "$T"/sh/part-0000{0,1,2}.jsonl.zst; do zstd -dcq "$f"; done)
"$KLIPING" extract --shard-size 10 "$T/in" >/dev/null 2>"$T/sh.err"
check_eq "--shard-size without -o is a usage error" 2 "$?"

section "progress and summary on a terminal only"
python3 "$SRC/tools/warcgen.py" --gzip --repeat 3 -o "$T/p.warc.gz" "$T/in" 2>/dev/null
"$KLIPING" extract "$T/p.warc.gz" >/dev/null 2>"$T/notty.err"
check_eq "stderr is not a terminal: no progress line, only the summary" 1 "$(count_lines "$T/notty.err")"
check_contains "the summary counts the skipped warcinfo record" "$(cat "$T/notty.err")" "skipped (warc_warcinfo 1)"
if command -v script >/dev/null; then
    script -qec "'$KLIPING' extract '$T/p.warc.gz' >/dev/null" /dev/null >"$T/tty.out" 2>&1
    check_contains "on a terminal: a progress line with records, MB/s and an ETA" \
        "$(tr '\r' '\n' <"$T/tty.out")" ", ETA "
    check_contains "on a terminal: a summary line with skipped records by reason" \
        "$(tr '\r' '\n' <"$T/tty.out")" "skipped (warc_warcinfo 1"
    script -qec "'$KLIPING' extract -q '$T/p.warc.gz' >/dev/null" /dev/null >"$T/ttyq.out" 2>&1
    check_eq "-q on a terminal: nothing" "" "$(tr -d '\r\n' <"$T/ttyq.out")"
fi
"$KLIPING" extract "$T/in" >/dev/null 2>"$T/v.err"
check_contains "the summary gives records in and out" "$(cat "$T/v.err")" "70 records in, 70 out"
"$KLIPING" extract -q "$T/in" >/dev/null 2>"$T/q.err"
check_eq "-q: no summary" "" "$(cat "$T/q.err")"

section "an interrupted run leaves no file behind"
# a FIFO with no writer blocks the reader: the run is surely still going when the signal comes
for sig in INT TERM; do
    mkfifo "$T/fifo$sig"
    "$KLIPING" extract -o "$T/sig$sig.jsonl" "$T/in" "$T/fifo$sig" >/dev/null 2>&1 &
    pid=$!
    for _ in $(seq 1 50); do
        ls "$T" | grep -q "sig$sig.jsonl.tmp" && break
        sleep 0.1
    done
    check_true "SIG$sig: the temporary file exists while the run goes on" \
        sh -c "ls '$T' | grep -q 'sig$sig.jsonl.tmp'"
    kill -s "$sig" "$pid"
    wait "$pid" 2>/dev/null
    check_eq "SIG$sig: no file under the final name" "" "$(ls "$T" | grep -x "sig$sig.jsonl" || true)"
    check_eq "SIG$sig: no temporary file left" "" "$(ls "$T" | grep "sig$sig.jsonl.tmp" || true)"
done

finish
