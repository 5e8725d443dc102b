/* klp_classm.c - class / id word matcher (see klp_classm.h): patterns bucketed by their
 * first byte, each class name lower-cased and split into words once. */
#include "klp_classm.h"

#include <string.h>

void klph_matcher_init(klph_matcher *m) { memset(m, 0, sizeof *m); }

void klph_matcher_add(klph_matcher *m, const char *const *list, size_t n, uint32_t bits,
                      int mode) {
    for (size_t i = 0; i < n && m->n < KLPH_MAX_PATS; i++) {
        size_t l = strlen(list[i]);
        if (l == 0 || l > 63) continue;
        klph_pat *p = &m->pats[m->n++];
        p->s = list[i];
        p->len = (uint8_t)l;
        p->bits = bits;
        p->mode = (uint8_t)mode;
    }
}

void klph_matcher_finish(klph_matcher *m) {
    /* insertion sort by (mode, first byte): a few hundred entries, once */
    for (uint16_t i = 1; i < m->n; i++) {
        klph_pat t = m->pats[i];
        unsigned tk = (unsigned)t.mode * 256u + (unsigned char)t.s[0];
        uint16_t j = i;
        while (j > 0 && (unsigned)m->pats[j - 1].mode * 256u + (unsigned char)m->pats[j - 1].s[0] > tk) {
            m->pats[j] = m->pats[j - 1];
            j--;
        }
        m->pats[j] = t;
    }
    uint16_t k = 0;
    for (int mode = 0; mode < 4; mode++) {
        for (int c = 0; c < 256; c++) {
            m->first[mode][c] = k;
            while (k < m->n && m->pats[k].mode == mode && (unsigned char)m->pats[k].s[0] == c) k++;
        }
        m->first[mode][256] = k;
    }
    memset(m->pairs, 0, sizeof m->pairs);
    for (uint16_t i = 0; i < m->n; i++) {
        const klph_pat *p = &m->pats[i];
        if (p->mode != KLPH_M_SUBSTR) continue;
        unsigned c1 = (unsigned char)p->s[0];
        /* a one-byte pattern may be followed by anything */
        unsigned lo = p->len == 1 ? 0u : (unsigned char)p->s[1];
        unsigned hi = p->len == 1 ? 255u : lo;
        for (unsigned c2 = lo; c2 <= hi; c2++) {
            unsigned pair = (c1 << 8) | c2;
            m->pairs[pair >> 3] = (uint8_t)(m->pairs[pair >> 3] | (1u << (pair & 7)));
        }
    }
}

static bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c; }

/* Patterns of one mode matching s[0..n) exactly (whole) or as a prefix / substring. */
static uint32_t match(const klph_matcher *m, const char *s, size_t n, int mode) {
    uint32_t bits = 0;
    size_t last = (mode == KLPH_M_SUBSTR) ? n : (n ? 1 : 0);
    for (size_t k = 0; k < last; k++) {
        unsigned char c = (unsigned char)s[k];
        if (mode == KLPH_M_SUBSTR) {
            unsigned pair = ((unsigned)c << 8) | (k + 1 < n ? (unsigned char)s[k + 1] : 0u);
            if (!(m->pairs[pair >> 3] & (1u << (pair & 7)))) continue;
        }
        for (uint16_t q = m->first[mode][c]; q < m->first[mode][c + 1]; q++) {
            const klph_pat *p = &m->pats[q];
            if (p->len > n - k) continue;
            if ((mode == KLPH_M_TOKEN || mode == KLPH_M_WHOLE) && p->len != n) continue;
            if (p->len > 1 && s[k + 1] != p->s[1]) continue;
            if ((bits & p->bits) == p->bits) continue;
            if (memcmp(s + k, p->s, p->len) == 0) bits |= p->bits;
        }
    }
    return bits;
}

static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

#define MAX_WORDS 16

/* Substring patterns equal to s[0..n). */
static uint32_t match_exact_substr(const klph_matcher *m, const char *s, size_t n) {
    unsigned char c = (unsigned char)s[0];
    uint32_t bits = 0;
    for (uint16_t q = m->first[KLPH_M_SUBSTR][c]; q < m->first[KLPH_M_SUBSTR][c + 1]; q++) {
        const klph_pat *p = &m->pats[q];
        if (p->len == n && memcmp(s, p->s, n) == 0) bits |= p->bits;
    }
    return bits;
}

static uint32_t match_name(const klph_matcher *m, const char *v, size_t n) {
    char raw[64], buf[64];
    size_t rn = 0;
    uint32_t bits = 0;
    if (n == 0) return 0;
    if (n > sizeof raw) n = sizeof raw;
    for (size_t k = 0; k < n; k++) raw[rn++] = lower(v[k]);
    uint32_t b = match(m, raw, rn, KLPH_M_PREFIX) | match(m, raw, rn, KLPH_M_WHOLE);
    if (b & KLPH_M_IGNORE) return 0;
    bits |= b;
    /* words: split at non-alphanumerics and camelCase humps ("APageRoot": a page root) */
    size_t wb[MAX_WORDS], we[MAX_WORDS];
    int nw = 0;
    size_t k = 0;
    while (k < n && nw < MAX_WORDS) {
        while (k < n && !is_alnum(v[k])) k++;
        if (k >= n) break;
        size_t s0 = k++;
        while (k < n && is_alnum(v[k]) &&
               !(is_upper(v[k]) && (is_lower(v[k - 1]) ||
                                    (is_upper(v[k - 1]) && k + 1 < n && is_lower(v[k + 1])))))
            k++;
        wb[nw] = s0;
        we[nw] = k;
        nw++;
    }
    for (int w = 0; w < nw; w++) {
        size_t l = we[w] - wb[w];
        bits |= match(m, raw + wb[w], l, KLPH_M_TOKEN) | match(m, raw + wb[w], l, KLPH_M_SUBSTR);
        /* two adjacent words that together are a substring pattern: "skip-link" is
         * "skiplink" (the pattern must cover both words, "page-root" is no "pager") */
        if (w + 1 < nw) {
            size_t l2 = we[w + 1] - wb[w + 1];
            if (l + l2 <= sizeof buf) {
                memcpy(buf, raw + wb[w], l);
                memcpy(buf + l, raw + wb[w + 1], l2);
                bits |= match_exact_substr(m, buf, l + l2);
            }
        }
    }
    return bits;
}

uint32_t klph_matcher_value(const klph_matcher *m, const char *v, size_t n) {
    uint32_t bits = 0;
    size_t k = 0;
    while (k < n) {
        while (k < n && (v[k] == ' ' || v[k] == '\t' || v[k] == '\n' || v[k] == '\r')) k++;
        size_t b = k;
        while (k < n && !(v[k] == ' ' || v[k] == '\t' || v[k] == '\n' || v[k] == '\r')) k++;
        if (k > b) bits |= match_name(m, v + b, k - b);
    }
    return bits & ~KLPH_M_IGNORE;
}

void klph_cache_reset(klph_cache *c) { memset(c, 0, sizeof *c); }

uint32_t klph_matcher_value_cached(const klph_matcher *m, klph_cache *c, const char *v, size_t n) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)v[i]) * 16777619u;
    klph_cache_slot *s = &c->slot[h % KLPH_CACHE_SLOTS];
    if (s->v && s->n == n && memcmp(s->v, v, n) == 0) return s->bits;
    uint32_t bits = klph_matcher_value(m, v, n);
    if (n <= UINT32_MAX) {
        s->v = v;
        s->n = (uint32_t)n;
        s->bits = bits;
    }
    return bits;
}
