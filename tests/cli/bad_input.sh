# bad_input.sh - robustness of `kliping extract` on bad inputs. Each bad input (binary data,
# invalid UTF-8, NUL bytes, an empty file, a 50 MB line, a missing path) gets one clear line
# on stderr naming it, the run goes on with the next input, the exit status tells whether
# any input failed, and stdout is always valid UTF-8 JSON, one record per line.
. "$SRC/tests/cli/lib.sh"

SEED="$SHARED/seed/000_9510d6bfafb4b21a.txt"
ARTICLE="$SRC/tests/fixtures/article_en.txt"
[ -f "$SEED" ] || { echo "FATAL: missing $SEED"; exit 1; }
[ -f "$ARTICLE" ] || { echo "FATAL: missing $ARTICLE"; exit 1; }

D="$T/in"
mkdir -p "$D"
cp "$SEED" "$D/good1.txt"
cp "$SEED" "$D/good2.txt"

# ---- generate the inputs ----------------------------------------------------------------
python3 - "$D" "$ARTICLE" <<'EOF'
import os, random, sys
d, article = sys.argv[1], sys.argv[2]
src = open(article, "rb").read()

# 100 000 random bytes (seeded: the same bytes on every run). ~10.5% of them are C0
# control bytes, far more than any text has; make sure it does not start like gzip/zstd.
rnd = random.Random(20240304)
data = bytearray(rnd.getrandbits(8) for _ in range(100000))
data[0] = 0x7F
open(os.path.join(d, "rand.bin"), "wb").write(bytes(data))

# an ELF-like executable: header, NUL padding, a few strings, more NULs
elf = bytearray(b"\x7fELF\x02\x01\x01" + b"\x00" * 9 + b"\x02\x00\x3e\x00\x01\x00\x00\x00")
elf += b"\x00" * 2000 + b"GCC: (Debian 12.2.0-14) 12.2.0\x00main\x00printf\x00" + b"\x00" * 6000
open(os.path.join(d, "elf.bin"), "wb").write(bytes(elf))

def sub(b, old, new):
    assert old in b, old
    return b.replace(old, new, 1)

# invalid UTF-8 in the middle of sentences; the file also holds more valid multi-byte
# characters (9+) than invalid bytes (6), so it is read as UTF-8, not as windows-1252.
inv = src
inv = sub(inv, b"buy new books and", b"buy new books\xff\xfe and")            # invalid bytes
inv = sub(inv, b"by a wide margin", b"by a wide\xc0\xaf margin")              # overlong '/'
inv = sub(inv, b"meet their neighbours", b"meet their\x80 neighbours")        # lone continuation
inv = sub(inv, b"for another year.", b"for another\xbf year. The caf\xc3\xa9 next to the "
          b"main library, run by Zo\xc3\xab M\xc3\xbcller, will serve \xe2\x80\x9cfree "
          b"coffee\xe2\x80\x9d to readers \xe2\x80\x94 and the r\xc3\xa9sum\xc3\xa9 "
          b"workshop will return \xe2\x80\x94 the city said.")
open(os.path.join(d, "invalid.txt"), "wb").write(inv)

# NUL bytes inside words
nul = src
nul = sub(nul, b"the libraries were among", b"the lib\x00raries were among")
nul = sub(nul, b"older residents", b"older resi\x00\x00dents")
nul = sub(nul, b"city council voted", b"city coun\x00cil voted")
open(os.path.join(d, "nul.txt"), "wb").write(nul)

open(os.path.join(d, "empty.txt"), "wb").close()

# one line of 50 MB (52 428 800 bytes), newline at the end only
unit = b"the quick brown fox jumps over the lazy dog and runs away, "
n = 50 * 1024 * 1024
with open(os.path.join(d, "huge.txt"), "wb") as f:
    f.write((unit * (n // len(unit) + 1))[: n - 1] + b"\n")
EOF
[ $? -eq 0 ] || { echo "FATAL: could not generate inputs"; exit 1; }

# A JSONL checker: every line strict UTF-8, valid JSON, an object with id/text/metadata.
# Prints one metadata.file per record (or "-" when absent).
cat >"$T/jsonl.py" <<'EOF'
import json, sys
raw = open(sys.argv[1], "rb").read()
try:
    s = raw.decode("utf-8")
except UnicodeDecodeError as e:
    print("NOT-UTF8: %s" % e)
    sys.exit(1)
if s and not s.endswith("\n"):
    print("NO-FINAL-NEWLINE")
    sys.exit(1)
for i, line in enumerate(s.split("\n")[:-1], 1):
    try:
        r = json.loads(line)
    except ValueError as e:
        print("BAD-JSON line %d: %s" % (i, e))
        sys.exit(1)
    if not (isinstance(r, dict) and isinstance(r.get("id"), str) and
            isinstance(r.get("text"), str) and isinstance(r.get("metadata"), dict)):
        print("BAD-SHAPE line %d" % i)
        sys.exit(1)
    print(r["metadata"].get("file", "-"))
EOF

# ---- one mixed run ----------------------------------------------------------------------
section "mixed run: good1 rand.bin elf.bin invalid nul empty huge missing good2"
INPUTS="$D/good1.txt $D/rand.bin $D/elf.bin $D/invalid.txt $D/nul.txt $D/empty.txt $D/huge.txt $D/missing.txt $D/good2.txt"
# shellcheck disable=SC2086
"$KLIPING" extract $INPUTS >"$T/mixed.out" 2>"$T/mixed.err"
rc=$?
echo "  stderr was:"
sed 's/^/    | /' "$T/mixed.err"
check_eq "exit status is 1 (some inputs failed)" 1 "$rc"

files=$(python3 "$T/jsonl.py" "$T/mixed.out")
prc=$?
check_eq "every stdout line is strict UTF-8 JSON with id/text/metadata" 0 "$prc"
check_eq "records for good1, invalid, nul, good2 in argument order" \
    "$(printf '%s\n' "$D/good1.txt" "$D/invalid.txt" "$D/nul.txt" "$D/good2.txt")" "$files"

for f in rand.bin elf.bin empty.txt huge.txt missing.txt; do
    n=$(grep -cF -- "$D/$f" "$T/mixed.err")
    check_eq "exactly one stderr line names the failed input $f" 1 "$n"
    line=$(grep -F -- "$D/$f" "$T/mixed.err" | head -n 1)
    check_not_contains "the line for $f is an error, not a warning" "$line" "warning:"
done
check_contains "rand.bin is reported as binary" "$(grep -F "$D/rand.bin" "$T/mixed.err")" "binary"
check_contains "elf.bin is reported as binary" "$(grep -F "$D/elf.bin" "$T/mixed.err")" "binary"
check_contains "empty.txt is reported as empty" "$(grep -F "$D/empty.txt" "$T/mixed.err")" "empty"
check_contains "huge.txt is reported as over the size limit" "$(grep -F "$D/huge.txt" "$T/mixed.err")" "limit"
check_contains "missing.txt is reported as missing" "$(grep -F "$D/missing.txt" "$T/mixed.err")" "No such file"
for f in good1.txt good2.txt; do
    check_eq "no stderr line for $f" 0 "$(grep -cF -- "$D/$f" "$T/mixed.err")"
done
for f in invalid.txt nul.txt; do
    n=$(grep -F -- "$D/$f" "$T/mixed.err" | grep -c "warning:")
    check_true "a warning: line names the repaired input $f" test "$n" -ge 1
    check_eq "no error (non-warning) line for the repaired input $f" 0 \
        "$(grep -F -- "$D/$f" "$T/mixed.err" | grep -vc "warning:")"
done
check_contains "the warning for invalid.txt says invalid UTF-8 was replaced" \
    "$(grep -F "$D/invalid.txt" "$T/mixed.err")" "invalid UTF-8"
check_contains "the warning for nul.txt says NUL bytes were removed" \
    "$(grep -F "$D/nul.txt" "$T/mixed.err")" "NUL"
check_eq "every stderr line starts with 'kliping: '" 0 "$(grep -vc '^kliping: ' "$T/mixed.err")"

section "repaired texts"
# invalid.txt is record 2, nul.txt record 3. Each invalid byte becomes U+FFFD (the library's
# contract: "replaces invalid sequences with U+FFFD"); the valid characters stay.
inv_text=$(json_field "$T/mixed.out" 2 'r["text"]')
check_contains "\\xff\\xfe became two U+FFFD" "$inv_text" "buy new books"$'\xef\xbf\xbd\xef\xbf\xbd'" and"
check_contains "overlong \\xc0\\xaf became two U+FFFD (not '/')" "$inv_text" "by a wide"$'\xef\xbf\xbd\xef\xbf\xbd'" margin"
check_contains "lone continuation \\x80 became U+FFFD" "$inv_text" "meet their"$'\xef\xbf\xbd'" neighbours"
check_contains "lone continuation \\xbf became U+FFFD" "$inv_text" "for another"$'\xef\xbf\xbd'" year."
check_contains "valid UTF-8 next to the bad bytes is kept" "$inv_text" "caf"$'\xc3\xa9'" next to the main library, run by Zo"$'\xc3\xab'" M"$'\xc3\xbc'"ller"
check_not_contains "no windows-1252 decoding of the bad bytes (no 'ÿþ')" "$inv_text" $'\xc3\xbf\xc3\xbe'
nul_text=$(json_field "$T/mixed.out" 3 'r["text"]')
check_contains "NUL inside 'lib\\0raries' dropped, word rejoined" "$nul_text" "the libraries were among"
check_contains "two NULs inside 'resi\\0\\0dents' dropped" "$nul_text" "older residents"
check_contains "NUL inside 'coun\\0cil' dropped" "$nul_text" "The city council voted"
check_not_contains "no \\u0000 escape anywhere in the output" "$(cat "$T/mixed.out")" '\u0000'
good_id=$(json_field "$T/mixed.out" 1 'r["id"]')
check_eq "good1 and good2 (same bytes) have the same id" "$good_id" "$(json_field "$T/mixed.out" 4 'r["id"]')"

section "a 50 MB line under a larger --max-bytes is cut to max_line_bytes (1 MB) and kept"
"$KLIPING" extract --max-bytes 64M "$D/huge.txt" >"$T/huge.out" 2>"$T/huge.err"
rc=$?
check_eq "exit status 0" 0 "$rc"
check_eq "one record" 1 "$(count_lines "$T/huge.out")"
tlen=$(json_field "$T/huge.out" 1 'str(len(r["text"].encode("utf-8")))')
check_true "text is non-empty and at most 1 MB (got $tlen bytes)" test "$tlen" -gt 0 -a "$tlen" -le 1048576
check_contains "stderr warns that the long line was cut" "$(cat "$T/huge.err")" "warning: over-long line cut"
check_contains "the warning names the input" "$(cat "$T/huge.err")" "$D/huge.txt"

# ---- exit statuses ----------------------------------------------------------------------
section "exit statuses"
"$KLIPING" extract "$D/good1.txt" "$D/good2.txt" >"$T/good.out" 2>"$T/good.err"
check_eq "all-good run exits 0" 0 "$?"
check_eq "all-good run: 2 records" 2 "$(count_lines "$T/good.out")"
check_eq "all-good run: only the summary on stderr, with no failure" 1 \
    "$(grep -c '^kliping: [0-9]* records in, [0-9]* out, 0 skipped, 0 failed' "$T/good.err")"
check_eq "all-good run: nothing else on stderr" 1 "$(count_lines "$T/good.err")"

"$KLIPING" extract "$D/invalid.txt" >/dev/null 2>&1
check_eq "a repaired input alone is not a failure: exit 0" 0 "$?"

"$KLIPING" extract "$D/empty.txt" >"$T/e.out" 2>/dev/null
check_eq "an empty input alone: exit 1" 1 "$?"
check_eq "an empty input alone: no output" "" "$(cat "$T/e.out")"

"$KLIPING" extract --no-such-option "$D/good1.txt" >"$T/u.out" 2>"$T/u.err"
check_eq "unknown option exits 2" 2 "$?"
check_contains "unknown option is named on stderr" "$(cat "$T/u.err")" "--no-such-option"
check_eq "unknown option: nothing on stdout" "" "$(cat "$T/u.out")"

"$KLIPING" extract --format xml "$D/good1.txt" >"$T/x.out" 2>"$T/x.err"
check_eq "--format xml exits 2" 2 "$?"
check_contains "--format xml: the bad value is named" "$(cat "$T/x.err")" "xml"
check_eq "--format xml: nothing on stdout" "" "$(cat "$T/x.out")"

"$KLIPING" extract --format >/dev/null 2>&1
check_eq "--format without a value exits 2" 2 "$?"

# ---- -o FILE ---------------------------------------------------------------------------
section "-o FILE"
mkdir -p "$T/o"
"$KLIPING" extract "$D/good1.txt" "$D/nul.txt" "$D/good2.txt" >"$T/o/stdout.jsonl" 2>/dev/null
"$KLIPING" extract -o "$T/o/out.jsonl" "$D/good1.txt" "$D/nul.txt" "$D/good2.txt" >"$T/o/o.stdout" 2>/dev/null
check_eq "-o run exits 0" 0 "$?"
check_file_exists "-o FILE exists" "$T/o/out.jsonl"
check_true "-o FILE has the same bytes as stdout would" cmp "$T/o/stdout.jsonl" "$T/o/out.jsonl"
check_eq "-o: nothing on stdout" "" "$(cat "$T/o/o.stdout")"
check_eq "-o: no FILE.tmp.* left behind" "" "$(ls "$T/o" | grep -F 'out.jsonl.tmp.')"

"$KLIPING" extract -o "$T/o/partial.jsonl" "$D/good1.txt" "$D/missing.txt" >/dev/null 2>&1
check_eq "-o with a failed input exits 1" 1 "$?"
check_eq "-o with a failed input still writes the good record" 1 "$(count_lines "$T/o/partial.jsonl")"
check_eq "-o with a failed input: no FILE.tmp.* left behind" "" "$(ls "$T/o" | grep -F 'partial.jsonl.tmp.')"

"$KLIPING" extract -o "$T/o/no-such-dir/x.jsonl" "$D/good1.txt" >/dev/null 2>"$T/o/nodir.err"
check_eq "-o into a missing directory exits 3 (fatal)" 3 "$?"
check_contains "-o into a missing directory names the output" "$(cat "$T/o/nodir.err")" "$T/o/no-such-dir/x.jsonl"

"$KLIPING" extract -o "$T/o" "$D/good1.txt" >/dev/null 2>"$T/o/isdir.err"
check_eq "-o onto an existing directory exits 3 (fatal)" 3 "$?"
check_eq "-o onto an existing directory: exactly one stderr line" 1 "$(count_lines "$T/o/isdir.err")"
check_contains "-o onto an existing directory: the line names the output" "$(cat "$T/o/isdir.err")" "$T/o"
check_eq "-o onto an existing directory: no temporary file left next to it" "" "$(ls -a "$T" | grep -F 'o.tmp.')"

# interrupted while waiting on a FIFO: the temporary file goes, the final name never appears
mkfifo "$T/o/fifo"
"$KLIPING" extract -o "$T/o/sig.jsonl" "$D/good1.txt" "$T/o/fifo" >/dev/null 2>&1 &
kpid=$!
for _ in $(seq 1 100); do
    ls "$T/o" | grep -qF 'sig.jsonl.tmp.' && break
    sleep 0.05
done
check_true "-o writes to a temporary FILE.tmp.* while running" sh -c "ls '$T/o' | grep -qF 'sig.jsonl.tmp.'"
kill -TERM "$kpid"
wait "$kpid"
rc=$?
check_eq "SIGTERM ends the run by the signal (status 128+15)" 143 "$rc"
check_eq "after SIGTERM: no FILE.tmp.* left behind" "" "$(ls "$T/o" | grep -F 'sig.jsonl.tmp.')"
check_true "after SIGTERM: the final FILE does not exist" test ! -e "$T/o/sig.jsonl"

# ---- closed pipe -----------------------------------------------------------------------
section "output to a closed pipe"
mkdir -p "$T/big"
for i in $(seq -w 1 400); do cp "$SEED" "$T/big/p$i.txt"; done
"$KLIPING" extract "$T/big" 2>"$T/pipe.err" | head -c 10 >"$T/pipe.out"
rc=${PIPESTATUS[0]}
check_eq "head got its 10 bytes" 10 "$(wc -c <"$T/pipe.out" | tr -d ' ')"
check_eq "kliping exits 0 on a closed pipe" 0 "$rc"
check_eq "nothing on stderr on a closed pipe" "" "$(cat "$T/pipe.err")"

section "a file name with invalid UTF-8 still gives valid UTF-8 JSON"
cp "$SEED" "$T/name_"$'\xff\xfe'"_x.txt"
"$KLIPING" extract "$T/name_"$'\xff\xfe'"_x.txt" >"$T/name.out" 2>/dev/null
check_eq "exit 0" 0 "$?"
python3 "$T/jsonl.py" "$T/name.out" >/dev/null
check_eq "the record is strict UTF-8 JSON" 0 "$?"

section "pathological HTML: deep nesting, unclosed tags, a 5 MB attribute"
mkdir -p "$T/html"
python3 - "$T/html" <<'PYEOF'
import os, sys
d = sys.argv[1]
para = ("<p>The city council voted on Monday evening to approve a plan that will rebuild the old "
        "harbour bridge, which has been closed to traffic since a winter storm.</p>")
n = 200000
open(os.path.join(d, "deep.html"), "w").write(
    "<!DOCTYPE html><html><body>" + "<div>" * n + para + "</div>" * n + "</body></html>")
open(os.path.join(d, "unclosed.html"), "w").write(
    "<!DOCTYPE html><html><body>" + para + "<p><b><i><span>word " * 50000)
open(os.path.join(d, "tables.html"), "w").write(
    "<!DOCTYPE html><html><body>" + para + "<table><tr><td>" * 20000 + "cell")
open(os.path.join(d, "attr.html"), "w").write(
    '<!DOCTYPE html><html><body><p title="' + "x" * 5000000 + '">' + para[3:])
PYEOF
timeout 120 "$KLIPING" extract "$T/html" >"$T/html.out" 2>"$T/html.err"
check_eq "pathological HTML: exit 0" 0 "$?"
check_eq "pathological HTML: four records" 4 "$(count_lines "$T/html.out")"
python3 "$T/jsonl.py" "$T/html.out" >/dev/null
check_eq "pathological HTML: valid UTF-8 JSON" 0 "$?"
for k in 1 2 3 4; do
    check_contains "pathological HTML record $k keeps the paragraph" \
        "$(json_field "$T/html.out" $k 'r["text"]')" "rebuild the old harbour bridge"
done

section "fuzzed inputs: every input gives one record or one error line"
mkdir -p "$T/fuzz"
python3 - "$T/fuzz" "$SEED" "$ARTICLE" <<'PYEOF'
import os, random, sys
out, seed, article = sys.argv[1], sys.argv[2], sys.argv[3]
html = (b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Harbour Bridge</title>"
        b"</head><body><nav><a href=\"/\">Home</a></nav><article><h1>Harbour Bridge</h1>"
        b"<p>The city council voted on Monday evening to approve a plan that will rebuild the "
        b"old harbour bridge, which has been closed to traffic since a winter storm.</p>"
        b"<p>Engineers told the council that the work would take about eighteen months.</p>"
        b"</article><footer>Copyright 2024</footer></body></html>\n")
bases = [open(seed, "rb").read(), open(article, "rb").read(), html]
junk = [b"\x00", b"\xff", b"\xfe", b"\x80", b"\xc0\xaf", b"\xed\xa0\x80", b"\x1b[31m",
        b"\r", b"\r\n", b"\t", b"\x01", b"\x7f", b"\xc2\x85", b"\xe2\x80\xa8", b"\xef\xbb\xbf",
        b"<", b">", b"&amp;", b"<script>", b"</p>", b"<!--", b"\"", b"\\", b"\xf0\x9f\x98",
        b"\n\n\n", b" " * 300, b"\xc3"]
rnd = random.Random(4242)
for i in range(240):
    b = bytearray(rnd.choice(bases))
    kind = i % 6
    if kind == 0:    # random byte flips
        for _ in range(rnd.randint(1, 40)):
            b[rnd.randrange(len(b))] = rnd.randrange(256)
    elif kind == 1:  # junk inserted
        for _ in range(rnd.randint(1, 30)):
            k = rnd.randrange(len(b) + 1)
            b[k:k] = rnd.choice(junk)
    elif kind == 2:  # truncated anywhere
        del b[rnd.randrange(len(b) + 1):]
    elif kind == 3:  # slices and repeats
        a = rnd.randrange(len(b) + 1)
        b = b[a:a + rnd.randint(0, 400)] * rnd.randint(1, 50)
    elif kind == 4:  # UTF-16 with a BOM, sometimes with an odd byte
        t = bytes(b).decode("utf-8", "replace")
        enc = rnd.choice(["utf-16-le", "utf-16-be"])
        bom = b"\xff\xfe" if enc.endswith("le") else b"\xfe\xff"
        b = bytearray(bom + t.encode(enc, "surrogatepass"))
        if rnd.random() < 0.5:
            b += b"\x00"
    else:            # all whitespace / controls / nothing
        b = bytearray(rnd.choice([b"", b"\n" * 50, b" \t\r\n" * 40, b"\x00" * 10,
                                  b"\x01\x02\x03" * 100, b"...\n|\n", b"<html></html>"]))
    with open(os.path.join(out, "f%03d.txt" % i), "wb") as f:
        f.write(bytes(b))
PYEOF
nfiles=$(ls "$T/fuzz" | wc -l | tr -d ' ')
timeout 120 "$KLIPING" extract "$T/fuzz" >"$T/fuzz.out" 2>"$T/fuzz.err"
rc=$?
check_true "exit status is 0 or 1 (no crash, no hang; got $rc)" test "$rc" -eq 0 -o "$rc" -eq 1
python3 "$T/jsonl.py" "$T/fuzz.out" >"$T/fuzz.files"
check_eq "fuzzed: every stdout line is strict UTF-8 JSON" 0 "$?"
nrec=$(count_lines "$T/fuzz.files")
# every line but the warnings and the closing summary is an error about one input
nerr=$(grep -v "warning:" "$T/fuzz.err" | grep -vc "^kliping: [0-9]* records in, ")
echo "  ($nfiles inputs: $nrec records, $nerr error lines)"
check_eq "fuzzed: records + error lines == inputs" "$nfiles" "$((nrec + nerr))"
dups=$( { cat "$T/fuzz.files"; grep -v "warning:" "$T/fuzz.err" | sed -n "s|^kliping: \($T/fuzz/[^:]*\): .*|\1|p"; } | sort | uniq -d)
check_eq "fuzzed: no input has both a record and an error, or two of either" "" "$dups"
check_eq "fuzzed: exit status 1 exactly when an input failed" "$([ "$nerr" -gt 0 ] && echo 1 || echo 0)" "$rc"
check_eq "fuzzed: records in name order" "$(sort "$T/fuzz.files")" "$(cat "$T/fuzz.files")"

finish
