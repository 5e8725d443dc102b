/* klp_hbuf.c - growable buffer, browser-like white-space collapsing and UTF-8 cleaning
 * (invalid bytes -> U+FFFD, control characters dropped) for the HTML extractor. */
#include "klp_hbuf.h"

#include <stdlib.h>
#include <string.h>

void klph_buf_reserve(klph_buf *b, size_t extra) {
    if (b->oom) return;
    if (b->n + extra + 1 <= b->cap) return;
    size_t nc = b->cap ? b->cap : 256;
    while (nc < b->n + extra + 1) {
        if (nc > SIZE_MAX / 2) {
            b->oom = true;
            return;
        }
        nc *= 2;
    }
    char *q = realloc(b->p, nc);
    if (!q) {
        b->oom = true;
        return;
    }
    b->p = q;
    b->cap = nc;
}

void klph_buf_add(klph_buf *b, const char *s, size_t n) {
    klph_buf_reserve(b, n);
    if (b->oom) return;
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

void klph_buf_addc(klph_buf *b, char c) { klph_buf_add(b, &c, 1); }

/* Index of the first byte of u[j..n) that is not printable ASCII (0x21..0x7E), eight bytes
 * at a time. */
static size_t print_run(const unsigned char *u, size_t j, size_t n) {
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    for (; j + 8 <= n; j += 8) {
        uint64_t w;
        memcpy(&w, u + j, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        w = __builtin_bswap64(w);
#endif
        /* high bit of each byte below 0x21 or from 0x7F on; the lowest one is exact (the
         * borrows of the subtraction only reach bytes above it) */
        uint64_t m = (((w - ones * 0x21) & ~w) | ((w & ~high) + ones) | w) & high;
        if (m) return j + (size_t)__builtin_ctzll(m) / 8;
    }
    while (j < n && u[j] > 0x20 && u[j] < 0x7F) j++;
    return j;
}

/* klph_buf_add() without the call when the bytes fit. */
static inline void buf_append(klph_buf *b, const char *s, size_t n) {
    if (!b->oom && b->n + n + 1 <= b->cap) {
        memcpy(b->p + b->n, s, n);
        b->n += n;
        b->p[b->n] = 0;
    } else {
        klph_buf_add(b, s, n);
    }
}

void klph_buf_free(klph_buf *b) {
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
    b->oom = false;
}

size_t klph_utf8_next(const unsigned char *s, size_t n, int32_t *cp) {
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = (int32_t)c;
        return 1;
    }
    size_t len;
    int32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        v = (int32_t)(c & 0x1F);
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        v = (int32_t)(c & 0x0F);
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        v = (int32_t)(c & 0x07);
        min = 0x10000;
    } else {
        *cp = -1;
        return 1;
    }
    if (n < len) {
        *cp = -1;
        return 1;
    }
    for (size_t k = 1; k < len; k++) {
        if ((s[k] & 0xC0) != 0x80) {
            *cp = -1;
            return 1;
        }
        v = (v << 6) | (int32_t)(s[k] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = -1;
        return 1;
    }
    *cp = v;
    return len;
}

bool klph_is_space_cp(int32_t cp) {
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
           cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

static bool is_control(int32_t cp) {
    return (cp >= 0 && cp < 0x20) || (cp >= 0x7F && cp < 0xA0) || cp == 0xFEFF ||
           cp == 0xFFFE || cp == 0xFFFF;
}

static void put_cp(klph_buf *b, int32_t cp) {
    char u[4];
    size_t l;
    uint32_t c = (uint32_t)cp;
    if (c < 0x80) {
        u[0] = (char)c;
        l = 1;
    } else if (c < 0x800) {
        u[0] = (char)(0xC0 | (c >> 6));
        u[1] = (char)(0x80 | (c & 0x3F));
        l = 2;
    } else if (c < 0x10000) {
        u[0] = (char)(0xE0 | (c >> 12));
        u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[2] = (char)(0x80 | (c & 0x3F));
        l = 3;
    } else {
        u[0] = (char)(0xF0 | (c >> 18));
        u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[3] = (char)(0x80 | (c & 0x3F));
        l = 4;
    }
    klph_buf_add(b, u, l);
}

void klph_text_reset(klph_text *t) {
    t->b.n = 0;
    if (t->b.p) t->b.p[0] = 0;
    t->pending = KLPH_BRK_NONE;
}

void klph_text_break(klph_text *t, int level) {
    if (level > t->pending) t->pending = level;
}

static void flush_pending(klph_text *t) {
    if (t->b.n > 0) {
        if (t->pending == KLPH_BRK_PARA) klph_buf_add(&t->b, "\n\n", 2);
        else if (t->pending == KLPH_BRK_LINE) klph_buf_addc(&t->b, '\n');
        else if (t->pending == KLPH_BRK_SPACE) klph_buf_addc(&t->b, ' ');
    }
    t->pending = KLPH_BRK_NONE;
}

void klph_text_add(klph_text *t, const char *s, size_t n, bool pre) {
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    klph_buf_reserve(&t->b, n + 2);
    while (i < n) {
        unsigned char c = u[i];
        /* fast paths: ASCII visible characters, ASCII white space and controls */
        if (c > 0x20 && c < 0x7F) {
            if (t->pending) flush_pending(t);
            size_t j = print_run(u, i + 1, n);
            buf_append(&t->b, s + i, j - i);
            i = j;
            continue;
        }
        if (c < 0x80) {
            i++;
            if (c == '\n' && pre) klph_text_break(t, KLPH_BRK_LINE);
            else if (c == ' ' || (c >= '\t' && c <= '\r')) klph_text_break(t, KLPH_BRK_SPACE);
            continue; /* other control characters are dropped */
        }
        int32_t cp;
        size_t l = klph_utf8_next(u + i, n - i, &cp);
        i += l;
        if (cp == '\n' && pre) {
            klph_text_break(t, KLPH_BRK_LINE);
            continue;
        }
        if (cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0xAD) continue; /* invisible */
        if (cp >= 0 && klph_is_space_cp(cp)) {
            klph_text_break(t, KLPH_BRK_SPACE);
            continue;
        }
        if (cp >= 0 && is_control(cp)) continue;
        if (t->pending) flush_pending(t);
        put_cp(&t->b, cp < 0 ? 0xFFFD : cp);
    }
}

char *klph_clean(const char *s, size_t n, bool multiline) {
    klph_buf b = {0};
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    int pend = 0; /* 1 space, 2.. newlines */
    klph_buf_reserve(&b, n + 1);
    while (i < n) {
        int32_t cp;
        size_t l = klph_utf8_next(u + i, n - i, &cp);
        i += l;
        if (cp == '\n' && multiline) {
            if (pend < 2) pend = 2;
            else if (pend < 3) pend = 3;
            continue;
        }
        if (cp >= 0 && klph_is_space_cp(cp)) {
            if (pend < 1) pend = 1;
            continue;
        }
        if (cp == 0x200B || cp == 0xAD) continue;
        if (cp >= 0 && is_control(cp)) continue;
        if (b.n > 0 && pend) {
            if (pend == 1) klph_buf_addc(&b, ' ');
            else if (pend == 2) klph_buf_addc(&b, '\n');
            else klph_buf_add(&b, "\n\n", 2);
        }
        pend = 0;
        put_cp(&b, cp < 0 ? 0xFFFD : cp);
    }
    if (b.oom || b.n == 0) {
        klph_buf_free(&b);
        return NULL;
    }
    return b.p;
}

static int lower(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

const char *klph_ifind(const char *hay, size_t hn, const char *needle) {
    size_t nn = strlen(needle);
    if (nn == 0) return hay;
    if (hn < nn) return NULL;
    /* candidates: the first byte in either case, each found with memchr */
    int f = lower((unsigned char)needle[0]);
    int g = f >= 'a' && f <= 'z' ? f - 32 : f;
    size_t starts = hn - nn + 1;
    const char *pf = memchr(hay, f, starts), *pg = g != f ? memchr(hay, g, starts) : NULL;
    while (pf || pg) {
        const char *p = !pg || (pf && pf < pg) ? pf : pg;
        if (klph_istarts(p, hn - (size_t)(p - hay), needle)) return p;
        size_t left = starts - (size_t)(p - hay) - 1;
        if (p == pf) pf = left ? memchr(p + 1, f, left) : NULL;
        else pg = left ? memchr(p + 1, g, left) : NULL;
    }
    return NULL;
}

size_t klph_utf8_len(const char *s, size_t n) {
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) c++;
    return c;
}
