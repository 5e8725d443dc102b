/* klp_stopwords.c - lookups in the generated stop-word table (klp_stopwords_data.c).
 * Lower-cases the word (ASCII fast path, utf8proc for other letters) and probes. */
#include "klp_stopwords.h"

#include <string.h>
#include <utf8proc.h>

extern const char *const klpi_sw_langs[];
extern const int klpi_sw_nlangs;
extern const size_t klpi_sw_size;
extern const unsigned char klpi_sw_blob[];
extern const uint32_t klpi_sw_off[];
extern const uint8_t klpi_sw_len[];
extern const uint64_t klpi_sw_mask[];

enum { SW_MAX_WORD = 63 };

static uint64_t fnv1a(const unsigned char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

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
            buf[n++] = (unsigned char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
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

uint64_t klpi_stopword_langs(const char *word, size_t len)
{
    unsigned char buf[SW_MAX_WORD + 1];
    if (!word || len == 0 || len > SW_MAX_WORD * 2)
        return 0;
    size_t n = lower(word, len, buf);
    if (n == 0)
        return 0;
    size_t mask = klpi_sw_size - 1;
    size_t i = (size_t)fnv1a(buf, n) & mask;
    while (klpi_sw_len[i] != 0) {
        if (klpi_sw_len[i] == n && memcmp(klpi_sw_blob + klpi_sw_off[i], buf, n) == 0)
            return klpi_sw_mask[i];
        i = (i + 1) & mask;
    }
    return 0;
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
