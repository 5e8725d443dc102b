/* klp_lexicon.h - the multilingual boilerplate lexicon (data/boilerplate.tsv) and the
 * lower-cased line keys it is matched against. */
#ifndef KLP_LEXICON_H
#define KLP_LEXICON_H

#include <stdbool.h>
#include <stddef.h>

typedef enum klpi_lex_kind {
    KLPI_LEX_LINE = 0,
    KLPI_LEX_PREFIX,
    KLPI_LEX_RELATED,
    KLPI_LEX_CREDIT,
    KLPI_LEX_BYLINE,
    KLPI_LEX_END,
    KLPI_LEX_CONTAINS,
    KLPI_LEX_COMMENTER,
    KLPI_LEX_COUNTED,
    KLPI_LEX_KINDS_
} klpi_lex_kind;

/* Writes the match key of a line into buf: lower-cased, white space collapsed, trailing
 * punctuation and arrows stripped. Returns its length, or 0 when it does not fit in cap. */
size_t klpi_lex_key(const char *line, size_t len, char *buf, size_t cap);

/* Bit k is set when the key equals a phrase of kind k (one lookup for all kinds). */
unsigned klpi_lex_whole(const char *key, size_t len);

/* True when the key equals a phrase of that kind. */
bool klpi_lex_is(klpi_lex_kind kind, const char *key, size_t len);

/* Length of the longest phrase of that kind that starts the key and ends at a word
 * boundary (or ends with punctuation itself); 0 when none. */
size_t klpi_lex_prefix(klpi_lex_kind kind, const char *key, size_t len);

/* True when the key ends with a phrase of that kind, after a space. */
bool klpi_lex_suffix(klpi_lex_kind kind, const char *key, size_t len);

/* Like klpi_lex_contains on a raw line: ASCII letters are folded on the fly (the phrases of
 * that kind are ASCII), no key is built. */
bool klpi_lex_contains_raw(const char *line, size_t len);

/* True when the key contains a KLPI_LEX_CONTAINS phrase. */
bool klpi_lex_contains(const char *key, size_t len);

#endif
