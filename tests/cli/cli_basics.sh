# cli_basics.sh - the kliping command line: --version/--help, stdin input, compressed inputs
# recognized by their bytes, directories read recursively in name order, --format.
. "$SRC/tests/cli/lib.sh"

SEED="$SHARED/seed/000_9510d6bfafb4b21a.txt"
ARTICLE="$SRC/tests/fixtures/article_en.txt"
[ -f "$SEED" ] || { echo "FATAL: missing $SEED"; exit 1; }
[ -f "$ARTICLE" ] || { echo "FATAL: missing $ARTICLE"; exit 1; }

section "--version / --help"
out=$("$KLIPING" --version 2>&1)
check_eq "--version exits 0" 0 "$?"
check_eq "--version prints 'kliping 0.1.0'" "kliping 0.1.0" "$out"
out=$("$KLIPING" --help 2>/dev/null)
check_eq "--help exits 0" 0 "$?"
check_contains "--help lists the extract command" "$out" "extract"
out=$("$KLIPING" extract --help 2>/dev/null)
check_eq "extract --help exits 0" 0 "$?"
check_contains "extract --help mentions --format" "$out" "--format"
check_contains "extract --help mentions -o/--output" "$out" "--output"
"$KLIPING" >/dev/null 2>&1
check_eq "no command: usage error, exit 2" 2 "$?"
err=$("$KLIPING" frobnicate 2>&1 >/dev/null)
check_eq "unknown command: exit 2" 2 "$?"
check_contains "unknown command is named on stderr" "$err" "frobnicate"

# reference record of the plain seed
"$KLIPING" extract "$SEED" >"$T/plain.jsonl" 2>/dev/null
check_eq "plain seed: exit 0" 0 "$?"
REF_TEXT=$(json_field "$T/plain.jsonl" 1 'r["text"]')
REF_ID=$(json_field "$T/plain.jsonl" 1 'r["id"]')
REF_TITLE=$(json_field "$T/plain.jsonl" 1 'r["metadata"]["title"]')
check_ne "reference text is not empty" "" "$REF_TEXT"

section "stdin"
cat "$SEED" | "$KLIPING" extract - >"$T/stdin1.jsonl" 2>"$T/stdin1.err"
check_eq "'-' reads stdin: exit 0" 0 "$?"
check_eq "'-': one record" 1 "$(count_lines "$T/stdin1.jsonl")"
check_eq "'-': same text as the file" "$REF_TEXT" "$(json_field "$T/stdin1.jsonl" 1 'r["text"]')"
check_eq "'-': same id as the file (hash of the same bytes)" "$REF_ID" "$(json_field "$T/stdin1.jsonl" 1 'r["id"]')"
check_eq "'-': no metadata.file" "<absent>" "$(json_field "$T/stdin1.jsonl" 1 'r["metadata"].get("file", "<absent>")')"
cat "$SEED" | "$KLIPING" extract >"$T/stdin2.jsonl" 2>/dev/null
check_eq "no argument reads stdin: exit 0" 0 "$?"
check_eq "no argument: same text as the file" "$REF_TEXT" "$(json_field "$T/stdin2.jsonl" 1 'r["text"]')"
cp "$ARTICLE" "$T/article.txt"
cat "$SEED" | "$KLIPING" extract "$T/article.txt" - "$T/article.txt" >"$T/mixed.jsonl" 2>/dev/null
check_eq "file, '-', file: three records" 3 "$(count_lines "$T/mixed.jsonl")"
check_eq "file, '-', file: stdin's record is second" "$REF_ID" "$(json_field "$T/mixed.jsonl" 2 'r["id"]')"
check_eq "file, '-', file: first record is the file" "$T/article.txt" "$(json_field "$T/mixed.jsonl" 1 'r["metadata"].get("file")')"
"$KLIPING" extract </dev/null >"$T/stdin3.jsonl" 2>"$T/stdin3.err"
check_eq "empty stdin: exit 1" 1 "$?"
check_eq "empty stdin: no record" 0 "$(count_lines "$T/stdin3.jsonl")"
check_contains "empty stdin: the error names '-'" "$(cat "$T/stdin3.err")" "kliping: -: "

section "compressed inputs are recognized by their bytes"
gzip -c <"$SEED" >"$T/seed_gzip.txt"
zstd -q -c <"$SEED" >"$T/seed_zstd.txt"
gzip -c <"$SEED" >"$T/seed.txt.gz"
# two gzip members: the first half and the second half of the file
head -c 1500 "$SEED" | gzip -c >"$T/seed_2members.txt"
tail -c +1501 "$SEED" | gzip -c >>"$T/seed_2members.txt"
check_eq "test setup: gzip file starts with 1f 8b" "1f8b" "$(head -c 2 "$T/seed_gzip.txt" | od -An -tx1 | tr -d ' \n')"
check_eq "test setup: zstd file starts with 28 b5 2f fd" "28b52ffd" "$(head -c 4 "$T/seed_zstd.txt" | od -An -tx1 | tr -d ' \n')"
for f in seed_gzip.txt seed_zstd.txt seed.txt.gz seed_2members.txt; do
    "$KLIPING" extract "$T/$f" >"$T/$f.jsonl" 2>"$T/$f.err"
    check_eq "$f: exit 0" 0 "$?"
    check_eq "$f: same text as the plain file" "$REF_TEXT" "$(json_field "$T/$f.jsonl" 1 'r["text"]')"
    check_eq "$f: same title as the plain file" "$REF_TITLE" "$(json_field "$T/$f.jsonl" 1 'r["metadata"]["title"]')"
done
cat "$SEED" | gzip -c | "$KLIPING" extract - >"$T/gz_stdin.jsonl" 2>/dev/null
check_eq "gzip on stdin: same text" "$REF_TEXT" "$(json_field "$T/gz_stdin.jsonl" 1 'r["text"]')"
# a truncated gzip fails as one input, with a message
size=$(wc -c <"$T/seed_gzip.txt")
head -c $((size / 2)) "$T/seed_gzip.txt" >"$T/trunc.txt"
"$KLIPING" extract "$T/trunc.txt" "$SEED" >"$T/trunc.jsonl" 2>"$T/trunc.err"
check_eq "truncated gzip + good file: exit 1" 1 "$?"
check_eq "truncated gzip + good file: one record (the good one)" 1 "$(count_lines "$T/trunc.jsonl")"
check_eq "truncated gzip: one stderr line naming it" 1 "$(grep -cF "$T/trunc.txt" "$T/trunc.err")"
check_contains "truncated gzip: reported as corrupt" "$(cat "$T/trunc.err")" "corrupt"

section "encodings and line ends of the same page give the same record"
python3 - "$SEED" "$T/enc" <<'PYEOF'
import os, sys
src, out = sys.argv[1], sys.argv[2]
os.makedirs(out)
t = open(src, "rb").read().decode("utf-8")
def w(name, data):
    open(os.path.join(out, name), "wb").write(data)
w("crlf.txt", t.replace("\n", "\r\n").encode())
w("cr.txt", t.replace("\n", "\r").encode())
w("bom.txt", b"\xef\xbb\xbf" + t.encode())
w("utf16le.txt", b"\xff\xfe" + t.encode("utf-16-le"))
w("utf16be.txt", b"\xfe\xff" + t.encode("utf-16-be"))
w("tabs.txt", t.replace(" ", "\t").encode())
w("nbsp.txt", t.replace(" ", "\u00a0", 60).encode())
w("trailing_ws.txt", t.replace("\n", "   \n").encode())
PYEOF
cat >"$T/same_record.py" <<'PYEOF'
import json, sys
a = json.loads(open(sys.argv[1], encoding="utf-8").readline())
b = json.loads(open(sys.argv[2], encoding="utf-8").readline())
am, bm = dict(a["metadata"]), dict(b["metadata"])
am.pop("file", None); bm.pop("file", None)
bad = []
if a["text"] != b["text"]:
    bad.append("text differs")
for k in sorted(set(am) | set(bm)):
    if am.get(k) != bm.get(k):
        bad.append("metadata.%s: %r vs %r" % (k, am.get(k), bm.get(k)))
print("; ".join(bad))
sys.exit(1 if bad else 0)
PYEOF
for f in crlf cr bom utf16le utf16be tabs nbsp trailing_ws; do
    "$KLIPING" extract "$T/enc/$f.txt" >"$T/enc/$f.jsonl" 2>"$T/enc/$f.err"
    check_eq "$f: exit 0" 0 "$?"
    check_true "$f: same text and metadata as the plain seed" python3 "$T/same_record.py" "$T/plain.jsonl" "$T/enc/$f.jsonl"
done

section "directories are read recursively, in name order"
mkdir -p "$T/tree/b" "$T/tree/a/deep"
cp "$SEED" "$T/tree/b/a.txt"
cp "$ARTICLE" "$T/tree/a/z.txt"
cp "$SEED" "$T/tree/a/m.txt"
cp "$ARTICLE" "$T/tree/a/deep/x.txt"
cp "$SEED" "$T/tree/c.txt"
cp "$SEED" "$T/tree/.hidden.txt"
"$KLIPING" extract "$T/tree" >"$T/tree.jsonl" 2>"$T/tree.err"
check_eq "directory: exit 0" 0 "$?"
got=$(python3 -c '
import json, sys
for l in open(sys.argv[1], encoding="utf-8"):
    print(json.loads(l)["metadata"].get("file", "-"))' "$T/tree.jsonl")
# name order at each level: a/ (deep/, m.txt, z.txt), b/ (a.txt), c.txt; dot files skipped
check_eq "records in name order, recursing into subdirectories" \
    "$(printf '%s\n' "$T/tree/a/deep/x.txt" "$T/tree/a/m.txt" "$T/tree/a/z.txt" "$T/tree/b/a.txt" "$T/tree/c.txt")" "$got"
"$KLIPING" extract "$T/tree/" >"$T/tree2.jsonl" 2>/dev/null
check_eq "a trailing slash gives no double slash in paths" 0 "$(grep -c '//' "$T/tree2.jsonl")"

section "a symlink loop in a directory does not read files twice"
mkdir -p "$T/loop/d"
cp "$SEED" "$T/loop/d/a.txt"
ln -s .. "$T/loop/d/up"
timeout 60 "$KLIPING" extract "$T/loop" >"$T/loop.jsonl" 2>"$T/loop.err"
rc=$?
check_true "finishes (exit 0 or 1, got $rc)" test "$rc" -eq 0 -o "$rc" -eq 1
check_eq "the one file gives one record" 1 "$(count_lines "$T/loop.jsonl")"
check_eq "the record names the file by its direct path" "$T/loop/d/a.txt" "$(json_field "$T/loop.jsonl" 1 'r["metadata"].get("file")')"

section "--format"
cat >"$T/page.html" <<'EOF'
<!DOCTYPE html>
<html lang="en">
<head><title>City Council Approves New Budget for Public Libraries</title></head>
<body>
<article>
<h1>City Council Approves New Budget for Public Libraries</h1>
<p>The city council voted on Tuesday evening to approve a new budget that will keep all of the public libraries open for longer hours during the coming year, after months of debate among members and residents.</p>
<p>Supporters of the plan said that the extra money would allow the libraries to hire more staff, buy new books and offer free classes for children and older residents in every part of the city.</p>
<p>Some members of the council argued that the budget was too large and that the money should have been spent on roads and schools instead, but their proposal to cut the plan was rejected by a wide margin.</p>
</article>
</body>
</html>
EOF
"$KLIPING" extract "$T/page.html" >"$T/auto.jsonl" 2>/dev/null
check_eq "HTML-looking input, auto: format html" "html" "$(json_field "$T/auto.jsonl" 1 'r["metadata"]["format"]')"
check_not_contains "HTML-looking input, auto: no tags in the text" "$(json_field "$T/auto.jsonl" 1 'r["text"]')" "<p>"
"$KLIPING" extract --format text "$T/page.html" >"$T/text.jsonl" 2>/dev/null
check_eq "--format text on an HTML-looking input: exit 0" 0 "$?"
check_eq "--format text on an HTML-looking input: format text" "text" "$(json_field "$T/text.jsonl" 1 'r["metadata"]["format"]')"
cp "$T/page.html" "$T/page_as.txt"
"$KLIPING" extract -f text "$T/page_as.txt" >"$T/text2.jsonl" 2>/dev/null
check_eq "-f text: format text" "text" "$(json_field "$T/text2.jsonl" 1 'r["metadata"]["format"]')"
"$KLIPING" extract "$T/page_as.txt" >"$T/auto2.jsonl" 2>/dev/null
check_eq "HTML bytes named .txt, auto: still html (bytes decide, not names)" "html" "$(json_field "$T/auto2.jsonl" 1 'r["metadata"]["format"]')"
"$KLIPING" extract --format auto "$SEED" >"$T/auto3.jsonl" 2>/dev/null
check_eq "--format auto on the seed dump: text" "text" "$(json_field "$T/auto3.jsonl" 1 'r["metadata"]["format"]')"

section "-q and --no-language"
printf 'The city council voted on Tuesday to approve the new budget\xff for the coming year, after months of debate among members and residents of the city.\n' >"$T/warn.txt"
"$KLIPING" extract "$T/warn.txt" >/dev/null 2>"$T/warn.err"
check_contains "a repaired input warns without -q" "$(cat "$T/warn.err")" "warning:"
"$KLIPING" extract -q "$T/warn.txt" >/dev/null 2>"$T/warn_q.err"
check_eq "-q silences warnings" "" "$(cat "$T/warn_q.err")"
"$KLIPING" extract --no-language "$SEED" >"$T/nolang.jsonl" 2>/dev/null
check_eq "--no-language: no metadata.language" "<absent>" "$(json_field "$T/nolang.jsonl" 1 'r["metadata"].get("language", "<absent>")')"
check_eq "--no-language: no metadata.language_score" "<absent>" "$(json_field "$T/nolang.jsonl" 1 'r["metadata"].get("language_score", "<absent>")')"
check_eq "--no-language: same text" "$REF_TEXT" "$(json_field "$T/nolang.jsonl" 1 'r["text"]')"
"$KLIPING" extract --max-bytes 1K "$SEED" >/dev/null 2>"$T/max.err"
check_eq "--max-bytes 1K on the 2.2 KB seed: exit 1" 1 "$?"
check_contains "--max-bytes 1K: over the limit" "$(cat "$T/max.err")" "limit"
# the limit is inclusive: an input of exactly N bytes passes --max-bytes N
seed_size=$(wc -c <"$SEED" | tr -d ' ')
"$KLIPING" extract --max-bytes "$seed_size" "$SEED" >/dev/null 2>&1
check_eq "--max-bytes equal to the file size ($seed_size): exit 0" 0 "$?"
"$KLIPING" extract --max-bytes "$((seed_size - 1))" "$SEED" >/dev/null 2>&1
check_eq "--max-bytes one below the file size: exit 1" 1 "$?"
cat "$SEED" | "$KLIPING" extract --max-bytes "$((seed_size - 1))" - >/dev/null 2>&1
check_eq "--max-bytes one below the size, on stdin: exit 1" 1 "$?"
# the limit counts decompressed bytes: 2 MB of text gzipped to a few KB is over 1M
python3 -c 'import sys; sys.stdout.write("The council voted on the budget again today.\n" * 46000)' | gzip -c >"$T/big.txt.gz"
check_true "test setup: the gzip is small" test "$(wc -c <"$T/big.txt.gz")" -lt 100000
"$KLIPING" extract --max-bytes 1M "$T/big.txt.gz" >"$T/bigz.jsonl" 2>"$T/bigz.err"
check_eq "--max-bytes 1M on a 2 MB (decompressed) gzip: exit 1" 1 "$?"
check_contains "--max-bytes 1M on a 2 MB gzip: over the limit" "$(cat "$T/bigz.err")" "limit"
check_eq "--max-bytes 1M on a 2 MB gzip: no record" 0 "$(count_lines "$T/bigz.jsonl")"
"$KLIPING" extract --max-bytes 3M "$T/big.txt.gz" >/dev/null 2>&1
check_eq "--max-bytes 3M on the same gzip: exit 0" 0 "$?"
"$KLIPING" extract -q "$T/no-such-file.txt" >/dev/null 2>"$T/q.err"
check_eq "-q still reports a failed input: exit 1" 1 "$?"
check_contains "-q still prints the error line" "$(cat "$T/q.err")" "$T/no-such-file.txt"
"$KLIPING" extract --max-bytes lots "$SEED" >/dev/null 2>&1
check_eq "--max-bytes with a non-size: exit 2" 2 "$?"

finish
