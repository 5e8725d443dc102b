/* klp_json.c - writes a klp_doc as one JSON line in the dolma/datatrove shape. Field order is
 * fixed so the same input gives byte-identical output (see docs/schema.md). */
#include "klp_json.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* 0x80 in each byte of w equal to c (exact). */
static inline uint64_t eq8(uint64_t w, unsigned char c)
{
    const uint64_t lo7 = 0x7F7F7F7F7F7F7F7FULL;
    uint64_t x = w ^ (0x0101010101010101ULL * c);
    return ~(((x & lo7) + lo7) | x | lo7);
}

bool klpi_json_str(klpi_buf *b, const char *s, size_t len)
{
    static const char HEX[] = "0123456789abcdef";
    if (!klpi_buf_reserve(b, len + 2))
        return false;
    bool ok = klpi_buf_addc(b, '"');
    size_t i = 0;
    while (ok && i < len) {
        size_t j = i;
        /* 8 bytes at a time while none needs escaping: no control byte, no quote, no
         * backslash, no 0xE2 (the lead byte of U+2028 and U+2029) */
        bool stop = false;
        while (j < len && !stop) {
            while (j + 8 <= len) {
                uint64_t w;
                memcpy(&w, s + j, 8);
                if ((((w - 0x2020202020202020ULL) & ~w) | eq8(w, '"') | eq8(w, '\\') |
                     eq8(w, 0xE2)) &
                    0x8080808080808080ULL)
                    break;
                j += 8;
            }
            /* up to the next byte that may need escaping, then back to 8 at a time */
            while (j < len) {
                unsigned char c = (unsigned char)s[j];
                if (c < 0x20 || c == '"' || c == '\\' ||
                    (c == 0xE2 && j + 2 < len && (unsigned char)s[j + 1] == 0x80 &&
                     ((unsigned char)s[j + 2] == 0xA8 || (unsigned char)s[j + 2] == 0xA9))) {
                    stop = true;
                    break;
                }
                j++;
                if (c == 0xE2)
                    break;
            }
        }
        if (j > i)
            ok = klpi_buf_add(b, s + i, j - i);
        if (!ok || j >= len)
            break;
        unsigned char c = (unsigned char)s[j];
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
            memcpy(esc, (unsigned char)s[j + 2] == 0xA8 ? "\\u2028" : "\\u2029", 6);
            n = 6;
            j += 2;
            break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = HEX[c >> 4];
            esc[5] = HEX[c & 15];
            n = 6;
        }
        ok = klpi_buf_add(b, esc, n);
        i = j + 1;
    }
    return ok && klpi_buf_addc(b, '"');
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
