/* klp_classm.h - matcher of class / id values against word lists: each class name is split
 * into lower-case words (at non-alphanumerics and camelCase humps); patterns match a word
 * ("token"), a part of a word or of two adjacent words written together ("substr"), the
 * whole class name, or its start. Built once per klpi_html; matching is allocation-free:
 * words go through an Aho-Corasick automaton of the token and substring patterns. */
#ifndef KLP_CLASSM_H
#define KLP_CLASSM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { KLPH_M_SUBSTR, KLPH_M_TOKEN, KLPH_M_WHOLE, KLPH_M_PREFIX };

#define KLPH_MAX_PATS 400
#define KLPH_M_IGNORE (1u << 31) /* a class name matching this contributes nothing */

typedef struct klph_pat {
    const char *s;
    uint32_t bits;
    uint8_t len, mode;
} klph_pat;

#define KLPH_AC_SYMS 36 /* a-z 0-9: the bytes of words */

/* A state of the automaton: the trie node of a prefix of some token or substring pattern. */
typedef struct klph_ac_state {
    uint32_t out; /* bits of the substring patterns ending here (suffixes of the path) */
    uint32_t sub; /* bits of the substring patterns equal to the path */
    uint32_t tok; /* bits of the token patterns equal to the path */
    uint32_t depth;
} klph_ac_state;

typedef struct klph_matcher {
    klph_pat pats[KLPH_MAX_PATS];
    uint16_t n;
    /* patterns sorted by mode, then first byte: first[mode][c]..first[mode][c+1] */
    uint16_t first[4][257];
    /* token and substring patterns (those of [a-z0-9] only: others match no word) */
    uint8_t sym[256]; /* byte -> automaton symbol (either case), KLPH_AC_SYMS: no word byte */
    klph_ac_state *states;
    uint16_t (*next)[KLPH_AC_SYMS]; /* transitions, failures folded in */
} klph_matcher;

/* Per-page cache of class values already matched (values repeat a lot in a page). */
#define KLPH_CACHE_SLOTS 512
typedef struct klph_cache_slot {
    const char *v; /* points into the current page's DOM */
    uint32_t n, bits;
} klph_cache_slot;
typedef struct klph_cache {
    klph_cache_slot slot[KLPH_CACHE_SLOTS];
} klph_cache;
void klph_cache_reset(klph_cache *c);
/* klph_matcher_value() through the cache. */
uint32_t klph_matcher_value_cached(const klph_matcher *m, klph_cache *c, const char *v, size_t n);

void klph_matcher_init(klph_matcher *m);
/* Patterns must be lower-case; the strings must outlive the matcher (static data). */
void klph_matcher_add(klph_matcher *m, const char *const *list, size_t n, uint32_t bits,
                      int mode);
/* Builds the automaton; false on allocation failure. */
bool klph_matcher_finish(klph_matcher *m);
void klph_matcher_free(klph_matcher *m);
/* Bits of all patterns matching a white-space separated class/id value. */
uint32_t klph_matcher_value(const klph_matcher *m, const char *v, size_t n);

#endif
