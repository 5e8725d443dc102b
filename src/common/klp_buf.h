/* klp_buf.h - growable byte buffer with a hard size cap. Appends fail (return false) when
 * memory runs out or the cap would be passed; the buffer then keeps what it had. */
#ifndef KLP_BUF_H
#define KLP_BUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct klpi_buf {
    char *ptr;  /* NUL-terminated when len > 0 or after klpi_buf_cstr() */
    size_t len;
    size_t cap; /* allocated bytes */
    size_t max; /* hard cap on len; 0 = SIZE_MAX/2 */
} klpi_buf;

void klpi_buf_init(klpi_buf *b, size_t max);
void klpi_buf_free(klpi_buf *b);
void klpi_buf_reset(klpi_buf *b); /* len = 0, memory kept */
bool klpi_buf_reserve(klpi_buf *b, size_t extra);
bool klpi_buf_add(klpi_buf *b, const void *p, size_t n);
bool klpi_buf_addc(klpi_buf *b, char c);
bool klpi_buf_adds(klpi_buf *b, const char *s);
const char *klpi_buf_cstr(klpi_buf *b); /* never NULL ("" on failure) */

#endif
