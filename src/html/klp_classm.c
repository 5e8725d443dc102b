/* klp_classm.c - class / id word matcher (see klp_classm.h): each class name lower-cased and
 * split into words once; whole-name and prefix patterns bucketed by their first byte, token
 * and substring patterns in an Aho-Corasick automaton run over each word. */
#include "klp_classm.h"

#include <stdlib.h>
#include <string.h>

void klph_matcher_init(klph_matcher *m) { memset(m, 0, sizeof *m); }

void klph_matcher_free(klph_matcher *m) {
    free(m->states);
    free(m->next);
    m->states = NULL;
    m->next = NULL;
}

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

/* a-z -> 0..25, 0-9 -> 26..35, anything else -> -1 */
static int ac_sym(unsigned char c) {
    if (c >= 'a' && c <= 'z') return c - 'a';
    if (c >= '0' && c <= '9') return 26 + (c - '0');
    return -1;
}

static bool build_automaton(klph_matcher *m) {
    size_t cap = 1;
    for (uint16_t i = 0; i < m->n; i++)
        if (m->pats[i].mode == KLPH_M_SUBSTR || m->pats[i].mode == KLPH_M_TOKEN) cap += m->pats[i].len;
    klph_matcher_free(m);
    m->states = calloc(cap, sizeof *m->states);
    m->next = calloc(cap, sizeof *m->next);
    uint16_t *fail = calloc(cap, sizeof *fail);
    uint16_t *queue = calloc(cap, sizeof *queue);
    if (!m->states || !m->next || !fail || !queue) {
        free(fail);
        free(queue);
        klph_matcher_free(m);
        return false;
    }
    /* the trie: next[s][a] == 0 is "no child" until the failures are folded in */
    size_t n = 1;
    for (uint16_t i = 0; i < m->n; i++) {
        const klph_pat *p = &m->pats[i];
        if (p->mode != KLPH_M_SUBSTR && p->mode != KLPH_M_TOKEN) continue;
        bool word = true;
        for (size_t k = 0; k < p->len && word; k++) word = ac_sym((unsigned char)p->s[k]) >= 0;
        if (!word) continue;
        size_t s = 0;
        for (size_t k = 0; k < p->len; k++) {
            int a = ac_sym((unsigned char)p->s[k]);
            if (!m->next[s][a]) {
                m->states[n].depth = m->states[s].depth + 1;
                m->next[s][a] = (uint16_t)n++;
            }
            s = m->next[s][a];
        }
        if (p->mode == KLPH_M_SUBSTR) m->states[s].sub |= p->bits;
        else m->states[s].tok |= p->bits;
    }
    /* breadth first: failure links, outputs, and missing transitions taken from the failure */
    size_t qh = 0, qt = 0;
    for (int a = 0; a < KLPH_AC_SYMS; a++)
        if (m->next[0][a]) queue[qt++] = m->next[0][a];
    for (size_t s = 0; s < n; s++) m->states[s].out = m->states[s].sub;
    while (qh < qt) {
        uint16_t s = queue[qh++];
        m->states[s].out |= m->states[fail[s]].out;
        for (int a = 0; a < KLPH_AC_SYMS; a++) {
            uint16_t t = m->next[s][a];
            if (t) {
                fail[t] = m->next[fail[s]][a];
                queue[qt++] = t;
            } else {
                m->next[s][a] = m->next[fail[s]][a];
            }
        }
    }
    free(fail);
    free(queue);
    return true;
}

bool klph_matcher_finish(klph_matcher *m) {
    for (int c = 0; c < 256; c++) {
        int a = ac_sym((unsigned char)((c >= 'A' && c <= 'Z') ? c + 32 : c));
        m->sym[c] = (uint8_t)(a >= 0 ? a : KLPH_AC_SYMS);
    }
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
    return build_automaton(m);
}

static char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c; }

/* Whole-name (exact) or prefix patterns matching s[0..n). */
static uint32_t match_start(const klph_matcher *m, const char *s, size_t n, int mode) {
    uint32_t bits = 0;
    unsigned char c = (unsigned char)s[0];
    for (uint16_t q = m->first[mode][c]; q < m->first[mode][c + 1]; q++) {
        const klph_pat *p = &m->pats[q];
        if (p->len > n || (mode == KLPH_M_WHOLE && p->len != n)) continue;
        if (memcmp(s, p->s, p->len) == 0) bits |= p->bits;
    }
    return bits;
}

static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

#define MAX_WORDS 16

static uint32_t match_name(const klph_matcher *m, const char *v, size_t n) {
    uint32_t bits = 0;
    if (n == 0) return 0;
    if (n > 64) n = 64;
    unsigned char c0 = (unsigned char)lower(v[0]);
    if (m->first[KLPH_M_PREFIX][c0] < m->first[KLPH_M_PREFIX][c0 + 1] ||
        m->first[KLPH_M_WHOLE][c0] < m->first[KLPH_M_WHOLE][c0 + 1]) {
        char raw[64];
        for (size_t k = 0; k < n; k++) raw[k] = lower(v[k]);
        uint32_t b = match_start(m, raw, n, KLPH_M_PREFIX) | match_start(m, raw, n, KLPH_M_WHOLE);
        if (b & KLPH_M_IGNORE) return 0;
        bits |= b;
    }
    /* words: split at non-alphanumerics and camelCase humps ("APageRoot": a page root),
     * each run through the automaton */
    const uint8_t *sym = m->sym;
    const unsigned char *u = (const unsigned char *)v;
    size_t k = 0, pl = 0;
    uint16_t ps = 0; /* state and length of the previous word, when it is a pattern prefix */
    bool prev = false;
    for (int nw = 0; k < n && nw < MAX_WORDS; nw++) {
        while (k < n && sym[u[k]] == KLPH_AC_SYMS) k++;
        if (k >= n) break;
        size_t s0 = k;
        uint16_t s = m->next[0][sym[u[k++]]];
        uint32_t out = m->states[s].out;
        while (k < n && sym[u[k]] != KLPH_AC_SYMS &&
               !(is_upper(v[k]) && (is_lower(v[k - 1]) ||
                                    (is_upper(v[k - 1]) && k + 1 < n && is_lower(v[k + 1]))))) {
            s = m->next[s][sym[u[k++]]];
            out |= m->states[s].out;
        }
        bits |= out;
        size_t l = k - s0;
        /* two adjacent words that together are a substring pattern: "skip-link" is
         * "skiplink" (the pattern must cover both words, "page-root" is no "pager") */
        if (prev) {
            uint16_t t = ps;
            for (size_t j = s0; j < k; j++) t = m->next[t][sym[u[j]]];
            if (m->states[t].depth == pl + l) bits |= m->states[t].sub;
        }
        prev = m->states[s].depth == l; /* else the word is no prefix of a pattern */
        if (prev) {
            bits |= m->states[s].tok;
            ps = s;
            pl = l;
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
    /* slot hash: eight bytes at a time */
    uint64_t h = n * 0x9E3779B97F4A7C15ull;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, v + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 29;
    }
    if (i < n) {
        uint64_t w = 0;
        memcpy(&w, v + i, n - i);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 29;
    }
    klph_cache_slot *s = &c->slot[(h >> 32) % KLPH_CACHE_SLOTS];
    if (s->v && s->n == n && memcmp(s->v, v, n) == 0) return s->bits;
    uint32_t bits = klph_matcher_value(m, v, n);
    if (n <= UINT32_MAX) {
        s->v = v;
        s->n = (uint32_t)n;
        s->bits = bits;
    }
    return bits;
}
