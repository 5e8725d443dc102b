/* klp_prescan.c - raw-byte passes before parsing: the character encoding (BOM, HTTP
 * charset, <meta charset> prescan, UTF-8 validity, detection) and a cheap tag scan that
 * bounds the nesting depth (MyHTML slows down with the square of the depth). */
#include "klp_prescan.h"

#include "klp_dom.h"
#include "klp_hbuf.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define KLPH_META_SCAN_BYTES 65536 /* <meta charset> looked for in this many bytes */
#define KLPH_UTF8_SCAN_BYTES 262144

static int lower(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

/* 1 valid UTF-8 with some non-ASCII, 0 pure ASCII, -1 invalid. */
static int utf8_state(const char *s, size_t n) {
    const unsigned char *u = (const unsigned char *)s;
    bool multi = false;
    size_t i = 0;
    while (i < n) {
        if (u[i] < 0x80) {
            i++;
            /* skip ASCII eight bytes at a time */
            while (i + 8 <= n) {
                uint64_t w;
                memcpy(&w, u + i, 8);
                if (w & 0x8080808080808080ull) break;
                i += 8;
            }
            continue;
        }
        int32_t cp;
        size_t l = klph_utf8_next(u + i, n - i, &cp);
        if (cp < 0) {
            if (n - i < 4 && n == KLPH_UTF8_SCAN_BYTES) break; /* cut at the scan end */
            return -1;
        }
        multi = true;
        i += l;
    }
    return multi ? 1 : 0;
}

static int charset_label(const char *s, size_t n) {
    /* s points after "charset": skip spaces, '=', quotes */
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
    if (i >= n || s[i] != '=') return -1;
    i++;
    while (i < n && (s[i] == ' ' || s[i] == '"' || s[i] == '\'' || s[i] == '\t')) i++;
    size_t b = i;
    while (i < n && i - b < 40 &&
           ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
            (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_' || s[i] == ':' ||
            s[i] == '.'))
        i++;
    if (i == b) return -1;
    return klpd_encoding_by_name(s + b, i - b);
}

static int meta_prescan(const char *s, size_t n) {
    if (n > KLPH_META_SCAN_BYTES) n = KLPH_META_SCAN_BYTES;
    size_t i = 0;
    while (i + 5 < n) {
        const char *lt = memchr(s + i, '<', n - i);
        if (!lt) break;
        i = (size_t)(lt - s) + 1;
        if (i + 4 > n) break;
        if (lower(s[i]) != 'm' || !klph_istarts(s + i, n - i, "meta")) continue;
        const char *gt = memchr(s + i, '>', n - i);
        size_t end = gt ? (size_t)(gt - s) : n;
        const char *cs = klph_ifind(s + i, end - i, "charset");
        if (cs) {
            size_t off = (size_t)(cs - s) + 7;
            int e = charset_label(s + off, end - off);
            if (e >= 0) return e;
        }
        i = end;
    }
    return -1;
}

static bool is_unicode16(int e) {
    /* WHATWG: a <meta> declaring UTF-16 means UTF-8 */
    return e == klpd_encoding_by_name("utf-16le", 8) || e == klpd_encoding_by_name("utf-16be", 8) ||
           e == klpd_encoding_by_name("utf-16", 6);
}

int klph_detect_encoding(const char *bytes, size_t len, const char *http_charset,
                         size_t *skip) {
    *skip = 0;
    int e = klpd_encoding_bom(bytes, len, skip);
    if (e >= 0) return e;
    size_t scan = len < KLPH_UTF8_SCAN_BYTES ? len : KLPH_UTF8_SCAN_BYTES;
    int u8 = utf8_state(bytes, scan);
    int utf8 = klpd_encoding_utf8();
    if (http_charset) {
        e = klpd_encoding_by_name(http_charset, strlen(http_charset));
        if (e >= 0 && !is_unicode16(e)) return (u8 == 1) ? utf8 : e;
    }
    e = meta_prescan(bytes, len);
    if (e >= 0) {
        if (is_unicode16(e)) return utf8;
        /* a legacy declaration over bytes that are valid, non-ASCII UTF-8: trust the bytes */
        if (u8 == 1) return utf8;
        return e;
    }
    if (u8 >= 0) return utf8;
    e = klpd_encoding_guess(bytes, scan);
    if (e >= 0 && e != utf8) return e;
    return klpd_encoding_by_name("windows-1252", 12);
}

/* ---- UTF-16 ------------------------------------------------------------------------------ */

int klph_utf16_kind(int enc) {
    if (enc < 0) return 0;
    if (enc == klpd_encoding_by_name("utf-16le", 8)) return 1;
    if (enc == klpd_encoding_by_name("utf-16be", 8)) return 2;
    return 0;
}

static size_t put_utf8(char *o, uint32_t c) {
    if (c < 0x80) {
        o[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (char)(0xC0 | (c >> 6));
        o[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (char)(0xE0 | (c >> 12));
        o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        o[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (c >> 18));
    o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    o[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

char *klph_utf16_to_utf8(const char *in, size_t len, bool big_endian, size_t *out_len) {
    /* each 2-byte unit gives at most 3 bytes; a surrogate pair (4 bytes) gives 4 */
    char *o = malloc(len / 2 * 3 + 4);
    if (!o) return NULL;
    const unsigned char *u = (const unsigned char *)in;
    size_t n = 0, i = 0;
    while (i + 1 < len) {
        uint32_t c = big_endian ? (uint32_t)(u[i] << 8 | u[i + 1]) : (uint32_t)(u[i + 1] << 8 | u[i]);
        i += 2;
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < len) {
            uint32_t d = big_endian ? (uint32_t)(u[i] << 8 | u[i + 1]) : (uint32_t)(u[i + 1] << 8 | u[i]);
            if (d >= 0xDC00 && d <= 0xDFFF) {
                c = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00);
                i += 2;
            } else {
                c = 0xFFFD;
            }
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            c = 0xFFFD;
        }
        n += put_utf8(o + n, c);
    }
    if (i < len) n += put_utf8(o + n, 0xFFFD);
    o[n] = 0;
    *out_len = n;
    return o;
}

/* ---- depth bound ------------------------------------------------------------------------ */

enum { T_VOID = 1, T_RAW = 2, T_GROUP = 4, T_CLOSES_P = 8, T_KEEP_END = 16 };

typedef struct tag_role {
    const char *name;
    unsigned char len, role;
} tag_role;

/* Tags the depth scan must know (sorted by first letter): void elements, raw text elements,
 * elements whose start closes an open one of the same group, blocks that close an open <p>,
 * end tags kept even when they close nothing (the parser acts on them or opens the element
 * by itself). */
static const tag_role tag_roles[] = {
    {"area", 4, T_VOID}, {"article", 7, T_CLOSES_P}, {"base", 4, T_VOID},
    {"basefont", 8, T_VOID}, {"blockquote", 10, T_CLOSES_P}, {"body", 4, T_KEEP_END},
    {"br", 2, T_VOID | T_KEEP_END}, {"col", 3, T_VOID}, {"colgroup", 8, T_KEEP_END},
    {"command", 7, T_VOID}, {"dd", 2, T_GROUP}, {"div", 3, T_CLOSES_P}, {"dl", 2, T_CLOSES_P},
    {"dt", 2, T_GROUP}, {"embed", 5, T_VOID}, {"frame", 5, T_VOID}, {"h1", 2, T_CLOSES_P},
    {"h2", 2, T_CLOSES_P}, {"h3", 2, T_CLOSES_P}, {"h4", 2, T_CLOSES_P}, {"h5", 2, T_CLOSES_P},
    {"h6", 2, T_CLOSES_P}, {"head", 4, T_KEEP_END}, {"hr", 2, T_VOID | T_CLOSES_P},
    {"html", 4, T_KEEP_END}, {"iframe", 6, T_RAW}, {"img", 3, T_VOID}, {"input", 5, T_VOID},
    {"keygen", 6, T_VOID}, {"li", 2, T_GROUP}, {"link", 4, T_VOID}, {"meta", 4, T_VOID},
    {"noembed", 7, T_RAW}, {"noframes", 8, T_RAW}, {"ol", 2, T_CLOSES_P},
    {"optgroup", 8, T_GROUP}, {"option", 6, T_GROUP},
    {"p", 1, T_GROUP | T_CLOSES_P | T_KEEP_END}, {"param", 5, T_VOID}, {"plaintext", 9, T_RAW},
    {"pre", 3, T_CLOSES_P}, {"rb", 2, T_GROUP}, {"rp", 2, T_GROUP}, {"rt", 2, T_GROUP},
    {"script", 6, T_RAW}, {"section", 7, T_CLOSES_P}, {"source", 6, T_VOID},
    {"style", 5, T_RAW}, {"table", 5, T_CLOSES_P}, {"tbody", 5, T_KEEP_END},
    {"td", 2, T_GROUP | T_KEEP_END}, {"template", 8, T_KEEP_END}, {"textarea", 8, T_RAW},
    {"tfoot", 5, T_KEEP_END}, {"th", 2, T_GROUP | T_KEEP_END}, {"thead", 5, T_KEEP_END},
    {"title", 5, T_RAW}, {"tr", 2, T_GROUP | T_KEEP_END}, {"track", 5, T_VOID},
    {"ul", 2, T_CLOSES_P}, {"wbr", 3, T_VOID}, {"xmp", 3, T_RAW},
};

/* first[c - 'a'] .. first[c - 'a' + 1]: the tag_roles entries starting with letter c */
static void role_index(uint8_t first[27]) {
    size_t k = 0, n = sizeof tag_roles / sizeof *tag_roles;
    for (int c = 0; c < 26; c++) {
        first[c] = (uint8_t)k;
        while (k < n && tag_roles[k].name[0] == 'a' + c) k++;
    }
    first[26] = (uint8_t)k;
}

static unsigned tag_role_of(const uint8_t first[27], const char *name, size_t nl) {
    unsigned c = (unsigned char)name[0] - 'a';
    if (c >= 26) return 0;
    for (size_t i = first[c]; i < first[c + 1]; i++)
        if (tag_roles[i].len == nl && memcmp(tag_roles[i].name, name, nl) == 0)
            return tag_roles[i].role;
    return 0;
}

static uint32_t name_hash(const char *s, size_t n) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

typedef struct depth_out {
    char *p;
    size_t n;
    size_t copied; /* input bytes up to here are accounted for */
    bool active, oom;
} depth_out;

static void drop_range(depth_out *o, const char *in, size_t len, size_t b, size_t e) {
    if (o->oom) return;
    if (!o->active) {
        o->p = malloc(len + 1);
        if (!o->p) {
            o->oom = true;
            return;
        }
        o->active = true;
    }
    memcpy(o->p + o->n, in + o->copied, b - o->copied);
    o->n += b - o->copied;
    o->copied = e;
}

/* Index of the '>' closing the tag whose attributes start at i (len when none), honouring
 * quoted attribute values. */
static size_t tag_end(const char *in, size_t len, size_t i, bool *self_close) {
    for (; i < len; i++) {
        char d = in[i];
        if (d == '>') {
            *self_close = i > 0 && in[i - 1] == '/';
            return i;
        } else if ((d == '"' || d == '\'') && (in[i - 1] == '=' || in[i - 1] == ' ')) {
            /* a quoted value: skip to its end at once */
            const char *e = memchr(in + i + 1, d, len - i - 1);
            if (!e) return len;
            i = (size_t)(e - in);
        }
    }
    return len;
}

char *klph_bound_depth(const char *in, size_t len, size_t max_depth, size_t *out_len) {
    return klph_bound_depth_ex(in, len, max_depth, out_len, NULL);
}

char *klph_bound_depth_ex(const char *in, size_t len, size_t max_depth, size_t *out_len,
                          bool *flattened) {
    if (flattened) *flattened = false;
    if (max_depth == 0) max_depth = 256;
    if (max_depth > 100000) max_depth = 100000;
    uint32_t *stack = malloc(max_depth * sizeof *stack);
    if (!stack) return NULL;
    size_t top = 0, excess = 0;
    uint8_t first[27];
    role_index(first);
    depth_out o = {0};
    size_t i = 0;
    const uint32_t h_p = name_hash("p", 1), h_td = name_hash("td", 2), h_th = name_hash("th", 2),
                   h_dt = name_hash("dt", 2), h_dd = name_hash("dd", 2);
    while (i < len && !o.oom) {
        const char *lt = memchr(in + i, '<', len - i);
        if (!lt) break;
        size_t b = (size_t)(lt - in);
        i = b + 1;
        if (i >= len) break;
        char c = in[i];
        if (c == '!' || c == '?') {
            if (i + 2 < len && in[i] == '!' && in[i + 1] == '-' && in[i + 2] == '-') {
                /* comment: up to "-->" */
                size_t k = i + 3;
                for (;;) {
                    const char *d = k < len ? memchr(in + k, '-', len - k) : NULL;
                    if (!d) {
                        k = len;
                        break;
                    }
                    k = (size_t)(d - in);
                    if (k + 2 < len && in[k + 1] == '-' && in[k + 2] == '>') {
                        k += 3;
                        break;
                    }
                    k++;
                }
                i = k;
            } else {
                const char *gt = memchr(in + i, '>', len - i);
                i = gt ? (size_t)(gt - in) + 1 : len;
            }
            continue;
        }
        bool end_tag = false;
        if (c == '/') {
            end_tag = true;
            i++;
            if (i >= len) break;
            c = in[i];
        }
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) continue;
        char name[16];
        size_t nl = 0;
        uint32_t h = 2166136261u;
        while (i < len && in[i] != '>' && in[i] != '/' && in[i] != ' ' && in[i] != '\t' &&
               in[i] != '\n' && in[i] != '\r' && in[i] != '\f') {
            if (nl < sizeof name) {
                name[nl] = (char)lower(in[i]);
                h = (h ^ (unsigned char)name[nl]) * 16777619u;
            }
            nl++;
            i++;
        }
        if (nl > sizeof name) nl = sizeof name; /* long names: compared by prefix, fine */
        bool self_close = false;
        i = tag_end(in, len, i, &self_close);
        size_t e = i < len ? i + 1 : len;
        i = e;
        unsigned role = tag_role_of(first, name, nl);
        if (end_tag) {
            if (role & T_VOID) {
                if (!(role & T_KEEP_END)) drop_range(&o, in, len, b, e); /* "</img>" */
                continue;
            }
            if (excess > 0) {
                excess--;
                drop_range(&o, in, len, b, e);
                continue;
            }
            bool open = false;
            for (size_t k = top; k > 0; k--) {
                if (stack[k - 1] == h) {
                    top = k - 1;
                    open = true;
                    break;
                }
            }
            /* an end tag closing nothing: the parser ignores it, but MyHTML's merging of the
             * text around it copies overlapping memory, so it goes (</p>, </br>, </body>...
             * that the parser does not ignore stay) */
            if (!open && !(role & (T_KEEP_END | T_RAW))) drop_range(&o, in, len, b, e);
            continue;
        }
        if (role & T_RAW) {
            /* skip raw text up to the matching end tag */
            size_t k = i;
            while (k < len) {
                const char *l2 = memchr(in + k, '<', len - k);
                if (!l2) {
                    k = len;
                    break;
                }
                k = (size_t)(l2 - in);
                if (k + 2 + nl <= len && in[k + 1] == '/') {
                    bool same = true;
                    for (size_t m = 0; m < nl; m++)
                        if (lower(in[k + 2 + m]) != name[m]) {
                            same = false;
                            break;
                        }
                    if (same) break;
                }
                k++;
            }
            i = k;
            continue;
        }
        if (self_close || (role & T_VOID)) continue;
        if (top > 0 && (role & T_GROUP)) {
            uint32_t t = stack[top - 1];
            if (t == h || ((h == h_td || h == h_th) && (t == h_td || t == h_th)) ||
                ((h == h_dt || h == h_dd) && (t == h_dt || t == h_dd)))
                top--;
        }
        if (top > 0 && stack[top - 1] == h_p && (role & T_CLOSES_P) && h != h_p) {
            top--;
        }
        if (top >= max_depth) {
            excess++;
            if (flattened) *flattened = true;
            drop_range(&o, in, len, b, e);
            continue;
        }
        stack[top++] = h;
    }
    free(stack);
    if (!o.active || o.oom) {
        free(o.p);
        return NULL;
    }
    memcpy(o.p + o.n, in + o.copied, len - o.copied);
    o.n += len - o.copied;
    o.p[o.n] = 0;
    *out_len = o.n;
    return o.p;
}
