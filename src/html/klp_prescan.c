/* klp_prescan.c - raw-byte passes before parsing: the character encoding (BOM, HTTP
 * charset, <meta charset> prescan, UTF-8 validity, detection) and a cheap tag scan that
 * bounds the nesting depth (MyHTML slows down with the square of the depth) and leaves out
 * the text of scripts and styles (about half of the bytes of a page), comments and the
 * attributes that nothing reads (a good share of the rest): bytes the parser would only
 * tokenize. */
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
            /* skip ASCII 32 bytes at a time, then eight */
            while (i + 32 <= n) {
                uint64_t w[4];
                memcpy(w, u + i, 32);
                if ((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080ull) break;
                i += 32;
            }
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

/* ---- depth bound and raw text ---------------------------------------------------------- */

enum {
    T_VOID = 1,
    T_RAW = 2,
    T_GROUP = 4,
    T_CLOSES_P = 8,
    T_KEEP_END = 16,
    T_SVG = 32,     /* an SVG element that keeps the parser in SVG content */
    T_SPECIAL = 64, /* a name the raw-text elision looks at (see elide_state) */
    T_ATTRS = 128,  /* keeps all its attributes (see kept_attrs) */
};

typedef struct tag_role {
    char name[16]; /* zero-padded: compared as two words */
    unsigned char role;
} tag_role;

/* Tags the depth scan must know (sorted by first letter): void elements, raw text elements,
 * elements whose start closes an open one of the same group, blocks that close an open <p>,
 * end tags kept even when they close nothing (the parser acts on them or opens the element
 * by itself); SVG elements that neither leave SVG content nor hold HTML; elements whose
 * attributes the parser compares (formatting elements, by the "Noah's Ark" clause; not <a>,
 * whose start closes any <a> still open first) or reads (annotation-xml). */
static const tag_role tag_roles[] = {
    {"a", T_SVG}, {"animate", T_SVG}, {"animatemotion", T_SVG},
    {"animatetransform", T_SVG}, {"annotation-xml", T_ATTRS}, {"area", T_VOID},
    {"article", T_CLOSES_P}, {"b", T_ATTRS}, {"base", T_VOID}, {"basefont", T_VOID},
    {"big", T_ATTRS}, {"blockquote", T_CLOSES_P}, {"body", T_KEEP_END},
    {"br", T_VOID | T_KEEP_END}, {"circle", T_SVG}, {"clippath", T_SVG}, {"code", T_ATTRS},
    {"col", T_VOID}, {"colgroup", T_KEEP_END}, {"command", T_VOID},
    {"dd", T_GROUP}, {"defs", T_SVG}, {"div", T_CLOSES_P}, {"dl", T_CLOSES_P},
    {"dt", T_GROUP}, {"ellipse", T_SVG}, {"em", T_ATTRS}, {"embed", T_VOID},
    {"filter", T_SVG}, {"font", T_ATTRS}, {"frame", T_VOID}, {"frameset", T_SPECIAL},
    {"g", T_SVG}, {"h1", T_CLOSES_P}, {"h2", T_CLOSES_P}, {"h3", T_CLOSES_P},
    {"h4", T_CLOSES_P}, {"h5", T_CLOSES_P}, {"h6", T_CLOSES_P}, {"head", T_KEEP_END},
    {"hr", T_VOID | T_CLOSES_P}, {"html", T_KEEP_END}, {"i", T_ATTRS}, {"iframe", T_RAW},
    {"image", T_SVG}, {"img", T_VOID}, {"input", T_VOID}, {"keygen", T_VOID},
    {"li", T_GROUP}, {"line", T_SVG}, {"lineargradient", T_SVG}, {"link", T_VOID},
    {"marker", T_SVG}, {"mask", T_SVG}, {"math", T_SPECIAL}, {"meta", T_VOID},
    {"nobr", T_ATTRS}, {"noembed", T_RAW}, {"noframes", T_RAW}, {"ol", T_CLOSES_P},
    {"optgroup", T_GROUP}, {"option", T_GROUP},
    {"p", T_GROUP | T_CLOSES_P | T_KEEP_END}, {"param", T_VOID}, {"path", T_SVG},
    {"pattern", T_SVG}, {"plaintext", T_RAW}, {"polygon", T_SVG}, {"polyline", T_SVG},
    {"pre", T_CLOSES_P}, {"radialgradient", T_SVG}, {"rb", T_GROUP}, {"rect", T_SVG},
    {"rp", T_GROUP}, {"rt", T_GROUP}, {"s", T_ATTRS}, {"script", T_RAW | T_SPECIAL},
    {"section", T_CLOSES_P}, {"select", T_SPECIAL}, {"set", T_SVG}, {"small", T_ATTRS},
    {"source", T_VOID}, {"stop", T_SVG}, {"strike", T_ATTRS}, {"strong", T_ATTRS},
    {"style", T_RAW | T_SPECIAL}, {"svg", T_SPECIAL}, {"symbol", T_SVG},
    {"table", T_CLOSES_P}, {"tbody", T_KEEP_END}, {"td", T_GROUP | T_KEEP_END},
    {"template", T_KEEP_END | T_SPECIAL}, {"text", T_SVG}, {"textarea", T_RAW},
    {"textpath", T_SVG}, {"tfoot", T_KEEP_END}, {"th", T_GROUP | T_KEEP_END},
    {"thead", T_KEEP_END}, {"title", T_RAW}, {"tr", T_GROUP | T_KEEP_END},
    {"track", T_VOID}, {"tspan", T_SVG}, {"tt", T_ATTRS}, {"u", T_ATTRS},
    {"ul", T_CLOSES_P}, {"use", T_SVG}, {"wbr", T_VOID}, {"xmp", T_RAW},
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

/* Eight bytes as a number, the first one lowest (one load on little-endian machines). */
static uint64_t le64(const char *p) {
    const unsigned char *u = (const unsigned char *)p;
    return (uint64_t)u[0] | (uint64_t)u[1] << 8 | (uint64_t)u[2] << 16 | (uint64_t)u[3] << 24 |
           (uint64_t)u[4] << 32 | (uint64_t)u[5] << 40 | (uint64_t)u[6] << 48 |
           (uint64_t)u[7] << 56;
}

/* name: lower-case, zero-padded to 16 bytes, as le64() of its halves (built a byte at a
 * time, not read back from memory just written a byte at a time, which stalls) */
static unsigned tag_role_of(const uint8_t first[27], const uint64_t name[2]) {
    unsigned c = (unsigned)(name[0] & 0xFF) - 'a';
    if (c >= 26) return 0;
    for (size_t i = first[c]; i < first[c + 1]; i++)
        if (le64(tag_roles[i].name) == name[0] && le64(tag_roles[i].name + 8) == name[1])
            return tag_roles[i].role;
    return 0;
}

/* Attributes that reach the parser (sorted by first letter), on all elements or on one:
 * those the extractor reads (klp_meta.c, klp_maintext.c) and those the parser acts on
 * (<meta charset>, <input type>; <font> and <annotation-xml> keep all theirs, see T_ATTRS,
 * and so do a <link> that may be canonical and a <script> that may hold JSON-LD, see
 * keeps_all()). The others are left out of its input with the raw text: a good share of
 * the bytes of many pages (srcset, data-*, SVG paths, stylesheet links). */
typedef struct kept_attr {
    char name[16];
    const char *on; /* the element that keeps it, NULL: all */
} kept_attr;

static const kept_attr kept_attrs[] = {
    {"aria-hidden", NULL}, {"charset", "meta"}, {"class", NULL},       {"content", NULL},
    {"datetime", NULL},    {"hidden", NULL},    {"href", "a"},         {"http-equiv", "meta"},
    {"id", NULL},          {"itemprop", NULL},  {"lang", "html"},      {"name", "meta"},
    {"property", NULL},    {"pubdate", NULL},   {"rel", "a"},          {"role", NULL},
    {"style", NULL},       {"type", "input"},   {"xml:lang", "html"},
};

/* first[c - 'a'] .. first[c - 'a' + 1]: the kept_attrs entries starting with letter c */
static void kept_attr_index(uint8_t first[27]) {
    size_t k = 0, n = sizeof kept_attrs / sizeof *kept_attrs;
    for (int c = 0; c < 26; c++) {
        first[c] = (uint8_t)k;
        while (k < n && kept_attrs[k].name[0] == 'a' + c) k++;
    }
    first[26] = (uint8_t)k;
}

/* s[0..n): an attribute name as written, on the element tag[0..tn) (lower-case) */
static bool is_kept_attr(const uint8_t first[27], const char *s, size_t n, const char *tag,
                         size_t tn) {
    unsigned c = (unsigned)lower(s[0]) - 'a';
    if (n >= sizeof kept_attrs->name || c >= 26) return false;
    for (size_t i = first[c]; i < first[c + 1]; i++) {
        const char *k = kept_attrs[i].name, *on = kept_attrs[i].on;
        if (k[n] != 0 || k[n - 1] == 0) continue; /* not n bytes long */
        size_t j = 1;
        while (j < n && lower(s[j]) == k[j]) j++;
        if (j == n) return !on || (strlen(on) == tn && memcmp(on, tag, tn) == 0);
    }
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

/* Replaces in[b..e) by rep[0..rn) (rn <= e - b) in the output copy. */
static void replace_range(depth_out *o, const char *in, size_t len, size_t b, size_t e,
                          const char *rep, size_t rn) {
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
    memcpy(o->p + o->n, rep, rn);
    o->n += rn;
    o->copied = e;
}

static void drop_range(depth_out *o, const char *in, size_t len, size_t b, size_t e) {
    replace_range(o, in, len, b, e, "", 0);
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

/* Bytes that end a tag name (D_NAME) or an attribute name (D_ATTR). */
enum { D_NAME = 1, D_ATTR = 2 };
static const uint8_t delim[256] = {
    [' '] = D_NAME | D_ATTR, ['\t'] = D_NAME | D_ATTR, ['\n'] = D_NAME | D_ATTR,
    ['\r'] = D_NAME | D_ATTR, ['\f'] = D_NAME | D_ATTR, ['/'] = D_NAME | D_ATTR,
    ['>'] = D_NAME | D_ATTR, ['='] = D_ATTR,
};

static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* MyHTML reads some markup ahead ("<!DOCTYPE", "<![CDATA[") and takes what follows for text
 * when the input ends first: attributes and comments are left out only this many bytes
 * before the end, so that no such markup comes nearer to it. */
#define KEPT_TAIL 32

/* Byte ranges of a tag's attributes to leave out: attributes that are not kept, between
 * white space and white space, '>' or "/>", and not before a name that starts with '='
 * (which would become the value of an attribute before): so that what is left reads the
 * same to MyHTML, which also takes a '/' after white space for "/>". Neighbours merged. */
#define MAX_ATTR_DROPS 32
typedef struct attr_drops {
    const uint8_t *first; /* kept_attr_index(); NULL: nothing is dropped */
    const char *tag;      /* the element's name, lower-case */
    size_t tag_len;
    size_t b[MAX_ATTR_DROPS], e[MAX_ATTR_DROPS];
    size_t n;
} attr_drops;

static void attr_drop(attr_drops *d, const char *in, size_t len, size_t b, size_t nl,
                      size_t e) {
    if (!d->first || b == 0 || !is_space(in[b - 1]) || e + KEPT_TAIL > len ||
        !(is_space(in[e]) || in[e] == '>' || (in[e] == '/' && e + 1 < len && in[e + 1] == '>')) ||
        is_kept_attr(d->first, in + b, nl, d->tag, d->tag_len))
        return;
    size_t next = e;
    while (next < len && is_space(in[next])) next++;
    if (next < len && in[next] == '=') return;
    if (d->n > 0) {
        size_t k = d->e[d->n - 1];
        while (k < b && is_space(in[k])) k++;
        if (k == b) {
            d->e[d->n - 1] = e;
            return;
        }
    }
    if (d->n == MAX_ATTR_DROPS) return;
    d->b[d->n] = b;
    d->e[d->n++] = e;
}

static void drop_attrs(depth_out *o, const char *in, size_t len, const attr_drops *d) {
    for (size_t k = 0; k < d->n; k++) drop_range(o, in, len, d->b[k], d->e[k]);
}

/* Index past the '>' ending the tag whose attributes start at i (len when the input ends
 * first), reading attributes as the tokenizer does: a quoted value may hold '>', an
 * unquoted one ends at white space. *self_close: the tag ends with "/>". The attributes
 * to leave out go to drops (none when the tag does not end). */
static size_t tag_end(const char *in, size_t len, size_t i, bool *self_close, attr_drops *drops) {
    *self_close = false;
    drops->n = 0;
    while (i < len) {
        char c = in[i];
        if (c == '>') return i + 1;
        if (is_space(c)) {
            i++;
            continue;
        }
        if (c == '/') {
            if (i + 1 < len && in[i + 1] == '>') {
                *self_close = true;
                return i + 2;
            }
            i++;
            continue;
        }
        /* attribute name (a leading '=' belongs to it) */
        size_t nb = i++;
        while (i < len && !(delim[(unsigned char)in[i]] & D_ATTR)) i++;
        size_t ne = i;
        while (i < len && is_space(in[i])) i++;
        if (i >= len || in[i] != '=') {
            attr_drop(drops, in, len, nb, ne - nb, ne);
            continue;
        }
        i++;
        while (i < len && is_space(in[i])) i++;
        if (i >= len) break;
        c = in[i];
        if (c == '"' || c == '\'') {
            const char *q = memchr(in + i + 1, c, len - i - 1);
            if (!q) break;
            i = (size_t)(q - in) + 1;
        } else {
            while (i < len && !is_space(in[i]) && in[i] != '>') i++;
        }
        attr_drop(drops, in, len, nb, ne - nb, i);
    }
    drops->n = 0;
    return len;
}

/* Index past the comment whose text starts at i (after "<!--"): it ends at "-->" or "--!>",
 * or at once with "<!-->" / "<!--->". */
static size_t comment_end(const char *in, size_t len, size_t i) {
    if (i < len && in[i] == '>') return i + 1;
    if (i + 1 < len && in[i] == '-' && in[i + 1] == '>') return i + 2;
    while (i < len) {
        const char *d = memchr(in + i, '-', len - i);
        if (!d) return len;
        i = (size_t)(d - in) + 1;
        if (i >= len || in[i] != '-') continue;
        while (i < len && in[i] == '-') i++;
        if (i < len && in[i] == '>') return i + 1;
        if (i + 1 < len && in[i] == '!' && in[i + 1] == '>') return i + 2;
    }
    return len;
}

/* in[k..] starts with "<" + name (lower-case, nl bytes, case-insensitive) + a tag name end. */
static bool tag_name_at(const char *in, size_t len, size_t k, const char *name, size_t nl) {
    if (k + 1 + nl >= len) return false;
    for (size_t m = 0; m < nl; m++)
        if (lower(in[k + 1 + m]) != name[m]) return false;
    char d = in[k + 1 + nl];
    return is_space(d) || d == '/' || d == '>';
}

/* Start of the end tag of the raw text element `name` whose text starts at i (len when it
 * has none). *escaped: script text with "<!--" and a "<script" after it, where the end
 * is found by rules this scan does not follow. */
static size_t raw_end(const char *in, size_t len, size_t i, const char *name, size_t nl,
                      bool script, bool *escaped) {
    bool comment = false;
    *escaped = false;
    while (i < len) {
        const char *lt = memchr(in + i, '<', len - i);
        if (!lt) return len;
        size_t k = (size_t)(lt - in);
        if (k + 1 < len && in[k + 1] == '/' && tag_name_at(in, len, k + 1, name, nl)) return k;
        if (script) {
            if (k + 3 < len && in[k + 1] == '!' && in[k + 2] == '-' && in[k + 3] == '-')
                comment = true;
            else if (comment && tag_name_at(in, len, k, "script", 6))
                *escaped = true;
        }
        i = k + 1;
    }
    return len;
}

/* A <script> start tag of JSON-LD, whose text is read (or with character references, which
 * might spell its type). */
static bool json_ld_tag(const char *tag, size_t n) {
    return memchr(tag, '&', n) || klph_ifind(tag, n, "ld+json");
}

/* The start tag in[0..n) of the element name[0..nl) keeps all its attributes: a <link> that
 * may be rel=canonical (read with its href), a <script> that may be JSON-LD (its type). */
static bool keeps_all(const char *name, size_t nl, const char *in, size_t n) {
    if (nl == 4 && memcmp(name, "link", 4) == 0)
        return memchr(in, '&', n) || klph_ifind(in, n, "canonical");
    return nl == 6 && memcmp(name, "script", 6) == 0 && json_ld_tag(in, n);
}

/* Whether the text of script and style elements may be left out: the parser reads it as
 * raw text that nothing looks at (JSON-LD excepted), and skipping it is a good share of the
 * parse. Only where the scan knows the parser's state: in HTML content, outside <select>
 * (which ignores <style>), and until anything this scan does not follow is met (MathML,
 * framesets and templates, which may ignore <script> and <style>, SVG holding HTML...).
 * Comments and attributes are left out under the same condition: while it holds, the scan
 * reads tags and comments where the tokenizer does. */
typedef struct elide_state {
    bool on;
    size_t svg;  /* open <svg> elements */
    bool select; /* inside <select> */
} elide_state;

bool klph_elide_ok(int enc) {
    /* ISO-2022-JP writes characters with ASCII bytes ('<' among them) */
    return enc != klpd_encoding_by_name("iso-2022-jp", 11);
}

char *klph_bound_depth(const char *in, size_t len, size_t max_depth, size_t *out_len) {
    return klph_bound_depth_ex(in, len, max_depth, false, out_len, NULL);
}

static const char empty_comment[] = "<!---->";

char *klph_bound_depth_ex(const char *in, size_t len, size_t max_depth, bool elide,
                          size_t *out_len, bool *flattened) {
    if (flattened) *flattened = false;
    if (max_depth == 0) max_depth = 256;
    if (max_depth > 100000) max_depth = 100000;
    uint32_t *stack = malloc(max_depth * sizeof *stack);
    if (!stack) return NULL;
    size_t top = 0, excess = 0;
    uint8_t first[27], attr_first[27];
    role_index(first);
    kept_attr_index(attr_first);
    attr_drops drops;
    depth_out o = {0};
    elide_state el = {elide, 0, false};
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
        if (c == '!') {
            if (i + 2 < len && in[i + 1] == '-' && in[i + 2] == '-') {
                size_t e = comment_end(in, len, i + 3);
                /* the text of a comment is read by nothing: an empty one in its place */
                if (el.on && e + KEPT_TAIL <= len && e - b > sizeof empty_comment - 1)
                    replace_range(&o, in, len, b, e, empty_comment, sizeof empty_comment - 1);
                i = e;
            } else {
                /* doctype or bogus comment; a CDATA section in SVG ends elsewhere */
                if (el.svg && len - i > 8 && memcmp(in + i + 1, "[CDATA[", 7) == 0) el.on = false;
                const char *gt = memchr(in + i, '>', len - i);
                i = gt ? (size_t)(gt - in) + 1 : len;
            }
            continue;
        }
        if (c == '?') {
            const char *gt = memchr(in + i, '>', len - i);
            i = gt ? (size_t)(gt - in) + 1 : len;
            continue;
        }
        bool end_tag = false;
        if (c == '/') {
            end_tag = true;
            i++;
            if (i >= len) break;
            c = in[i];
            if (c == '>') {
                i++;
                continue;
            }
            if (!is_alpha(c)) { /* a bogus comment up to '>' */
                const char *gt = memchr(in + i, '>', len - i);
                i = gt ? (size_t)(gt - in) + 1 : len;
                continue;
            }
        } else if (!is_alpha(c)) {
            continue;
        }
        size_t nb = i;
        while (i < len && !(delim[(unsigned char)in[i]] & D_NAME)) i++;
        size_t nl = i - nb;
        char name[16] = {0};
        uint64_t words[2] = {0, 0};
        uint32_t h = 2166136261u;
        for (size_t k = 0; k < nl && k < sizeof name; k++) {
            name[k] = (char)lower(in[nb + k]);
            words[k / 8] |= (uint64_t)(unsigned char)name[k] << (k % 8 * 8);
            h = (h ^ (unsigned char)name[k]) * 16777619u;
        }
        unsigned role = nl <= sizeof name ? tag_role_of(first, words) : 0;
        if (nl > sizeof name) nl = sizeof name; /* long names: compared by prefix, fine */
        bool self_close;
        drops.first = el.on && !end_tag && !(role & T_ATTRS) ? attr_first : NULL;
        drops.tag = name;
        drops.tag_len = nl;
        size_t e = tag_end(in, len, i, &self_close, &drops);
        if (drops.n && keeps_all(name, nl, in + b, e - b)) drops.n = 0;
        /* the depth scan's own reading: "/>" closes any element */
        bool slash_end = e >= 2 && e <= len && in[e - 1] == '>' && in[e - 2] == '/';
        i = e;
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
            if (!open && !(role & (T_KEEP_END | T_RAW))) {
                drop_range(&o, in, len, b, e);
                continue;
            }
            if ((role & T_SPECIAL) && nl == 3 && memcmp(name, "svg", 3) == 0 && el.svg > 0)
                el.svg--;
            else if ((role & T_SPECIAL) && nl == 6 && memcmp(name, "select", 6) == 0)
                el.select = false;
            continue;
        }
        if (el.on) {
            if (el.svg > 0) {
                /* SVG content: anything but plain SVG elements may hold HTML or leave SVG
                 * content in ways this scan does not follow */
                if (!(role & T_SVG) && !(nl == 3 && memcmp(name, "svg", 3) == 0) &&
                    !(role & T_RAW) && !(nl > 2 && name[0] == 'f' && name[1] == 'e'))
                    el.on = false;
            } else if (role & T_SPECIAL) {
                if (nl == 4 && memcmp(name, "math", 4) == 0) el.on = false;
                else if (nl == 8 && memcmp(name, "frameset", 8) == 0) el.on = false;
                else if (nl == 8 && memcmp(name, "template", 8) == 0) el.on = false;
            }
            if ((role & T_RAW) && el.select && !(nl == 6 && memcmp(name, "script", 6) == 0) &&
                !(nl == 8 && memcmp(name, "textarea", 8) == 0))
                el.on = false; /* ignored in <select>: not raw text */
        }
        if (role & T_RAW) {
            drop_attrs(&o, in, len, &drops);
            bool script = nl == 6 && memcmp(name, "script", 6) == 0, escaped;
            bool style = nl == 5 && memcmp(name, "style", 5) == 0;
            size_t k = raw_end(in, len, i, name, nl, script, &escaped);
            /* <plaintext> never ends */
            if (escaped || (nl == 9 && memcmp(name, "plaintext", 9) == 0)) el.on = false;
            if (el.on && el.svg > 0) {
                /* in SVG content this is no raw text: fine while it holds no markup */
                const char *l2 = memchr(in + i, '<', len - i);
                if (!l2 || (size_t)(l2 - in) != k) el.on = false;
            } else if (el.on && (style || (script && !json_ld_tag(in + b, e - b))) && k < len &&
                       k > i + 1) {
                replace_range(&o, in, len, i, k, " ", 1);
            }
            i = k;
            continue;
        }
        if (!slash_end && !(role & T_VOID)) {
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
        drop_attrs(&o, in, len, &drops);
        if (role & T_SPECIAL) {
            if (nl == 3 && memcmp(name, "svg", 3) == 0 && !self_close) el.svg++;
            else if (nl == 6 && memcmp(name, "select", 6) == 0) el.select = true;
        }
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
