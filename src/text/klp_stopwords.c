/* klp_stopwords.c - lookups in the generated stop-word table (klp_stopwords_data.c).
 * Lower-cases the word (ASCII fast path, utf8proc for other letters) and probes. */
#include "klp_stopwords.h"

#include <string.h>
#include <utf8proc.h>

#include "klp_hash.h"
#include "klp_stopwords_table.h"

enum { SW_MAX_WORD = 63 };

/* Lower-cases word into buf; returns the length, or 0 when it does not fit or is invalid. */
static size_t lower(const char *word, size_t len, unsigned char *buf)
{
    size_t n = 0;
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)word[i];
        if (c < 0x80) {
            if (n >= SW_MAX_WORD)
                return 0;
            buf[n++] = (unsigned char)(c | ((unsigned)(c - 'A') < 26u ? 0x20 : 0));
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)word + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0)
            return 0;
        i += (size_t)k;
        cp = utf8proc_tolower(cp);
        unsigned char tmp[4];
        utf8proc_ssize_t m = utf8proc_encode_char(cp, tmp);
        if (m <= 0 || n + (size_t)m > SW_MAX_WORD)
            return 0;
        memcpy(buf + n, tmp, (size_t)m);
        n += (size_t)m;
    }
    return n;
}

/* The entry of the lower-cased word buf[0..n), zero-padded to a multiple of 8 bytes. */
static uint64_t probe(const unsigned char *buf, size_t n)
{
    uint64_t h = klpi_hash64_padded(buf, n);
    uint32_t fp = (uint32_t)(h >> 32);
    uint8_t tag = (uint8_t)(h >> 24);
    size_t mask = klpi_sw_buckets - 1;
    for (size_t b = (size_t)h & mask;; b = (b + 1) & mask) {
        const klpi_sw_entry *e = &klpi_sw_table[b * KLPI_SW_BUCKET];
        for (int k = 0; k < KLPI_SW_BUCKET; k++) {
            if (e[k].len == 0)
                return 0;
            if (e[k].fp == fp && e[k].len == n && e[k].tag == tag)
                return klpi_sw_masks[e[k].mask];
        }
    }
}

enum { SW_FAST_WORDS = 4 }; /* ASCII words up to 8 * this bytes are folded 8 bytes at a time */

uint64_t klpi_stopword_langs(const char *word, size_t len)
{
    if (!word || len == 0 || len > SW_MAX_WORD * 2)
        return 0;
    if (len <= 8 * SW_FAST_WORDS) {
        const uint64_t high = 0x8080808080808080ULL, ones = 0x0101010101010101ULL;
        uint64_t w[SW_FAST_WORDS + 1] = {0};
        memcpy(w, word, len);
        size_t nw = (len + 7) / 8;
        uint64_t any = 0;
        for (size_t k = 0; k < nw; k++)
            any |= w[k];
        if (!(any & high)) {
            /* ASCII: 0x20 into the bytes 'A'..'Z' (no carry crosses a byte below 0x80) */
            for (size_t k = 0; k < nw; k++) {
                uint64_t up = (w[k] + ones * 0x3F) & ~(w[k] + ones * 0x25) & high;
                w[k] |= up >> 2;
            }
            return probe((const unsigned char *)w, len);
        }
    }
    unsigned char buf[SW_MAX_WORD + 9];
    size_t n = lower(word, len, buf);
    if (n == 0)
        return 0;
    memset(buf + n, 0, 8); /* the padding of the last group of 8 */
    return probe(buf, n);
}

int klpi_stopword_lang_count(void)
{
    return klpi_sw_nlangs;
}

const char *klpi_stopword_lang_code(int i)
{
    if (i < 0 || i >= klpi_sw_nlangs)
        return NULL;
    return klpi_sw_langs[i];
}

int klpi_stopword_lang_index(const char *code)
{
    if (!code)
        return -1;
    for (int i = 0; i < klpi_sw_nlangs; i++)
        if (strcmp(klpi_sw_langs[i], code) == 0)
            return i;
    return -1;
}
