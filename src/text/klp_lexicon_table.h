/* klp_lexicon_table.h - the layout of the generated phrase hash tables (tools/gen_lexicon.py
 * writes them, klp_lexicon.c reads them). */
#ifndef KLP_LEXICON_TABLE_H
#define KLP_LEXICON_TABLE_H

#include <stdint.h>

/* One slot of an open-addressed table; len 0 marks an empty slot. */
typedef struct klpi_lex_slot {
    uint32_t fp;   /* bits 32..63 of the phrase's hash */
    uint16_t bits; /* a bit per klpi_lex_kind that lists the phrase */
    uint8_t len;   /* bytes of the phrase */
    uint8_t tag;   /* bits 24..31 of the hash */
} klpi_lex_slot;

#endif
