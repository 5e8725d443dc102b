/* klp_lexicon.c - lookups in the generated boilerplate lexicon (klp_lexicon_data.c):
 * binary search for whole lines, scans for prefixes and contained phrases. */
#include "klp_lexicon.h"

#include <string.h>
#include <utf8proc.h>

#define LEX_DECL(k)                                                                            \
    extern const char *const klpi_lexd_##k[];                                                   \
    extern const size_t klpi_lexd_##k##_n;
LEX_DECL(line)
LEX_DECL(prefix)
LEX_DECL(related)
LEX_DECL(credit)
LEX_DECL(byline)
LEX_DECL(end)
LEX_DECL(contains)
LEX_DECL(commenter)
LEX_DECL(counted)

static const char *const *table(klpi_lex_kind k, size_t *n)
{
    switch (k) {
    case KLPI_LEX_LINE: *n = klpi_lexd_line_n; return klpi_lexd_line;
    case KLPI_LEX_PREFIX: *n = klpi_lexd_prefix_n; return klpi_lexd_prefix;
    case KLPI_LEX_RELATED: *n = klpi_lexd_related_n; return klpi_lexd_related;
    case KLPI_LEX_CREDIT: *n = klpi_lexd_credit_n; return klpi_lexd_credit;
    case KLPI_LEX_BYLINE: *n = klpi_lexd_byline_n; return klpi_lexd_byline;
    case KLPI_LEX_END: *n = klpi_lexd_end_n; return klpi_lexd_end;
    case KLPI_LEX_CONTAINS: *n = klpi_lexd_contains_n; return klpi_lexd_contains;
    case KLPI_LEX_COMMENTER: *n = klpi_lexd_commenter_n; return klpi_lexd_commenter;
    case KLPI_LEX_COUNTED: *n = klpi_lexd_counted_n; return klpi_lexd_counted;
    default: *n = 0; return NULL;
    }
}

/* Trailing characters stripped from a key: punctuation and arrows people put after
 * "Read more", "Baca Juga:" and the like. */
static bool trail_punct(const char *s, size_t len, size_t *cut)
{
    static const char *const TRAIL[] = {"\xc2\xbb", "\xe2\x80\xba", "\xe2\x86\x92",
                                        "\xe2\x80\xa6", "\xe2\x96\xb6", "\xe2\x96\xba"};
    unsigned char c = (unsigned char)s[len - 1];
    if (c == ':' || c == '.' || c == '>' || c == '|' || c == '-' || c == ' ' || c == '!' ||
        c == '*') {
        *cut = 1;
        return true;
    }
    for (size_t i = 0; i < sizeof TRAIL / sizeof *TRAIL; i++) {
        size_t m = strlen(TRAIL[i]);
        if (len >= m && memcmp(s + len - m, TRAIL[i], m) == 0) {
            *cut = m;
            return true;
        }
    }
    return false;
}

size_t klpi_lex_key(const char *line, size_t len, char *buf, size_t cap)
{
    size_t n = 0;
    bool space = false;
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)line[i];
        if (c == ' ' || c == '\t' || c == '\n') {
            space = n > 0;
            i++;
            continue;
        }
        if (space) {
            if (n + 1 >= cap)
                return 0;
            buf[n++] = ' ';
            space = false;
        }
        if (c < 0x80) {
            if (n + 1 >= cap)
                return 0;
            buf[n++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)line + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0) {
            i++;
            continue;
        }
        i += (size_t)k;
        if (cp == 0xA0) { /* no-break space */
            space = n > 0;
            continue;
        }
        unsigned char tmp[4];
        utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_tolower(cp), tmp);
        if (m <= 0 || n + (size_t)m >= cap)
            return 0;
        memcpy(buf + n, tmp, (size_t)m);
        n += (size_t)m;
    }
    size_t cut;
    while (n > 0 && trail_punct(buf, n, &cut))
        n -= cut;
    buf[n] = '\0';
    return n;
}

static int keycmp(const char *a, const char *key, size_t len)
{
    int c = strncmp(a, key, len);
    if (c != 0)
        return c;
    return a[len] == '\0' ? 0 : 1;
}

bool klpi_lex_is(klpi_lex_kind kind, const char *key, size_t len)
{
    size_t n;
    const char *const *t = table(kind, &n);
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = keycmp(t[mid], key, len);
        if (c == 0)
            return true;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

static bool is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

size_t klpi_lex_prefix(klpi_lex_kind kind, const char *key, size_t len)
{
    size_t n;
    const char *const *t = table(kind, &n);
    size_t best = 0;
    for (size_t i = 0; i < n; i++) {
        size_t m = strlen(t[i]);
        if (m > len || m <= best || memcmp(t[i], key, m) != 0)
            continue;
        /* the phrase must end at a word boundary unless it ends in punctuation */
        if (m < len && is_word_byte((unsigned char)t[i][m - 1]) &&
            is_word_byte((unsigned char)key[m]))
            continue;
        best = m;
    }
    return best;
}

bool klpi_lex_contains(const char *key, size_t len)
{
    size_t n;
    const char *const *t = table(KLPI_LEX_CONTAINS, &n);
    for (size_t i = 0; i < n; i++) {
        size_t m = strlen(t[i]);
        if (m > len)
            continue;
        for (size_t j = 0; j + m <= len; j++) {
            if (key[j] == t[i][0] && memcmp(key + j, t[i], m) == 0 &&
                (j == 0 || !is_word_byte((unsigned char)key[j - 1])))
                return true;
        }
    }
    return false;
}

bool klpi_lex_suffix(klpi_lex_kind kind, const char *key, size_t len)
{
    size_t n;
    const char *const *t = table(kind, &n);
    for (size_t i = 0; i < n; i++) {
        size_t m = strlen(t[i]);
        if (m < len && key[len - m - 1] == ' ' && memcmp(key + len - m, t[i], m) == 0)
            return true;
    }
    return false;
}
