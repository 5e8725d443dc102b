/* klp_lexicon.c - lookups in the generated boilerplate lexicon (klp_lexicon_data.c):
 * binary search for whole lines, scans for prefixes and contained phrases. */
#include "klp_lexicon.h"

#include "klp_hash.h"
#include "klp_lexicon_table.h"

#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
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
extern const unsigned char klpi_lexd_contains_head[64];
#define HASH_DECL(h)                                                                           \
    extern const size_t klpi_lexd_##h##_size;                                                  \
    extern const klpi_lex_slot klpi_lexd_##h##_slots[];
HASH_DECL(whole)
HASH_DECL(first)

/* Kind bits of key in one of the generated hash tables; 0 when absent. */
static unsigned hash_bits(size_t size, const klpi_lex_slot *slots, const char *key, size_t len)
{
    if (len == 0 || len > 255)
        return 0;
    uint64_t h = klpi_hash64(key, len);
    uint32_t fp = (uint32_t)(h >> 32);
    uint8_t tag = (uint8_t)(h >> 24);
    size_t mask = size - 1;
    for (size_t i = (size_t)h & mask; slots[i].len != 0; i = (i + 1) & mask) {
        if (slots[i].fp == fp && slots[i].len == len && slots[i].tag == tag)
            return slots[i].bits;
    }
    return 0;
}

#define WHOLE_BITS(key, len) hash_bits(klpi_lexd_whole_size, klpi_lexd_whole_slots, key, len)
#define FIRST_BITS(key, len) hash_bits(klpi_lexd_first_size, klpi_lexd_first_slots, key, len)

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
    static const unsigned char TRAIL_LEN[] = {2, 3, 3, 3, 3, 3};
    unsigned char c = (unsigned char)s[len - 1];
    if (c == ':' || c == '.' || c == '>' || c == '|' || c == '-' || c == ' ' || c == '!' ||
        c == '*') {
        *cut = 1;
        return true;
    }
    if (c < 0x80)
        return false;
    for (size_t i = 0; i < sizeof TRAIL / sizeof *TRAIL; i++) {
        size_t m = TRAIL_LEN[i];
        if (len >= m && memcmp(s + len - m, TRAIL[i], m) == 0) {
            *cut = m;
            return true;
        }
    }
    return false;
}

/* Writes line, 'A'..'Z' folded, into buf when it is printable ASCII with single spaces and
 * no space at its start: the key is then the line folded. Returns false otherwise. */
static bool fold_plain(const char *line, size_t len, char *buf)
{
    if (line[0] == ' ')
        return false;
    size_t i = 0;
#ifdef __SSE2__
    unsigned prev_sp = 0;
    for (; i + 16 <= len; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(line + i));
        __m128i ctl = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v);
        unsigned sp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
        if (_mm_movemask_epi8(v) | _mm_movemask_epi8(ctl) | (sp & ((sp << 1) | prev_sp)))
            return false;
        prev_sp = sp >> 15;
        __m128i a = _mm_sub_epi8(v, _mm_set1_epi8('A'));
        __m128i up = _mm_cmpeq_epi8(_mm_min_epu8(a, _mm_set1_epi8(25)), a);
        _mm_storeu_si128((__m128i *)(buf + i),
                         _mm_or_si128(v, _mm_and_si128(up, _mm_set1_epi8(0x20))));
    }
#endif
    for (; i < len; i++) {
        unsigned char c = (unsigned char)line[i];
        if (c < 0x20 || c >= 0x80 || (c == ' ' && i > 0 && line[i - 1] == ' '))
            return false;
        buf[i] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    return true;
}

size_t klpi_lex_key(const char *line, size_t len, char *buf, size_t cap)
{
    if (len > 0 && len + 1 < cap && fold_plain(line, len, buf)) {
        size_t n = len, cut;
        while (n > 0 && trail_punct(buf, n, &cut))
            n -= cut;
        buf[n] = '\0';
        return n;
    }
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
    /* the phrases are sorted by their bytes: those that start with key[0] are together */
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((unsigned char)t[mid][0] < (unsigned char)key[0])
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < n && t[i][0] == key[0]; i++) {
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

/* 1 for the bytes that continue a word after folding: a-z, A-Z, 0-9 and non-ASCII bytes. */
static const unsigned char WORD_BYTE[256] = {
#define R16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v
    R16(0), R16(0), R16(0),
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,  /* 0x30: digits */
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x40: A-O */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,  /* 0x50: P-Z */
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x60: a-o */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,  /* 0x70: p-z */
    R16(1), R16(1), R16(1), R16(1), R16(1), R16(1), R16(1), R16(1),
#undef R16
};

/* Bit k set when s[k] (k < 16) is not a word byte (WORD_BYTE); needs 16 readable bytes. */
static inline unsigned nonword16(const char *s)
{
#ifdef __SSE2__
    __m128i v = _mm_loadu_si128((const __m128i *)s);
    __m128i low = _mm_or_si128(v, _mm_set1_epi8(0x20));
    __m128i a = _mm_sub_epi8(low, _mm_set1_epi8('a'));
    __m128i alpha = _mm_cmpeq_epi8(_mm_min_epu8(a, _mm_set1_epi8(25)), a);
    __m128i d = _mm_sub_epi8(v, _mm_set1_epi8('0'));
    __m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d);
    unsigned word = (unsigned)_mm_movemask_epi8(_mm_or_si128(alpha, digit)) |
                    (unsigned)_mm_movemask_epi8(v);
    return ~word & 0xFFFFu;
#else
    unsigned m = 0;
    for (int k = 0; k < 16; k++)
        m |= (unsigned)!WORD_BYTE[(unsigned char)s[k]] << k;
    return m;
#endif
}

/* Runs BODY for each j in [0, len - 4] where a word starts (a word byte after a byte that is
 * not one, or at 0): the places where a "contains" phrase may start (all of them start with
 * a word byte; tools/gen_lexicon.py checks it). */
#define FOR_PHRASE_STARTS(s, len, j, BODY)                                                     \
    do {                                                                                       \
        size_t j = 0;                                                                          \
        unsigned carry_ = 1; /* position 0 is a start */                                       \
        for (size_t b_ = 0; b_ + 4 <= (len); b_ += 16) {                                       \
            unsigned nw_;                                                                      \
            if (b_ + 16 <= (len)) {                                                            \
                nw_ = nonword16((s) + b_);                                                     \
            } else {                                                                           \
                nw_ = 0;                                                                       \
                for (size_t k_ = b_; k_ < (len); k_++)                                         \
                    nw_ |= (unsigned)!WORD_BYTE[(unsigned char)(s)[k_]] << (k_ - b_);          \
            }                                                                                  \
            unsigned starts_ = ((nw_ << 1) | carry_) & ~nw_ & 0xFFFFu;                                \
            carry_ = (nw_ >> 15) & 1u;                                                         \
            while (starts_) {                                                                  \
                j = b_ + (size_t)__builtin_ctz(starts_);                                       \
                starts_ &= starts_ - 1;                                                        \
                if (j + 4 > (len))                                                             \
                    break;                                                                     \
                BODY                                                                           \
            }                                                                                  \
        }                                                                                      \
    } while (0)

static inline unsigned char fold(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

/* The 4 bytes at p as a little-endian number. */
static inline uint32_t load_le32(const char *p)
{
    uint32_t k;
    memcpy(&k, p, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    k = __builtin_bswap32(k);
#endif
    return k;
}

/* True when a "contains" phrase may start with the 4 bytes k (little-endian; all phrases have
 * 4 bytes or more; tools/gen_lexicon.py sets a bit of klpi_lexd_contains_head for each). */
static inline bool contains_head(uint32_t k)
{
    unsigned v = (uint32_t)(k * 0x9E3779B1u) >> 23;
    return (klpi_lexd_contains_head[v >> 3] >> (v & 7)) & 1u;
}

/* The 4 bytes at p, 'A'..'Z' folded to lower case. */
static inline uint32_t load_folded32(const char *p)
{
    uint32_t k = load_le32(p);
    if (k & 0x80808080u) {
        const unsigned char *u = (const unsigned char *)p;
        return (uint32_t)fold(u[0]) | (uint32_t)fold(u[1]) << 8 | (uint32_t)fold(u[2]) << 16 |
               (uint32_t)fold(u[3]) << 24;
    }
    /* ASCII: 0x20 into the bytes 'A'..'Z' (no carry crosses a byte below 0x80) */
    uint32_t up = (k + 0x3F3F3F3Fu) & ~(k + 0x25252525u) & 0x80808080u;
    return k | up >> 2;
}

bool klpi_lex_contains(const char *key, size_t len)
{
    size_t n;
    const unsigned char *lens;
    const char *const *t = table(KLPI_LEX_CONTAINS, &n, &lens);
    FOR_PHRASE_STARTS(key, len, j, {
        if (!contains_head(load_le32(key + j)))
            continue;
        for (size_t i = 0; i < n; i++) {
            size_t m = lens[i];
            if (m <= len - j && t[i][0] == key[j] && memcmp(key + j, t[i], m) == 0)
                return true;
        }
    });
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

bool klpi_lex_contains_raw(const char *s, size_t len)
{
    size_t n;
    const unsigned char *lens;
    const char *const *t = table(KLPI_LEX_CONTAINS, &n, &lens);
    FOR_PHRASE_STARTS(s, len, j, {
        if (!contains_head(load_folded32(s + j)))
            continue;
        unsigned char c0 = fold((unsigned char)s[j]);
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
    });
    return false;
}
