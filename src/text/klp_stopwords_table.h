/* klp_stopwords_table.h - the layout of the generated stop-word table (tools/gen_stopwords.py
 * writes it, klp_stopwords.c reads it). */
#ifndef KLP_STOPWORDS_TABLE_H
#define KLP_STOPWORDS_TABLE_H

#include <stddef.h>
#include <stdint.h>

/* One slot of the open-addressed table; len 0 marks an empty slot. */
typedef struct klpi_sw_slot {
    uint32_t fp;   /* the high 32 bits of the word's hash */
    uint8_t len;   /* bytes of the lower-cased word */
    uint16_t mask; /* index into klpi_sw_masks */
} klpi_sw_slot;

extern const char *const klpi_sw_langs[];
extern const int klpi_sw_nlangs;
extern const size_t klpi_sw_size;
extern const unsigned char klpi_sw_blob[];
extern const klpi_sw_slot klpi_sw_slots[];
extern const uint32_t klpi_sw_off[];
extern const uint64_t klpi_sw_masks[];
/* 2^17 bits: bit (hash >> 15) & (2^17 - 1) is set for every stop word. */
extern const uint64_t klpi_sw_filter[];
enum { KLPI_SW_FILTER_BITS = 1 << 17 };

#endif
