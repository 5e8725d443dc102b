/* klp_hash.h - the 64-bit hash of the generated tables (stop words, lexicon phrases) and of
 * text mode's line heads: the bytes mixed 8 at a time, little-endian, the last group padded
 * with zeros. tools/klp_hash.py computes the same for the table generators. */
#ifndef KLP_HASH_H
#define KLP_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint64_t klpi_hash64(const char *p, size_t n)
{
    uint64_t h = (uint64_t)n * 0x9E3779B97F4A7C15ULL;
    size_t i = 0;
    for (;; i += 8) {
        uint64_t c = 0;
        size_t k = n - i < 8 ? n - i : 8;
        if (k == 0)
            break;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        for (size_t j = k; j-- > 0;)
            c = c << 8 | (unsigned char)p[i + j];
#else
        memcpy(&c, p + i, k);
#endif
        h = (h ^ c) * 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 31;
        if (k < 8)
            break;
    }
    return h;
}

#endif
