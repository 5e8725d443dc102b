/* klp_utf8.c - UTF-8 decoding, validation and repair (BOMs, UTF-16, windows-1252 fallback,
 * control characters). Everything that leaves the library passes through here or through
 * the HTML decoder, so the output is always valid UTF-8. */
#include "klp_utf8.h"

#include <string.h>

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

/* True when the 8 bytes at p are all printable ASCII (0x20..0x7E). */
static inline bool ascii8(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    /* a byte >= 0x80, a byte < 0x20, or 0x7F (DEL: +1 reaches 0x80) */
    uint64_t bad = (w | (w - ones * 0x20) | (w + ones)) & high;
    return bad == 0;
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

int klpi_utf8_repair(const unsigned char *s, size_t len, klpi_buf *out)
{
    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        s += 3;
        len -= 3;
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
    bool prev_cr = false;
    size_t i = 0;
    while (i < len) {
        /* printable ASCII runs, 8 bytes at a time, then byte by byte */
        size_t j = i;
        if (prev_cr && s[j] == '\n') {
            /* CR LF: the LF was written for the CR */
            prev_cr = false;
            i++;
            continue;
        }
        for (;;) {
            while (j + 8 <= len && ascii8(s + j))
                j += 8;
            while (j < len && ((s[j] >= 0x20 && s[j] < 0x7F) || s[j] == '\n'))
                j++;
            if (j >= len || s[j] < 0xC2)
                break;
            /* a valid multi-byte character that needs no repair joins the run */
            int32_t cp;
            size_t n = klpi_utf8_decode(s + j, len - j, &cp);
            if (cp < 0xA0 || cp == 0xFEFF)
                break;
            valid++;
            j += n;
        }
        if (j > i) {
            if (!klpi_buf_add(out, s + i, j - i))
                return -1;
            prev_cr = false;
            i = j;
            continue;
        }
        int32_t cp;
        size_t n = klpi_utf8_decode(s + i, len - i, &cp);
        if (s[i] >= 0x80) {
            if (cp < 0) {
                invalid++;
            } else {
                valid++;
                if (cp >= 0xA0 && cp != 0xFEFF) {
                    /* a valid character that needs no repair: copy its bytes */
                    if (!klpi_buf_add(out, s + i, n))
                        return -1;
                    prev_cr = false;
                    i += n;
                    continue;
                }
            }
        }
        if (!put_text_cp(out, cp, &flags, &prev_cr))
            return -1;
        i += n;
    }
    /* mostly not UTF-8: the text is in a legacy code page; read it again as windows-1252 */
    if (invalid > 0 && (double)invalid > LEGACY_INVALID_SHARE * (double)(valid + invalid)) {
        out->len = start;
        if (out->ptr)
            out->ptr[start] = '\0';
        return repair_cp1252(s, len, out);
    }
    return flags;
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
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    while (i < n) {
        if (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            /* no byte below 0x20: nothing to count in these 8 */
            if (((w - ones * 0x20) & ~w & high) == 0) {
                i += 8;
                continue;
            }
        }
        unsigned char c = s[i++];
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1B)
            odd++;
    }
    return (double)odd > BINARY_CONTROL_SHARE * (double)n;
}
