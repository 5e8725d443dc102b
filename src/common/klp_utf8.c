/* klp_utf8.c - UTF-8 decoding, validation and repair (BOMs, UTF-16, windows-1252 fallback,
 * control characters). Everything that leaves the library passes through here or through
 * the HTML decoder, so the output is always valid UTF-8. */
#include "klp_utf8.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* windows-1252 bytes 0x80..0x9F; 0 where the code page has no character. */
static const uint16_t CP1252_HIGH[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

/* Share of invalid sequences among non-ASCII ones above which text is read as cp1252. */
static const double LEGACY_INVALID_SHARE = 0.5;
/* Binary sniffing: window and the share of odd control bytes that makes data binary. */
static const size_t BINARY_WINDOW = 16384;
static const double BINARY_CONTROL_SHARE = 0.10;

size_t klpi_utf8_decode(const unsigned char *s, size_t len, int32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t n;
    int32_t v;
    int32_t min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        v = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        v = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        v = c & 0x07;
        min = 0x10000;
    } else {
        *cp = -1;
        return 1;
    }
    if (len < n) {
        *cp = -1;
        return 1;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = -1;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = -1;
        return 1;
    }
    *cp = v;
    return n;
}

bool klpi_utf8_put(klpi_buf *b, int32_t cp)
{
    unsigned char t[4];
    size_t n;
    if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        t[0] = (unsigned char)cp;
        n = 1;
    } else if (cp < 0x800) {
        t[0] = (unsigned char)(0xC0 | (cp >> 6));
        t[1] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        t[0] = (unsigned char)(0xE0 | (cp >> 12));
        t[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        t[2] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        t[0] = (unsigned char)(0xF0 | (cp >> 18));
        t[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        t[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        t[3] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return klpi_buf_add(b, t, n);
}

/* Appends one decoded code point with the control-character policy; updates *flags and
 * *prev_cr. Returns false when the buffer cannot grow. */
static bool put_text_cp(klpi_buf *out, int32_t cp, int *flags, bool *prev_cr)
{
    if (cp == '\n') {
        bool was_cr = *prev_cr;
        *prev_cr = false;
        if (was_cr)
            return true; /* CR LF: the LF was written for the CR */
        return klpi_buf_addc(out, '\n');
    }
    *prev_cr = false;
    if (cp == '\r') {
        *prev_cr = true;
        return klpi_buf_addc(out, '\n');
    }
    if (cp == '\t' || cp == '\f' || cp == '\v')
        return klpi_buf_addc(out, ' ');
    if (cp < 0) {
        *flags |= KLPI_FIX_INVALID;
        return klpi_utf8_put(out, 0xFFFD);
    }
    if (cp == 0) {
        *flags |= KLPI_FIX_NUL;
        return true;
    }
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
        *flags |= KLPI_FIX_CONTROL;
        return true;
    }
    if (cp == 0xFEFF) /* a BOM inside the text: zero width, drop */
        return true;
    return klpi_utf8_put(out, cp);
}

static int repair_utf16(const unsigned char *s, size_t len, bool be, klpi_buf *out)
{
    int flags = 0;
    bool prev_cr = false;
    size_t i = 0;
    while (i + 1 < len) {
        uint32_t u = be ? (uint32_t)(s[i] << 8 | s[i + 1]) : (uint32_t)(s[i + 1] << 8 | s[i]);
        i += 2;
        int32_t cp = (int32_t)u;
        if (u >= 0xD800 && u <= 0xDBFF) {
            if (i + 1 < len) {
                uint32_t l =
                    be ? (uint32_t)(s[i] << 8 | s[i + 1]) : (uint32_t)(s[i + 1] << 8 | s[i]);
                if (l >= 0xDC00 && l <= 0xDFFF) {
                    cp = (int32_t)(0x10000 + ((u - 0xD800) << 10) + (l - 0xDC00));
                    i += 2;
                } else {
                    cp = -1;
                }
            } else {
                cp = -1;
            }
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            cp = -1;
        }
        if (!put_text_cp(out, cp, &flags, &prev_cr))
            return -1;
    }
    if (i < len)
        flags |= KLPI_FIX_INVALID;
    return flags;
}

static const uint64_t ONES = 0x0101010101010101ULL;
static const uint64_t HIGH = 0x8080808080808080ULL;
static const uint64_t LOW7 = 0x7F7F7F7F7F7F7F7FULL;

/* 0x80 in each byte of w equal to b (exact: no carry crosses bytes). */
static inline uint64_t bytes_eq(uint64_t w, unsigned char b)
{
    uint64_t x = w ^ (ONES * b);
    return ~(((x & LOW7) + LOW7) | x | LOW7);
}

/* 0x80 in each byte of w below 0x20 (exact). */
static inline uint64_t bytes_ctl(uint64_t w)
{
    return ~((w & LOW7) + ONES * 0x60) & ~w & HIGH;
}

/* 0x80 in each byte of w that plain text cannot copy as it is: a control character other
 * than LF, DEL, or a byte >= 0x80. */
static inline uint64_t bytes_special(uint64_t w)
{
    return (bytes_ctl(w) & ~bytes_eq(w, '\n')) | bytes_eq(w, 0x7F) | (w & HIGH);
}

/* Index of the first byte of s[i..len) that is not printable ASCII or LF; len if none. */
static size_t skip_plain(const unsigned char *s, size_t i, size_t len)
{
#ifdef __SSE2__
    const __m128i below = _mm_set1_epi8(0x1F), del = _mm_set1_epi8(0x7F),
                  lf = _mm_set1_epi8('\n');
    for (; i + 16 <= len; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
        /* signed compare: bytes >= 0x80 are negative, so they fail it with the controls */
        __m128i ok = _mm_or_si128(_mm_andnot_si128(_mm_cmpeq_epi8(v, del), _mm_cmpgt_epi8(v, below)),
                                  _mm_cmpeq_epi8(v, lf));
        unsigned m = (unsigned)_mm_movemask_epi8(ok);
        if (m != 0xFFFF)
            return i + (size_t)__builtin_ctz(~m);
    }
#endif
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t m = bytes_special(w);
        if (m)
            return i + (size_t)__builtin_ctzll(m) / 8;
    }
    while (i < len && ((s[i] >= 0x20 && s[i] < 0x7F) || s[i] == '\n'))
        i++;
    return i;
}

/* True when s[i..i+16) holds no control byte other than LF (needs 16 readable bytes). */
static inline bool no_control16(const unsigned char *s)
{
#ifdef __SSE2__
    __m128i v = _mm_loadu_si128((const __m128i *)s);
    /* unsigned v < 0x20: min(v, 0x1F) == v */
    __m128i ctl = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v);
    ctl = _mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')), ctl);
    return _mm_movemask_epi8(ctl) == 0;
#else
    uint64_t a, b;
    memcpy(&a, s, 8);
    memcpy(&b, s + 8, 8);
    return ((bytes_ctl(a) & ~bytes_eq(a, '\n')) | (bytes_ctl(b) & ~bytes_eq(b, '\n'))) == 0;
#endif
}

static int repair_cp1252(const unsigned char *s, size_t len, klpi_buf *out)
{
    int flags = KLPI_FIX_LEGACY;
    bool prev_cr = false;
    for (size_t i = 0; i < len; i++) {
        int32_t cp = s[i];
        if (cp >= 0x80 && cp <= 0x9F)
            cp = CP1252_HIGH[cp - 0x80] ? CP1252_HIGH[cp - 0x80] : -1;
        if (!put_text_cp(out, cp, &flags, &prev_cr))
            return -1;
    }
    return flags;
}

/* A control byte that binary data has and text has not. */
static bool odd_control(unsigned char c)
{
    return c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1B;
}

/* klpi_utf8_repair; when odd is not NULL, also counts the odd control bytes among the first
 * BINARY_WINDOW bytes of the input (klpi_looks_binary's count). */
static int repair(const unsigned char *s, size_t len, klpi_buf *out, size_t *odd)
{
    size_t base = 0; /* bytes of the input before s */
    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        s += 3;
        len -= 3;
        base = 3;
    } else if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
        return repair_utf16(s + 2, len - 2, false, out);
    } else if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
        return repair_utf16(s + 2, len - 2, true, out);
    }
    if (!klpi_buf_reserve(out, len))
        return -1;
    size_t start = out->len;
    size_t valid = 0, invalid = 0;
    int flags = 0;
    size_t run = 0; /* start of the bytes copied as they are */
    size_t i = 0;
    for (;;) {
        i = skip_plain(s, i, len);
        if (i >= len)
            break;
        if (odd && odd_control(s[i]) && base + i < BINARY_WINDOW)
            (*odd)++;
        int32_t cp;
        size_t n = klpi_utf8_next(s + i, len - i, &cp);
        if (s[i] >= 0x80) {
            if (cp < 0) {
                invalid++;
            } else {
                valid++;
                if (cp >= 0xA0 && cp != 0xFEFF) {
                    i += n; /* a character that needs no repair stays in the run */
                    continue;
                }
            }
        }
        if (i > run && !klpi_buf_add(out, s + run, i - run))
            return -1;
        bool prev_cr = false;
        if (!put_text_cp(out, cp, &flags, &prev_cr))
            return -1;
        i += n;
        if (cp == '\r' && i < len && s[i] == '\n')
            i++; /* CR LF: the LF was written for the CR */
        run = i;
    }
    if (len > run && !klpi_buf_add(out, s + run, len - run))
        return -1;
    /* mostly not UTF-8: the text is in a legacy code page; read it again as windows-1252 */
    if (invalid > 0 && (double)invalid > LEGACY_INVALID_SHARE * (double)(valid + invalid)) {
        out->len = start;
        if (out->ptr)
            out->ptr[start] = '\0';
        return repair_cp1252(s, len, out);
    }
    return flags;
}

int klpi_utf8_repair(const unsigned char *s, size_t len, klpi_buf *out)
{
    return repair(s, len, out, NULL);
}

int klpi_utf8_repair_sniff(const unsigned char *s, size_t len, klpi_buf *out, bool *binary)
{
    size_t odd = 0;
    int r = repair(s, len, out, &odd);
    size_t n = len < BINARY_WINDOW ? len : BINARY_WINDOW;
    *binary = n > 0 && (double)odd > BINARY_CONTROL_SHARE * (double)n;
    return r;
}

bool klpi_looks_binary(const unsigned char *s, size_t len)
{
    if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF)))
        return false;
    size_t n = len < BINARY_WINDOW ? len : BINARY_WINDOW;
    if (n == 0)
        return false;
    size_t odd = 0;
    size_t i = 0;
    while (i < n) {
        if (i + 16 <= n && no_control16(s + i)) {
            i += 16; /* no control byte but LF: nothing to count in these 16 */
            continue;
        }
        if (odd_control(s[i++]))
            odd++;
    }
    return (double)odd > BINARY_CONTROL_SHARE * (double)n;
}
