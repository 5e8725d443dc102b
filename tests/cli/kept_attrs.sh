# kept_attrs.sh - the prescan leaves out attributes nothing reads (src/html/klp_prescan.c,
# kept_attrs); every attribute the extractor looks at by name must be in that table, or it
# would silently be missing from the tree. This reads the sources: each attribute name the
# HTML code compares or asks for must have its entry.
. "$SRC/tests/cli/lib.sh"

section "attributes read by src/html are kept by the prescan"
table=$(sed -n '/^static const kept_attr kept_attrs\[\] = {/,/^};/p' "$SRC/src/html/klp_prescan.c")
check_eq "the kept_attrs table is found" 1 "$([ -n "$table" ] && echo 1 || echo 0)"
read_names=$(cat "$SRC"/src/html/*.c |
    grep -oE 'klpd_attr_get\([^"]*"[a-z:-]+"|memcmp\(a->key, "[a-z:-]+"' |
    grep -oE '"[a-z:-]+"' | sort -u)
check_eq "attribute reads are found" 1 "$([ "$(echo "$read_names" | wc -l)" -ge 10 ] && echo 1 || echo 0)"
missing=
for name in $read_names; do
    grep -q "{$name," <<<"$table" || missing="$missing $name"
done
check_eq "every attribute read is in kept_attrs (missing:${missing:- none})" "" "$missing"
finish
