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

/* ---- depth bound ------------------------------------------------------------------------ */

static const char *const void_tags[] = {"area", "base", "br", "col", "embed", "hr", "img",
                                        "input", "link", "meta", "param", "source", "track",
                                        "wbr", "keygen", "basefont", "frame", "command"};
static const char *const raw_tags[] = {"script", "style", "textarea", "title", "xmp",
                                       "iframe", "noembed", "noframes", "plaintext"};
/* Opening one of these closes an open element of the same group at the top. */
static const char *const self_closing_groups[] = {"p", "li", "dt", "dd", "option", "tr",
                                                  "td", "th", "optgroup", "rb", "rt", "rp"};

static bool name_in(const char *name, size_t nl, const char *const *list, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (list[i][0] == name[0] && strlen(list[i]) == nl && memcmp(list[i], name, nl) == 0)
            return true;
    return false;
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
    const char *gt = memchr(in + i, '>', len - i);
    if (gt && !memchr(in + i, '"', (size_t)(gt - (in + i))) &&
        !memchr(in + i, '\'', (size_t)(gt - (in + i)))) {
        size_t e = (size_t)(gt - in); /* no quotes: the first '>' ends the tag */
        *self_close = e > 0 && in[e - 1] == '/';
        return e;
    }
    char q = 0;
    for (; i < len; i++) {
        char d = in[i];
        if (q) {
            if (d == q) q = 0;
        } else if (d == '"' || d == '\'') {
            if (in[i - 1] == '=' || in[i - 1] == ' ') q = d;
        } else if (d == '>') {
            *self_close = in[i - 1] == '/';
            return i;
        }
    }
    return len;
}

char *klph_bound_depth(const char *in, size_t len, size_t max_depth, size_t *out_len) {
    if (max_depth == 0) max_depth = 256;
    if (max_depth > 100000) max_depth = 100000;
    uint32_t *stack = malloc(max_depth * sizeof *stack);
    if (!stack) return NULL;
    size_t top = 0, excess = 0;
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
        while (i < len && in[i] != '>' && in[i] != '/' && in[i] != ' ' && in[i] != '\t' &&
               in[i] != '\n' && in[i] != '\r' && in[i] != '\f') {
            if (nl < sizeof name) name[nl] = (char)lower(in[i]);
            nl++;
            i++;
        }
        if (nl > sizeof name) nl = sizeof name; /* long names: compared by prefix, fine */
        bool self_close = false;
        i = tag_end(in, len, i, &self_close);
        size_t e = i < len ? i + 1 : len;
        i = e;
        uint32_t h = name_hash(name, nl);
        if (end_tag) {
            if (name_in(name, nl, void_tags, sizeof void_tags / sizeof *void_tags)) continue;
            if (excess > 0) {
                excess--;
                drop_range(&o, in, len, b, e);
                continue;
            }
            for (size_t k = top; k > 0; k--) {
                if (stack[k - 1] == h) {
                    top = k - 1;
                    break;
                }
            }
            continue;
        }
        if (name_in(name, nl, raw_tags, sizeof raw_tags / sizeof *raw_tags)) {
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
        if (self_close || name_in(name, nl, void_tags, sizeof void_tags / sizeof *void_tags))
            continue;
        if (top > 0 && name_in(name, nl, self_closing_groups,
                               sizeof self_closing_groups / sizeof *self_closing_groups)) {
            uint32_t t = stack[top - 1];
            if (t == h || ((h == h_td || h == h_th) && (t == h_td || t == h_th)) ||
                ((h == h_dt || h == h_dd) && (t == h_dt || t == h_dd)))
                top--;
        } else if (top > 0 && stack[top - 1] == h_p && nl > 0 &&
                   (name_in(name, nl, (const char *const[]){"div", "p", "ul", "ol", "table",
                                                            "h1", "h2", "h3", "h4", "h5",
                                                            "h6", "section", "article",
                                                            "blockquote", "pre", "dl"},
                            16))) {
            top--;
        }
        if (top >= max_depth) {
            excess++;
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
