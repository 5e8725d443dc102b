# archives.sh - WARC, WET and JSONL inputs. An archive written by tools/warcgen.py from the
# benchmark pages must give, record for record and in order, the texts that extracting the
# files gives; a WET archive goes through text mode; JSONL fields travel into metadata; broken
# records get one stderr line FILE:OFFSET and the good records around them are kept.
. "$SRC/tests/cli/lib.sh"

mkdir -p "$T/html" "$T/text"
n=0
for f in "$SHARED"/bench/aeb/html/*.html.gz; do
    cp "$f" "$T/html/"
    n=$((n + 1))
    [ $n -ge 25 ] && break
done
n=0
for f in "$SHARED"/bench/aeb-text/*.txt; do
    cp "$f" "$T/text/"
    n=$((n + 1))
    [ $n -ge 20 ] && break
done

section "WARC.gz from the pages: same texts as the files, in order"
python3 "$SRC/tools/warcgen.py" --gzip --requests -o "$T/pages.warc.gz" "$T/html" 2>/dev/null
check_eq "warcgen wrote the archive" 0 "$?"
"$KLIPING" extract "$T/html" >"$T/files.jsonl" 2>/dev/null
"$KLIPING" extract "$T/pages.warc.gz" >"$T/warc.jsonl" 2>"$T/warc.err"
check_eq "extracting the archive exits 0" 0 "$?"
check_eq "one record per response (request and warcinfo records skipped)" 25 "$(count_lines "$T/warc.jsonl")"
cat >"$T/cmp.py" <<'PY'
import json, sys
a = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
b = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
same = sum(1 for x, y in zip(a, b) if x["text"] == y["text"])
print(same if len(a) == len(b) else -1)
PY
check_eq "every record has the text of its file, in the same order" 25 "$(python3 "$T/cmp.py" "$T/files.jsonl" "$T/warc.jsonl")"
cat >"$T/fields.py" <<'PY'
import json, sys
r = json.loads(open(sys.argv[1], encoding="utf-8").readline())
m = r["metadata"]
print(r["id"].startswith("urn:uuid:"), m.get("url", "").startswith("http"), "crawl_date" in m,
      m.get("format"), m.get("file") == sys.argv[2])
PY
check_eq "id from WARC-Record-ID, url from WARC-Target-URI, crawl_date, html, file" \
    "True True True html True" "$(python3 "$T/fields.py" "$T/warc.jsonl" "$T/pages.warc.gz")"

section "a WET archive goes through text mode"
python3 "$SRC/tools/warcgen.py" --text "$T/text" -o "$T/dumps.wet" 2>/dev/null
"$KLIPING" extract "$T/text" >"$T/tfiles.jsonl" 2>/dev/null
"$KLIPING" extract "$T/dumps.wet" >"$T/wet.jsonl" 2>/dev/null
check_eq "extracting the WET archive exits 0" 0 "$?"
check_eq "one record per conversion record" 20 "$(count_lines "$T/wet.jsonl")"
check_eq "every WET record has the text of its dump" 20 "$(python3 "$T/cmp.py" "$T/tfiles.jsonl" "$T/wet.jsonl")"
check_eq "WET records are read as text" 20 "$(grep -c '"format":"text"' "$T/wet.jsonl")"

section "broken records are reported and skipped, the good ones kept"
python3 "$SRC/tools/warcgen.py" --gzip -o "$T/broken.warc.gz" --inject negative,huge,short "$T/html" 2>"$T/gen.err"
check_eq "warcgen wrote the broken archive" 0 "$?"
"$KLIPING" extract "$T/broken.warc.gz" >"$T/broken.jsonl" 2>"$T/broken.err"
rc=$?
check_eq "a run with broken records exits 1" 1 "$rc"
check_true "the good records are still extracted (at least 20 of 25)" test "$(count_lines "$T/broken.jsonl")" -ge 20
check_true "each error line names the archive and an offset" \
    sh -c "grep -v 'warning' '$T/broken.err' | grep -qE '^kliping: $T/broken.warc.gz:[0-9]+: '"
python3 -c "
import json, sys
for l in open('$T/broken.jsonl', 'rb'):
    json.loads(l.decode('utf-8'))
" 
check_eq "the output of the broken archive is valid UTF-8 JSONL" 0 "$?"

section "JSONL: the page in a field, the other fields into metadata"
cat >"$T/mk.py" <<'PY'
import json, sys
seed = open(sys.argv[1], encoding="utf-8").read()
html = "<html><head><title>T</title></head><body><article><p>" + \
    "The council met on Monday to discuss the bridge, and the members voted to repair it. " * 6 + \
    "</p></article></body></html>"
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write(json.dumps({"url": "https://example.org/a", "id": "doc-1", "text": seed,
                        "source": "crawl-7", "n": 3, "title": "not copied"}) + "\n")
    f.write("{this line is broken\n")
    f.write(json.dumps({"url": "https://example.org/b", "id": "doc-2", "html": html,
                        "tags": ["x", "y"]}) + "\n")
    f.write(json.dumps({"content": "no page field here"}) + "\n")
PY
python3 "$T/mk.py" "$SHARED/seed/000_9510d6bfafb4b21a.txt" "$T/pages.jsonl"
"$KLIPING" extract "$T/pages.jsonl" >"$T/jl.jsonl" 2>"$T/jl.err"
check_eq "JSONL with broken lines exits 1" 1 "$?"
check_eq "two good lines give two records" 2 "$(count_lines "$T/jl.jsonl")"
check_eq "two bad lines give two stderr lines naming the file" 2 "$(grep -c "^kliping: $T/pages.jsonl:[0-9]*: " "$T/jl.err")"
cat >"$T/jf.py" <<'PY'
import json, sys
a, b = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
print(a["id"], a["metadata"]["url"], a["metadata"]["source"], a["metadata"]["n"],
      a["metadata"]["format"], a["metadata"]["title"] != "not copied",
      b["id"], b["metadata"]["format"], b["metadata"]["tags"])
PY
check_eq "ids, urls and the other fields are carried, own keys are not overwritten" \
    "doc-1 https://example.org/a crawl-7 3 text True doc-2 html ['x', 'y']" "$(python3 "$T/jf.py" "$T/jl.jsonl")"
"$KLIPING" extract --text-field content "$T/pages.jsonl" >"$T/jl2.jsonl" 2>/dev/null
# with the text in "content", line 1 (text in "text") fails, line 3 (html) and line 4 give records
check_eq "--text-field content: the html line and the content line give records" \
    "doc-2 text" "$(python3 -c '
import json, sys
rs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
print(rs[0]["id"], rs[-1]["metadata"]["format"]) if len(rs) == 2 else print(len(rs))' "$T/jl2.jsonl")"

finish
