/* klp_lexicon.c - lookups in the generated boilerplate lexicon (klp_lexicon_data.c):
 * binary search for whole lines, scans for prefixes and contained phrases. */
#include "klp_lexicon.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#define LEX_DECL(k)                                                                            \
    extern const char *const klpi_lexd_##k[];                                                   \
    extern const unsigned char klpi_lexd_##k##_len[];                                          \
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
extern const unsigned char klpi_lexd_contains_bigram[8192];
#define HASH_DECL(h)                                                                           \
    extern const size_t klpi_lexd_##h##_size;                                                  \
    extern const char *const klpi_lexd_##h##_key[];                                            \
    extern const unsigned char klpi_lexd_##h##_klen[];                                         \
    extern const unsigned short klpi_lexd_##h##_bits[];
HASH_DECL(whole)
HASH_DECL(first)

static uint64_t fnv1a(const char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

/* Kind bits of key in one of the generated hash tables; 0 when absent. */
static unsigned hash_bits(size_t size, const char *const *keys, const unsigned char *klen,
                          const unsigned short *bits, const char *key, size_t len)
{
    if (len == 0 || len > 255)
        return 0;
    size_t mask = size - 1;
    size_t i = (size_t)fnv1a(key, len) & mask;
    while (klen[i] != 0) {
        if (klen[i] == len && memcmp(keys[i], key, len) == 0)
            return bits[i];
        i = (i + 1) & mask;
    }
    return 0;
}

#define WHOLE_BITS(key, len)                                                                   \
    hash_bits(klpi_lexd_whole_size, klpi_lexd_whole_key, klpi_lexd_whole_klen,                 \
              klpi_lexd_whole_bits, key, len)
#define FIRST_BITS(key, len)                                                                   \
    hash_bits(klpi_lexd_first_size, klpi_lexd_first_key, klpi_lexd_first_klen,                 \
              klpi_lexd_first_bits, key, len)

static const char *const *table(klpi_lex_kind k, size_t *n, const unsigned char **lens)
{
#define LEX_CASE(K, k)                                                                         \
    case K:                                                                                    \
        *n = klpi_lexd_##k##_n;                                                                \
        *lens = klpi_lexd_##k##_len;                                                           \
        return klpi_lexd_##k;
    switch (k) {
        LEX_CASE(KLPI_LEX_LINE, line)
        LEX_CASE(KLPI_LEX_PREFIX, prefix)
        LEX_CASE(KLPI_LEX_RELATED, related)
        LEX_CASE(KLPI_LEX_CREDIT, credit)
        LEX_CASE(KLPI_LEX_BYLINE, byline)
        LEX_CASE(KLPI_LEX_END, end)
        LEX_CASE(KLPI_LEX_CONTAINS, contains)
        LEX_CASE(KLPI_LEX_COMMENTER, commenter)
        LEX_CASE(KLPI_LEX_COUNTED, counted)
    default:
        *n = 0;
        *lens = NULL;
        return NULL;
    }
#undef LEX_CASE
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

unsigned klpi_lex_whole(const char *key, size_t len)
{
    return WHOLE_BITS(key, len);
}

bool klpi_lex_is(klpi_lex_kind kind, const char *key, size_t len)
{
    return (WHOLE_BITS(key, len) >> kind) & 1u;
}

static bool is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* True when the last character of p[0..m) is a letter or a digit (not "©", ":", "»"). */
static bool ends_in_letter(const char *p, size_t m)
{
    unsigned char c = (unsigned char)p[m - 1];
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    size_t k = m - 1;
    while (k > 0 && ((unsigned char)p[k] & 0xC0) == 0x80)
        k--;
    utf8proc_int32_t cp;
    if (utf8proc_iterate((const utf8proc_uint8_t *)p + k, (utf8proc_ssize_t)(m - k), &cp) <= 0)
        return true;
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat <= UTF8PROC_CATEGORY_LO || (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

size_t klpi_lex_prefix(klpi_lex_kind kind, const char *key, size_t len)
{
    size_t n;
    const unsigned char *lens;
    const char *const *t = table(kind, &n, &lens);
    size_t best = 0;
    if (len == 0)
        return 0;
    /* phrases are indexed by their first token (tools/gen_lexicon.py): the run of ASCII
     * letters and digits that starts them, or their first character */
    size_t fw = 0;
    while (fw < len && ((key[fw] >= 'a' && key[fw] <= 'z') || (key[fw] >= '0' && key[fw] <= '9')))
        fw++;
    if (fw == 0) {
        fw = 1;
        while (fw < len && ((unsigned char)key[fw] & 0xC0) == 0x80)
            fw++;
    }
    unsigned fb = FIRST_BITS(key, fw);
    if (!((fb >> kind) & 1u))
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i][0] != key[0])
            continue;
        size_t m = lens[i];
        if (m > len || m <= best || memcmp(t[i], key, m) != 0)
            continue;
        /* the phrase must end at a word boundary unless it ends in punctuation */
        if (m < len && ends_in_letter(t[i], m) && is_word_byte((unsigned char)key[m]))
            continue;
        best = m;
    }
    return best;
}

bool klpi_lex_contains(const char *key, size_t len)
{
    size_t n;
    const unsigned char *lens;
    const char *const *t = table(KLPI_LEX_CONTAINS, &n, &lens);
    for (size_t j = 0; j + 1 < len; j++) {
        if (j > 0 && is_word_byte((unsigned char)key[j - 1]))
            continue;
        unsigned v = (unsigned)(unsigned char)key[j] << 8 | (unsigned char)key[j + 1];
        if (!(klpi_lexd_contains_bigram[v >> 3] & (1u << (v & 7))))
            continue;
        for (size_t i = 0; i < n; i++) {
            size_t m = lens[i];
            if (m <= len - j && t[i][0] == key[j] && memcmp(key + j, t[i], m) == 0)
                return true;
        }
    }
    return false;
}

bool klpi_lex_suffix(klpi_lex_kind kind, const char *key, size_t len)
{
    size_t n;
    const unsigned char *lens;
    const char *const *t = table(kind, &n, &lens);
    for (size_t i = 0; i < n; i++) {
        size_t m = lens[i];
        if (m < len && key[len - m - 1] == ' ' && memcmp(key + len - m, t[i], m) == 0)
            return true;
    }
    return false;
}

static inline unsigned char fold(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

bool klpi_lex_contains_raw(const char *s, size_t len)
{
    size_t n;
    const unsigned char *lens;
    const char *const *t = table(KLPI_LEX_CONTAINS, &n, &lens);
    for (size_t j = 0; j + 1 < len; j++) {
        if (j > 0 && is_word_byte(fold((unsigned char)s[j - 1])))
            continue;
        unsigned char c0 = fold((unsigned char)s[j]);
        unsigned v = (unsigned)c0 << 8 | fold((unsigned char)s[j + 1]);
        if (!(klpi_lexd_contains_bigram[v >> 3] & (1u << (v & 7))))
            continue;
        for (size_t i = 0; i < n; i++) {
            size_t m = lens[i];
            if (m > len - j || (unsigned char)t[i][0] != c0)
                continue;
            size_t k = 0;
            while (k < m && fold((unsigned char)s[j + k]) == (unsigned char)t[i][k])
                k++;
            if (k == m)
                return true;
        }
    }
    return false;
}
