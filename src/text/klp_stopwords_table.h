/* klp_stopwords_table.h - the layout of the generated stop-word table (tools/gen_stopwords.py
 * writes it, klp_stopwords.c reads it). */
#ifndef KLP_STOPWORDS_TABLE_H
#define KLP_STOPWORDS_TABLE_H

#include <stddef.h>
#include <stdint.h>

/* One entry; len 0 marks the end of the entries of a bucket. */
typedef struct klpi_sw_entry {
    uint32_t fp;   /* bits 32..63 of the word's hash */
    uint16_t mask; /* index into klpi_sw_masks */
    uint8_t len;   /* bytes of the lower-cased word */
    uint8_t tag;   /* bits 24..31 of the word's hash */
} klpi_sw_entry;

enum { KLPI_SW_BUCKET = 8 }; /* entries of a bucket: 64 bytes */

extern const char *const klpi_sw_langs[];
extern const int klpi_sw_nlangs;
extern const size_t klpi_sw_buckets; /* a power of two */
extern const klpi_sw_entry klpi_sw_table[];
extern const uint64_t klpi_sw_masks[];

#endif
