/* klp_buf.c - growable byte buffer with a hard size cap (see klp_buf.h). */
#include "klp_buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void klpi_buf_init(klpi_buf *b, size_t max)
{
    b->ptr = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max ? max : SIZE_MAX / 2;
}

void klpi_buf_free(klpi_buf *b)
{
    free(b->ptr);
    b->ptr = NULL;
    b->len = b->cap = 0;
}

void klpi_buf_reset(klpi_buf *b)
{
    b->len = 0;
    if (b->ptr)
        b->ptr[0] = '\0';
}

bool klpi_buf_reserve(klpi_buf *b, size_t extra)
{
    if (extra > b->max || b->len > b->max - extra)
        return false;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(b->ptr, cap);
    if (!p)
        return false;
    b->ptr = p;
    b->cap = cap;
    return true;
}

bool klpi_buf_add(klpi_buf *b, const void *p, size_t n)
{
    if (!klpi_buf_reserve(b, n))
        return false;
    if (n)
        memcpy(b->ptr + b->len, p, n);
    b->len += n;
    b->ptr[b->len] = '\0';
    return true;
}

bool klpi_buf_addc(klpi_buf *b, char c)
{
    return klpi_buf_add(b, &c, 1);
}

bool klpi_buf_adds(klpi_buf *b, const char *s)
{
    return klpi_buf_add(b, s, strlen(s));
}

const char *klpi_buf_cstr(klpi_buf *b)
{
    if (!b->ptr && !klpi_buf_reserve(b, 0))
        return "";
    b->ptr[b->len] = '\0';
    return b->ptr;
}
