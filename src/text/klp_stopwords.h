/* klp_stopwords.h - stop words of about 58 languages (the stopwords-iso data, turned into a
 * static hash table at build time by tools/gen_stopwords.py). Lookups are thread safe. */
#ifndef KLP_STOPWORDS_H
#define KLP_STOPWORDS_H

#include <stddef.h>
#include <stdint.h>

/* Bit i is set when the word is a stop word of language i (see klpi_stopword_lang_code).
 * The word is matched after lower-casing (ASCII and, for other letters, Unicode simple
 * lower case). 0 when it is no stop word of any language. */
uint64_t klpi_stopword_langs(const char *word, size_t len);

/* Number of languages, the ISO 639-1 code of language i, and the index of a code (-1). */
int klpi_stopword_lang_count(void);
const char *klpi_stopword_lang_code(int i);
int klpi_stopword_lang_index(const char *code);

#endif
