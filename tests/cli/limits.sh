# limits.sh - per-record limits: each one hit gives one clear stderr line naming the input and
# the limit, the record is skipped (never cut), and the run goes on with the next input.
. "$SRC/tests/cli/lib.sh"

SEED="$SHARED/seed/000_9510d6bfafb4b21a.txt"
python3 -c "print('<html><body>' + '<p>word and more words here.</p>' * 3000 + '</body></html>')" >"$T/many.html"
python3 -c "print('<html><body>' + ''.join('<p>Paragraph %d holds a sentence that is long enough to be read as prose by the extractor.</p>' % i for i in range(60000)) + '</body></html>')" >"$T/big.html"

section "element count"
"$KLIPING" extract --max-nodes 1000 "$T/many.html" "$SEED" >"$T/n.out" 2>"$T/n.err"
check_eq "exit 1: one input failed" 1 "$?"
check_contains "the line names the input and the limit" "$(grep -F "$T/many.html" "$T/n.err")" "more than 1000 elements (--max-nodes)"
check_eq "the next input still gives its record" 1 "$(count_lines "$T/n.out")"
"$KLIPING" extract "$T/many.html" >/dev/null 2>&1
check_eq "under the default limit the page goes through" 0 "$?"

section "nesting depth"
python3 -c "print('<html><body>' + '<div>' * 5000 + '<p>Inside the deep nest there is a long sentence of text that the page is about.</p>' + '</div>' * 5000 + '</body></html>')" >"$T/deep.html"
"$KLIPING" extract "$T/deep.html" >"$T/d.out" 2>"$T/d.err"
check_eq "a page nested 5000 deep is extracted (exit 0)" 0 "$?"
check_contains "with a warning naming it and the depth bound" "$(grep -F "$T/deep.html" "$T/d.err")" "nested too deep were flattened"
check_contains "and its text" "$(cat "$T/d.out")" "Inside the deep nest"

section "text size"
"$KLIPING" extract --max-text-bytes 1K "$SEED" >"$T/t.out" 2>"$T/t.err"
check_eq "exit 1" 1 "$?"
check_contains "the line says the text is over the limit" "$(cat "$T/t.err")" "extracted text over 1024 bytes (--max-text-bytes)"
check_eq "no record, rather than a cut one" 0 "$(count_lines "$T/t.out")"

section "time per page"
"$KLIPING" extract --timeout 0.001 "$T/big.html" "$SEED" >"$T/s.out" 2>"$T/s.err"
check_eq "exit 1" 1 "$?"
check_contains "a page over 1 ms is reported" "$(grep -F "$T/big.html" "$T/s.err")" "time limit of 1 ms (--timeout)"
"$KLIPING" extract --timeout 0 --max-text-bytes 64M "$T/big.html" >/dev/null 2>&1
check_eq "--timeout 0 means no limit" 0 "$?"
"$KLIPING" extract --timeout soon "$SEED" >/dev/null 2>&1
check_eq "a bad --timeout is a usage error" 2 "$?"

finish
