/* klp_utf8.h - UTF-8 decoding, validation and repair for text inputs. */
#ifndef KLP_UTF8_H
#define KLP_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "klp_buf.h"

/* Decodes one code point at s[0..len). Returns its byte length (1..4) and sets *cp, or
 * returns 1 and sets *cp = -1 for an invalid or truncated sequence (overlong forms and
 * surrogates are invalid). len must be > 0. */
size_t klpi_utf8_decode(const unsigned char *s, size_t len, int32_t *cp);

/* klpi_utf8_decode with the valid 2- and 3-byte sequences decoded inline. */
static inline size_t klpi_utf8_next(const unsigned char *s, size_t len, int32_t *cp)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = (int32_t)c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF && len >= 2 && (s[1] & 0xC0) == 0x80) {
        *cp = (int32_t)((c & 0x1Fu) << 6 | (s[1] & 0x3Fu));
        return 2;
    }
    if (c >= 0xE0 && c <= 0xEF && len >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
        int32_t v = (int32_t)((c & 0x0Fu) << 12 | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3Fu));
        if (v >= 0x800 && (v < 0xD800 || v > 0xDFFF)) {
            *cp = v;
            return 3;
        }
    }
    return klpi_utf8_decode(s, len, cp);
}

/* Appends the UTF-8 encoding of cp (U+FFFD when invalid). */
bool klpi_utf8_put(klpi_buf *b, int32_t cp);

/* Result flags of klpi_utf8_repair (same bit values as KLP_WARN_*). */
enum {
    KLPI_FIX_INVALID = 1u << 0,
    KLPI_FIX_NUL = 1u << 1,
    KLPI_FIX_CONTROL = 1u << 2,
    KLPI_FIX_LEGACY = 1u << 4
};

/* Turns raw text bytes into valid UTF-8 in out: strips a UTF-8 BOM, decodes UTF-16 with a
 * BOM, decodes windows-1252 when the bytes are mostly not UTF-8, replaces invalid sequences
 * with U+FFFD, turns CR LF and CR into LF, tabs and form feeds into spaces, drops NUL and
 * other C0/C1 controls. Returns KLPI_FIX_* flags of what it changed, or -1 when out's cap was
 * reached or memory ran out. */
int klpi_utf8_repair(const unsigned char *s, size_t len, klpi_buf *out);

/* klpi_utf8_repair that also tells whether the bytes look binary (klpi_looks_binary) from
 * the same pass; *binary is set even when it returns -1. */
int klpi_utf8_repair_sniff(const unsigned char *s, size_t len, klpi_buf *out, bool *binary);

/* True when the bytes look binary: NUL-heavy or control-heavy in the first 64 KiB, in a
 * way no text encoding explains (UTF-16 with a BOM is text). */
bool klpi_looks_binary(const unsigned char *s, size_t len);

#endif
