/* klp_hash.h - the 64-bit hash of the generated tables (stop words, lexicon phrases) and of
 * text mode's line heads: the bytes mixed 8 at a time, little-endian, the last group padded
 * with zeros. tools/klp_hash.py computes the same for the table generators. */
#ifndef KLP_HASH_H
#define KLP_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The 8 bytes at p as a little-endian number. */
static inline uint64_t klpi_load_le64(const char *p)
{
    uint64_t c;
    memcpy(&c, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    c = __builtin_bswap64(c);
#endif
    return c;
}

static inline uint64_t klpi_hash_mix(uint64_t h, uint64_t c)
{
    h = (h ^ c) * 0xBF58476D1CE4E5B9ULL;
    return h ^ (h >> 31);
}

/* h mixed with the 8-byte groups of p[0..n), n a multiple of 8. */
static inline uint64_t klpi_hash_words(uint64_t h, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i += 8)
        h = klpi_hash_mix(h, klpi_load_le64(p + i));
    return h;
}

static inline uint64_t klpi_hash64(const char *p, size_t n)
{
    size_t whole = n & ~(size_t)7, k = n - whole;
    uint64_t h = klpi_hash_words((uint64_t)n * 0x9E3779B97F4A7C15ULL, p, whole);
    if (k > 0) {
        uint64_t c = 0;
        if (n >= 8) {
            /* the last 8 bytes, shifted down to the k that are left */
            c = klpi_load_le64(p + n - 8) >> (8 * (8 - k));
        } else {
            for (size_t j = k; j-- > 0;)
                c = c << 8 | (unsigned char)p[j];
        }
        h = klpi_hash_mix(h, c);
    }
    return h;
}

/* klpi_hash64 of p[0..n) when the bytes after it up to the next multiple of 8 are zeros
 * (a padded buffer): the same value, without the tail. */
static inline uint64_t klpi_hash64_padded(const unsigned char *p, size_t n)
{
    size_t words = (n + 7) & ~(size_t)7;
    return klpi_hash_words((uint64_t)n * 0x9E3779B97F4A7C15ULL, (const char *)p, words);
}

#endif
