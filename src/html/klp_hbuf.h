/* klp_hbuf.h - growable byte buffer, UTF-8 cleaning and small string helpers of the HTML
 * extractor. */
#ifndef KLP_HBUF_H
#define KLP_HBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct klph_buf {
    char *p;
    size_t n, cap;
    bool oom;
} klph_buf;

void klph_buf_reserve(klph_buf *b, size_t extra);
void klph_buf_add(klph_buf *b, const char *s, size_t n);
void klph_buf_addc(klph_buf *b, char c);
void klph_buf_free(klph_buf *b);

/* Rendered text: white space collapsed as a browser does, breaks requested by blocks. */
enum { KLPH_BRK_NONE = 0, KLPH_BRK_SPACE = 1, KLPH_BRK_LINE = 2, KLPH_BRK_PARA = 3 };
typedef struct klph_text {
    klph_buf b;
    int pending; /* break to write before the next visible character */
} klph_text;

void klph_text_reset(klph_text *t);
void klph_text_break(klph_text *t, int level);
/* pre: keep white space (newlines become line breaks). */
void klph_text_add(klph_text *t, const char *s, size_t n, bool pre);

/* A malloc'd copy of s[0..n) as valid UTF-8: undecodable bytes -> U+FFFD, control
 * characters dropped; with multiline, '\n' kept (spaces around it trimmed, at most two in a
 * row), otherwise all white space collapsed to single spaces. Trimmed. NULL when empty or
 * on allocation failure. */
char *klph_clean(const char *s, size_t n, bool multiline);

/* Decodes one UTF-8 sequence at s (n > 0 bytes). Returns its length (>= 1) and stores the
 * code point, or -1 in *cp when invalid (length 1). */
size_t klph_utf8_next(const unsigned char *s, size_t n, int32_t *cp);

bool klph_is_space_cp(int32_t cp);

/* ASCII case-insensitive comparisons (inline: they run in loops over word lists). */

/* x and y are the same byte up to ASCII case. */
static inline bool klph_ceq(unsigned char x, unsigned char y) {
    if (x == y) return true;
    unsigned char l = (unsigned char)(x | 0x20);
    return (x ^ y) == 0x20 && l >= 'a' && l <= 'z';
}

/* a[0..an) equals the NUL-terminated b. */
static inline bool klph_ieq(const char *a, size_t an, const char *b) {
    size_t i = 0;
    for (; b[i]; i++)
        if (i >= an || !klph_ceq((unsigned char)a[i], (unsigned char)b[i])) return false;
    return i == an;
}

/* a[0..an) starts with the NUL-terminated prefix. */
static inline bool klph_istarts(const char *a, size_t an, const char *prefix) {
    for (size_t i = 0; prefix[i]; i++)
        if (i >= an || !klph_ceq((unsigned char)a[i], (unsigned char)prefix[i])) return false;
    return true;
}

const char *klph_ifind(const char *hay, size_t hn, const char *needle);
/* Number of characters (code points) in UTF-8 text. */
size_t klph_utf8_len(const char *s, size_t n);

#endif
