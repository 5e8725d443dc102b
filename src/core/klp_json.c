/* klp_json.c - writes a klp_doc as one JSON line in the dolma/datatrove shape. Field order is
 * fixed so the same input gives byte-identical output (see docs/schema.md). */
#include "klp_json.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* 0x80 in each byte of w equal to c (exact). */
static inline uint64_t eq8(uint64_t w, unsigned char c)
{
    const uint64_t lo7 = 0x7F7F7F7F7F7F7F7FULL;
    uint64_t x = w ^ (0x0101010101010101ULL * c);
    return ~(((x & lo7) + lo7) | x | lo7);
}

/* Index of the first byte of s[i..len) that may need escaping: a control byte, a quote, a
 * backslash, or 0xE2 (the lead byte of U+2028 and U+2029); len if none. */
static size_t next_special(const char *s, size_t i, size_t len)
{
#ifdef __SSE2__
    const __m128i ctl = _mm_set1_epi8(0x1F), quote = _mm_set1_epi8('"'),
                  bslash = _mm_set1_epi8('\\'), e2 = _mm_set1_epi8((char)0xE2);
    for (; i + 16 <= len; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
        __m128i m = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, ctl), v),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, quote),
                                              _mm_or_si128(_mm_cmpeq_epi8(v, bslash),
                                                           _mm_cmpeq_epi8(v, e2))));
        unsigned bits = (unsigned)_mm_movemask_epi8(m);
        if (bits)
            return i + (size_t)__builtin_ctz(bits);
    }
#endif
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t m = (((w - 0x2020202020202020ULL) & ~w) | eq8(w, '"') | eq8(w, '\\') |
                      eq8(w, 0xE2)) &
                     0x8080808080808080ULL;
        if (m)
            break; /* the byte loop below finds which */
    }
    for (; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == '"' || c == '\\' || c == 0xE2)
            return i;
    }
    return len;
}

bool klpi_json_str(klpi_buf *b, const char *s, size_t len)
{
    static const char HEX[] = "0123456789abcdef";
    if (!klpi_buf_reserve(b, len + 2) || !klpi_buf_addc(b, '"'))
        return false;
    size_t i = 0, run = 0; /* s[run..i) is copied as it is */
    for (;;) {
        i = next_special(s, i, len);
        if (i >= len)
            break;
        unsigned char c = (unsigned char)s[i];
        bool sep = c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
                   ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9);
        if (c == 0xE2 && !sep) {
            i++; /* another character with that lead byte */
            continue;
        }
        if (i > run && !klpi_buf_add(b, s + run, i - run))
            return false;
        char esc[8];
        size_t n = 2;
        esc[0] = '\\';
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case 0xE2: /* U+2028 / U+2029 */
            memcpy(esc, (unsigned char)s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029", 6);
            n = 6;
            i += 2;
            break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = HEX[c >> 4];
            esc[5] = HEX[c & 15];
            n = 6;
        }
        if (!klpi_buf_add(b, esc, n))
            return false;
        run = ++i;
    }
    if (len > run && !klpi_buf_add(b, s + run, len - run))
        return false;
    return klpi_buf_addc(b, '"');
}

static bool field(klpi_buf *b, bool *first, const char *name, klp_str v)
{
    if (!v.ptr)
        return true;
    bool ok = klpi_buf_adds(b, *first ? "\"" : ",\"");
    *first = false;
    ok = ok && klpi_buf_adds(b, name) && klpi_buf_adds(b, "\":");
    return ok && klpi_json_str(b, v.ptr, v.len);
}

bool klpi_json_doc(klpi_buf *b, const klp_doc *d)
{
    bool ok = klpi_buf_adds(b, "{\"id\":") && klpi_json_str(b, d->id.ptr ? d->id.ptr : "", d->id.len);
    ok = ok && klpi_buf_adds(b, ",\"text\":") &&
         klpi_json_str(b, d->text.ptr ? d->text.ptr : "", d->text.len);
    ok = ok && klpi_buf_adds(b, ",\"metadata\":{");
    bool first = true;
    ok = ok && field(b, &first, "title", d->title);
    ok = ok && field(b, &first, "description", d->description);
    ok = ok && field(b, &first, "author", d->author);
    ok = ok && field(b, &first, "date", d->date);
    ok = ok && field(b, &first, "sitename", d->sitename);
    ok = ok && field(b, &first, "dateline", d->dateline);
    ok = ok && field(b, &first, "language", d->language);
    if (ok && d->language.ptr) {
        /* written by hand: printf's %f follows the locale and may print a decimal comma */
        double v = d->language_score;
        long h = v <= 0 ? 0 : v >= 1 ? 100 : (long)(v * 100.0 + 0.5);
        char num[64];
        snprintf(num, sizeof num, ",\"language_score\":%ld.%02ld", h / 100, h % 100);
        ok = klpi_buf_adds(b, num);
    }
    if (ok && d->n_images) {
        ok = klpi_buf_adds(b, first ? "\"images\":[" : ",\"images\":[");
        first = false;
        for (size_t i = 0; ok && i < d->n_images; i++) {
            bool f2 = true;
            ok = klpi_buf_adds(b, i ? ",{" : "{");
            ok = ok && field(b, &f2, "caption", d->images[i].caption);
            ok = ok && field(b, &f2, "credit", d->images[i].credit);
            ok = ok && klpi_buf_addc(b, '}');
        }
        ok = ok && klpi_buf_addc(b, ']');
    }
    ok = ok && field(b, &first, "url", d->url);
    ok = ok && field(b, &first, "file", d->file);
    if (ok) {
        const char *fmt = d->format == KLP_FORMAT_HTML ? "html" : "text";
        klp_str f = {fmt, strlen(fmt)};
        ok = field(b, &first, "format", f);
    }
    ok = ok && field(b, &first, "crawl_date", d->crawl_date);
    if (ok && d->extra_json.ptr && d->extra_json.len) {
        ok = klpi_buf_addc(b, ',') && klpi_buf_add(b, d->extra_json.ptr, d->extra_json.len);
    }
    return ok && klpi_buf_adds(b, "}}\n");
}
