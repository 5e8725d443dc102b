# seed.sh - acceptance test: the seed crawler dump gives the expected article record.
# The text must equal the expected text up to white space (runs -> one space, trimmed); the
# metadata fields named in the expected file must be equal exactly; unknown fields must be
# absent (never "" or null); the id is a hash of the input bytes (same for the same bytes,
# whatever the path; different for different bytes).
. "$SRC/tests/cli/lib.sh"

SEED="$SHARED/seed/000_9510d6bfafb4b21a.txt"
EXPECTED="$SHARED/seed/000_9510d6bfafb4b21a.expected.json"
[ -f "$SEED" ] && [ -f "$EXPECTED" ] || { echo "FATAL: seed files missing under $SHARED/seed"; exit 1; }

section "extract the seed"
"$KLIPING" extract "$SEED" >"$T/out.jsonl" 2>"$T/err"
rc=$?
check_eq "exit status is 0" 0 "$rc"
check_eq "exactly one record (one line) on stdout" 1 "$(count_lines "$T/out.jsonl")"
check_eq "stderr holds only the summary line" "1 0" \
    "$(count_lines "$T/err") $(grep -vc '^kliping: 1 records in, 1 out, 0 skipped, 0 failed' "$T/err")"

cat >"$T/check_seed.py" <<'EOF'
import json, re, sys

out_path, exp_path = sys.argv[1], sys.argv[2]
fails = []

def norm(s):
    return re.sub(r"\s+", " ", s).strip()

raw = open(out_path, "rb").read()
try:
    text = raw.decode("utf-8")  # strict
except UnicodeDecodeError as e:
    print("  FAIL - output is not valid UTF-8: %s" % e)
    sys.exit(1)
lines = text.split("\n")
if lines[-1] != "" or len(lines) != 2:
    print("  FAIL - expected exactly one newline-terminated line, got %d pieces" % len(lines))
    sys.exit(1)
try:
    rec = json.loads(lines[0])
except ValueError as e:
    print("  FAIL - record is not valid JSON: %s" % e)
    sys.exit(1)
exp = json.load(open(exp_path, encoding="utf-8"))

def check(desc, ok, detail=""):
    print(("  ok   - " if ok else "  FAIL - ") + desc)
    if not ok:
        fails.append(desc)
        if detail:
            print("         " + detail)

check("record is a JSON object", isinstance(rec, dict))
for k in ("id", "text", "metadata"):
    check("key %r present" % k, k in rec)
check("id is a non-empty string", isinstance(rec.get("id"), str) and rec.get("id") != "")
check("metadata is an object", isinstance(rec.get("metadata"), dict))
md = rec.get("metadata") or {}

got_t, exp_t = norm(rec.get("text", "")), norm(exp["text"])
if got_t != exp_t:
    i = next((k for k in range(min(len(got_t), len(exp_t))) if got_t[k] != exp_t[k]),
             min(len(got_t), len(exp_t)))
    detail = "first difference at char %d: got %r / expected %r" % (
        i, got_t[max(0, i - 40):i + 60], exp_t[max(0, i - 40):i + 60])
else:
    detail = ""
check("text equals the expected text (white space normalized)", got_t == exp_t, detail)
# paragraphs are separated by a blank line, as in the expected text
check("text has the same number of paragraphs (split on blank lines) as expected",
      len([p for p in rec.get("text", "").split("\n\n") if p.strip()]) ==
      len([p for p in exp["text"].split("\n\n") if p.strip()]))

for field in ("title", "description", "date", "language", "sitename", "dateline", "images"):
    if field not in exp["metadata"]:
        continue
    want = exp["metadata"][field]
    got = md.get(field, "<absent>")
    check("metadata.%s == %s" % (field, json.dumps(want, ensure_ascii=False)[:80]),
          got == want, "got: %s" % json.dumps(got, ensure_ascii=False)[:300])

# unknown values are left out: no "" / null / empty list or object anywhere in metadata
def empties(v, path):
    if v is None or v == "" or v == [] or v == {}:
        yield path
    if isinstance(v, dict):
        for k, x in v.items():
            yield from empties(x, path + "." + k)
    elif isinstance(v, list):
        for i, x in enumerate(v):
            yield from empties(x, "%s[%d]" % (path, i))
bad = list(empties(md, "metadata"))
check("no empty or null values in metadata", not bad, "empty: %s" % bad)
check("no empty or null top-level values",
      all(rec.get(k) not in (None, "") for k in rec), "record keys: %s" % list(rec))
# the seed has no byline: no author may be invented
check("metadata.author absent (the page has no byline)", "author" not in md,
      "got: %r" % md.get("author"))
check("metadata.format == \"text\"", md.get("format") == "text", "got: %r" % md.get("format"))
sys.exit(1 if fails else 0)
EOF

section "record content (python3 json, strict UTF-8)"
py_out=$(python3 "$T/check_seed.py" "$T/out.jsonl" "$EXPECTED" 2>&1)
rc=$?
printf '%s\n' "$py_out"
# count the python checks in the summary
n_ok=$(printf '%s\n' "$py_out" | grep -c '^  ok   - ')
n_fail=$(printf '%s\n' "$py_out" | grep -c '^  FAIL - ')
CHECKS=$((CHECKS + n_ok + n_fail))
FAILS=$((FAILS + n_fail))
if [ "$rc" -ne 0 ] && [ "$n_fail" -eq 0 ]; then
    _fail "the record could be checked (check_seed.py exited $rc)"
fi

section "id is a hash of the input bytes"
id1=$(json_field "$T/out.jsonl" 1 'r["id"]')
"$KLIPING" extract "$SEED" >"$T/out2.jsonl" 2>/dev/null
id2=$(json_field "$T/out2.jsonl" 1 'r["id"]')
check_eq "same id on a second run" "$id1" "$id2"
check_eq "second run gives byte-identical output" "$(cat "$T/out.jsonl")" "$(cat "$T/out2.jsonl")"

mkdir -p "$T/elsewhere/deeper"
cp "$SEED" "$T/elsewhere/deeper/renamed copy.txt"
"$KLIPING" extract "$T/elsewhere/deeper/renamed copy.txt" >"$T/out3.jsonl" 2>/dev/null
id3=$(json_field "$T/out3.jsonl" 1 'r["id"]')
check_eq "same id for a copy at another path and name" "$id1" "$id3"
file3=$(json_field "$T/out3.jsonl" 1 'r["metadata"].get("file", "<absent>")')
check_eq "metadata.file names the path as given" "$T/elsewhere/deeper/renamed copy.txt" "$file3"

cat "$SEED" >"$T/changed.txt"
printf 'x' >>"$T/changed.txt"
"$KLIPING" extract "$T/changed.txt" >"$T/out4.jsonl" 2>/dev/null
id4=$(json_field "$T/out4.jsonl" 1 'r["id"]')
check_ne "one more byte in the input gives another id" "$id1" "$id4"

finish
