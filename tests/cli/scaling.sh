# scaling.sh - text mode must take time roughly linear in the size of the input. A dump of
# alternating prose paragraphs and short lines (all of it one long article body) is timed at
# 1.1 MB and at 4.5 MB: four times the input may cost about four times the time, not sixteen.
# (A quadratic pass turns the 10 MB inputs that --max-bytes allows into many seconds each.)
. "$SRC/tests/cli/lib.sh"

python3 - "$T" <<'EOF'
import random, sys
out = sys.argv[1]
r = random.Random(1)
words = ("the council voted on monday to approve a plan that will rebuild old harbour bridge "
         "which has been closed traffic since winter storm damaged two its supports and forced "
         "hundreds drivers take much longer route work").split()
lines, size, i = [], 0, 0
while size < 4_500_000:
    p = "Paragraph %d: " % i + " ".join(r.choice(words) for _ in range(45)) + "."
    s = "Short note number %d here ok" % i
    lines += [p, s]
    size += len(p) + len(s) + 2
    i += 1
data = ("\n".join(lines) + "\n").encode()
open(out + "/big.txt", "wb").write(data)
open(out + "/n_paragraphs", "w").write(str(i))
# the first quarter, cut at a line end
q = data.rfind(b"\n", 0, len(data) // 4) + 1
open(out + "/small.txt", "wb").write(data[:q])
EOF

cat >"$T/timeit.py" <<'EOF'
import subprocess, sys, time
kliping, path = sys.argv[1], sys.argv[2]
best = None
for _ in range(2):
    t = time.monotonic()
    p = subprocess.run([kliping, "extract", path], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=120)
    d = time.monotonic() - t
    if p.returncode != 0:
        print("exit %d" % p.returncode)
        sys.exit(1)
    best = d if best is None else min(best, d)
print("%.3f" % best)
EOF

section "time of text mode at 1.1 MB and 4.5 MB"
ts=$(python3 "$T/timeit.py" "$KLIPING" "$T/small.txt")
check_eq "small input extracted" 0 "$?"
tb=$(python3 "$T/timeit.py" "$KLIPING" "$T/big.txt")
check_eq "big input extracted" 0 "$?"
echo "  small: ${ts}s  big: ${tb}s  (input x$(python3 -c "import os; print(round(os.path.getsize('$T/big.txt') / os.path.getsize('$T/small.txt'), 1))"))"
ratio_ok=$(python3 -c "
ts, tb = float('$ts'), float('$tb')
# linear: ~4x; allow noise and fixed start-up cost, and pass when both are fast anyway
print(1 if tb < 1.0 or tb <= 10 * max(ts, 0.02) else 0)")
check_eq "4x the input costs at most 10x the time (big ${tb}s vs small ${ts}s)" 1 "$ratio_ok"

"$KLIPING" extract "$T/big.txt" >"$T/big.jsonl" 2>/dev/null
n=$(json_field "$T/big.jsonl" 1 'str(r["text"].count("Paragraph "))')
check_eq "the big body keeps all its paragraphs" "$(cat "$T/n_paragraphs")" "$n"

finish
