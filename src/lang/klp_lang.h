/* klp_lang.h - language identification of a text: ISO 639-1 code and a score. */
#ifndef KLP_LANG_H
#define KLP_LANG_H

#include <stdbool.h>
#include <stddef.h>

typedef struct klpi_lang {
    char code[8]; /* "en", "id", "zh"...; "" when unknown */
    double score; /* 0..1: share of the text in that language, halved when unreliable */
    bool reliable;
} klpi_lang;

/* Identifies the language of valid UTF-8 text. Returns false when it cannot tell. */
bool klpi_lang_detect(const char *text, size_t len, klpi_lang *out);

#endif
