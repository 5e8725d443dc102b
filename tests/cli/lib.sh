# lib.sh - helpers for the CLI tests of kliping. Source it from a test script:
#   . "$SRC/tests/cli/lib.sh"
# It checks the environment (KLIPING, SRC, SHARED), makes a temporary directory $T that is
# removed on exit, and gives check_* helpers that print what they check and count failures.
# A script ends with `finish`, which exits 1 when any check failed.

set -u

: "${KLIPING:?KLIPING must point at the built kliping binary}"
: "${SRC:?SRC must point at the source root}"
: "${SHARED:=$SRC/../shared}"

if [ ! -x "$KLIPING" ]; then
    echo "FATAL: KLIPING=$KLIPING is not an executable" >&2
    exit 1
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/kliping-test.XXXXXX") || { echo "FATAL: mktemp failed" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT

CHECKS=0
FAILS=0

_pass() {
    CHECKS=$((CHECKS + 1))
    echo "  ok   - $1"
}

_fail() {
    CHECKS=$((CHECKS + 1))
    FAILS=$((FAILS + 1))
    echo "  FAIL - $1"
    shift
    for line in "$@"; do
        printf '         %s\n' "$line"
    done
}

section() {
    echo "== $*"
}

# check_eq DESC EXPECTED ACTUAL
check_eq() {
    if [ "$2" = "$3" ]; then
        _pass "$1"
    else
        _fail "$1" "expected: $(printf '%s' "$2" | head -c 400)" \
            "actual:   $(printf '%s' "$3" | head -c 400)"
    fi
}

# check_ne DESC UNEXPECTED ACTUAL
check_ne() {
    if [ "$2" != "$3" ]; then
        _pass "$1"
    else
        _fail "$1" "did not expect: $(printf '%s' "$2" | head -c 400)"
    fi
}

# check_contains DESC HAYSTACK NEEDLE (fixed string)
check_contains() {
    case "$2" in
    *"$3"*) _pass "$1" ;;
    *) _fail "$1" "missing: $3" "in:      $(printf '%s' "$2" | head -c 600)" ;;
    esac
}

# check_not_contains DESC HAYSTACK NEEDLE (fixed string)
check_not_contains() {
    case "$2" in
    *"$3"*) _fail "$1" "unexpected: $3" "in:         $(printf '%s' "$2" | head -c 600)" ;;
    *) _pass "$1" ;;
    esac
}

# check_true DESC COMMAND... : passes when the command exits 0 (its output is shown on failure)
check_true() {
    local desc=$1
    shift
    local out
    if out=$("$@" 2>&1); then
        _pass "$desc"
    else
        _fail "$desc" "command failed: $*" "$(printf '%s' "$out" | head -c 1500)"
    fi
}

# check_file_exists DESC PATH
check_file_exists() {
    if [ -f "$2" ]; then _pass "$1"; else _fail "$1" "no file $2"; fi
}

# count_lines FILE : number of newline-terminated lines (0 for an empty or missing file)
count_lines() {
    if [ -f "$1" ]; then wc -l <"$1" | tr -d ' '; else echo 0; fi
}

# json_field FILE LINE_NO EXPR : prints the python expression EXPR evaluated on the record
# r = json.loads(line LINE_NO of FILE) (1-based); prints "<error: ...>" on failure.
json_field() {
    python3 - "$1" "$2" "$3" <<'EOF'
import json, sys
path, n, expr = sys.argv[1], int(sys.argv[2]), sys.argv[3]
try:
    with open(path, "rb") as f:
        lines = f.read().split(b"\n")
    r = json.loads(lines[n - 1].decode("utf-8"))
    v = eval(expr, {"r": r, "json": json})
    sys.stdout.write(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
except Exception as e:  # shown in the check's message
    sys.stdout.write("<error: %s: %s>" % (type(e).__name__, e))
EOF
}

finish() {
    echo
    if [ "$FAILS" -ne 0 ]; then
        echo "$FAILS of $CHECKS checks FAILED"
        exit 1
    fi
    echo "all $CHECKS checks passed"
    exit 0
}

# Run directly (ctest runs every tests/cli/*.sh, this file included), lib.sh tests its own
# helpers: a check that must fail has to be counted as a failure, or no CLI test could fail.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    section "lib.sh self-test"
    self_fail=0
    expect_fails() { # expect_fails N DESC : FAILS must have grown by N since the last call
        if [ "$FAILS" -ne "$1" ]; then
            echo "  SELF-TEST BROKEN: $2 (FAILS=$FAILS, expected $1)"
            self_fail=1
        fi
    }
    check_eq "equal strings pass" "a b" "a b" >/dev/null
    check_contains "substring passes" "hello world" "lo wo" >/dev/null
    check_not_contains "absent substring passes" "hello" "xyz" >/dev/null
    check_ne "different strings pass" "a" "b" >/dev/null
    check_true "true passes" true >/dev/null
    expect_fails 0 "passing checks counted as failures"
    check_eq "different strings fail" "a" "b" >/dev/null
    expect_fails 1 "check_eq did not fail"
    check_eq "trailing space matters" "a" "a " >/dev/null
    expect_fails 2 "check_eq ignored a trailing space"
    check_contains "missing substring fails" "hello" "world" >/dev/null
    expect_fails 3 "check_contains did not fail"
    check_not_contains "present substring fails" "hello" "ell" >/dev/null
    expect_fails 4 "check_not_contains did not fail"
    check_ne "equal strings fail check_ne" "a" "a" >/dev/null
    expect_fails 5 "check_ne did not fail"
    check_true "false fails" false >/dev/null
    expect_fails 6 "check_true did not fail"
    check_file_exists "missing file fails" "$T/nope" >/dev/null
    expect_fails 7 "check_file_exists did not fail"
    printf '{"id":"x","text":"t","metadata":{"k":[1,2]}}\n' >"$T/r.jsonl"
    v=$(json_field "$T/r.jsonl" 1 'r["metadata"]["k"]')
    [ "$v" = "[1, 2]" ] || { echo "  SELF-TEST BROKEN: json_field gave '$v'"; self_fail=1; }
    v=$(json_field "$T/r.jsonl" 1 'r["id"]')
    [ "$v" = "x" ] || { echo "  SELF-TEST BROKEN: json_field gave '$v'"; self_fail=1; }
    printf 'not json\n' >"$T/bad.jsonl"
    v=$(json_field "$T/bad.jsonl" 1 'r["id"]')
    case "$v" in "<error:"*) ;; *) echo "  SELF-TEST BROKEN: json_field on bad JSON gave '$v'"; self_fail=1 ;; esac
    [ "$(count_lines "$T/r.jsonl")" = 1 ] || { echo "  SELF-TEST BROKEN: count_lines"; self_fail=1; }
    (finish >/dev/null)
    [ $? -eq 1 ] || { echo "  SELF-TEST BROKEN: finish did not exit 1 after failures"; self_fail=1; }
    FAILS=0
    (finish >/dev/null)
    [ $? -eq 0 ] || { echo "  SELF-TEST BROKEN: finish did not exit 0 without failures"; self_fail=1; }
    if [ "$self_fail" -ne 0 ]; then
        echo "lib.sh self-test FAILED"
        exit 1
    fi
    echo "lib.sh self-test passed"
    exit 0
fi
