/* klp_warc.c - streaming WARC record reader (see klp_warc.h): a sliding window over the
 * decompressed stream holds at most one record; lying Content-Lengths are caught at the
 * record boundary that must follow the block, and the reader resynchronizes on "WARC/1.". */
#include "klp_warc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "klp_buf.h"

enum {
    WARC_READ_CHUNK = 1 << 16, /* bytes asked from the stream at a time */
    WARC_BLANK_MAX = 16,       /* CR/LF bytes tolerated between a block and the next record */
    WARC_CL_DIGITS_MAX = 19,   /* a Content-Length with more digits cannot be real */
    WARC_CHUNK_HEX_MAX = 15,   /* hex digits of an HTTP chunk size */
    WARC_INFLATE_STEP = 1 << 16,
    WARC_SNIFF_SPAN = 1024, /* bytes looked at when sniffing HTML */
};

static const char MAGIC[] = "WARC/1.";
#define MAGIC_LEN (sizeof MAGIC - 1)
static const char RESYNC[] = "\nWARC/1.";
#define RESYNC_LEN (sizeof RESYNC - 1)

/* The charset parameter is copied into a fixed array; longer values are not charsets. */
#define WARC_CHARSET_MAX 64

struct klpi_warc {
    klpi_zs *zs;
    klpi_warc_opts o;
    unsigned char *win; /* decompressed bytes; win[0] is at stream offset base */
    size_t cap, len, pos;
    size_t win_max;
    uint64_t base;
    bool eof;         /* the stream ended cleanly */
    klp_status zerr;  /* the stream failed; reported once, then KLPI_END */
    bool dead;        /* only KLPI_END from now on */
    bool resync;      /* scan for a line starting "WARC/1." before the next record */
    klpi_buf hdr;     /* the WARC header, copied and cut into NUL-terminated values */
    klpi_buf hhdr;    /* the HTTP header, likewise */
    klpi_buf dechunk; /* the de-chunked HTTP body */
    klpi_buf body;    /* the inflated HTTP body */
    char charset[WARC_CHARSET_MAX + 1];
};

void klpi_warc_opts_init(klpi_warc_opts *opts)
{
    if (!opts)
        return;
    memset(opts, 0, sizeof *opts);
    opts->max_record_bytes = KLPI_WARC_DEFAULT_MAX_RECORD;
    opts->types = KLPI_WARC_ALL_TYPES;
    opts->decode_http = true;
}

static const char *const TYPE_NAMES[KLPI_WARC_TYPE_COUNT_] = {
    "other", "response", "resource", "conversion", "request", "metadata", "warcinfo", "revisit",
};

const char *klpi_warc_type_name(klpi_warc_type t)
{
    if ((unsigned)t >= KLPI_WARC_TYPE_COUNT_)
        return "other";
    return TYPE_NAMES[t];
}

static klpi_warc_type type_of(const char *s)
{
    for (unsigned t = 1; t < KLPI_WARC_TYPE_COUNT_; t++)
        if (strcasecmp(s, TYPE_NAMES[t]) == 0)
            return (klpi_warc_type)t;
    return KLPI_WARC_OTHER;
}

klp_status klpi_warc_open(klpi_zs *zs, const klpi_warc_opts *opts, klpi_warc **out)
{
    if (!out)
        return KLP_E_ARG;
    *out = NULL;
    if (!zs)
        return KLP_E_ARG;
    klpi_warc *w = calloc(1, sizeof *w);
    if (!w)
        return KLP_E_NOMEM;
    klpi_warc_opts_init(&w->o);
    if (opts)
        w->o = *opts;
    if (w->o.max_record_bytes == 0)
        w->o.max_record_bytes = KLPI_WARC_DEFAULT_MAX_RECORD;
    if (w->o.types == 0)
        w->o.types = KLPI_WARC_ALL_TYPES;
    if (w->o.max_record_bytes > SIZE_MAX / 4)
        w->o.max_record_bytes = SIZE_MAX / 4;
    w->zs = zs;
    w->zerr = KLP_OK;
    /* a stored record: header + block + the look-ahead at the next boundary */
    w->win_max = w->o.max_record_bytes + KLPI_WARC_MAX_HEADER + 2 * WARC_READ_CHUNK;
    klpi_buf_init(&w->hdr, KLPI_WARC_MAX_HEADER + 1);
    klpi_buf_init(&w->hhdr, KLPI_WARC_MAX_HEADER + 1);
    klpi_buf_init(&w->dechunk, w->o.max_record_bytes);
    klpi_buf_init(&w->body, w->o.max_record_bytes);
    *out = w;
    return KLP_OK;
}

void klpi_warc_close(klpi_warc *w)
{
    if (!w)
        return;
    free(w->win);
    klpi_buf_free(&w->hdr);
    klpi_buf_free(&w->hhdr);
    klpi_buf_free(&w->dechunk);
    klpi_buf_free(&w->body);
    free(w);
}

/* ---- the window ----------------------------------------------------------------------- */

static size_t avail(const klpi_warc *w)
{
    return w->len - w->pos;
}

/* Makes avail() >= need unless the stream ends or fails first; bytes before index keep
 * (<= pos) may be dropped. Indexes into win change: callers keep stream offsets. Returns
 * KLP_E_NOMEM, or KLP_E_LIMIT when need does not fit the window (a caller bug), else KLP_OK
 * (check avail()). */
static klp_status fill(klpi_warc *w, size_t need, size_t keep)
{
    while (avail(w) < need && !w->eof && w->zerr == KLP_OK) {
        if (w->cap - w->len < WARC_READ_CHUNK && keep > 0) {
            memmove(w->win, w->win + keep, w->len - keep);
            w->len -= keep;
            w->pos -= keep;
            w->base += keep;
            keep = 0;
        }
        if (w->cap - w->len < WARC_READ_CHUNK) {
            size_t want = w->len + WARC_READ_CHUNK;
            if (want < need + w->pos)
                want = need + w->pos;
            size_t ncap = w->cap ? w->cap : WARC_READ_CHUNK;
            while (ncap < want)
                ncap *= 2;
            if (ncap > w->win_max)
                ncap = w->win_max > want ? w->win_max : want;
            if (want > w->win_max)
                return KLP_E_LIMIT;
            unsigned char *p = realloc(w->win, ncap);
            if (!p)
                return KLP_E_NOMEM;
            w->win = p;
            w->cap = ncap;
        }
        /* read at most a chunk: the look-ahead (and the stream's member ring) stays small */
        size_t ask = w->cap - w->len < WARC_READ_CHUNK ? w->cap - w->len : WARC_READ_CHUNK;
        size_t n = 0;
        klp_status st = klpi_zs_read(w->zs, w->win + w->len, ask, &n);
        w->len += n;
        if (st != KLP_OK)
            w->zerr = st;
        else if (n == 0)
            w->eof = true;
    }
    return KLP_OK;
}

static uint64_t abs_pos(const klpi_warc *w)
{
    return w->base + w->pos;
}

static size_t idx_of(const klpi_warc *w, uint64_t off)
{
    return (size_t)(off - w->base);
}

/* Scans forward for a line starting with "WARC/1." and leaves pos on its 'W', or at the end
 * of the stream. Bytes before are dropped. */
static klp_status scan_resync(klpi_warc *w)
{
    for (;;) {
        if (avail(w) >= RESYNC_LEN) {
            const unsigned char *m = memmem(w->win + w->pos, avail(w), RESYNC, RESYNC_LEN);
            if (m) {
                w->pos = (size_t)(m - w->win) + 1;
                return KLP_OK;
            }
            w->pos = w->len - (RESYNC_LEN - 1); /* a match may straddle the refill */
        }
        if (w->eof || w->zerr != KLP_OK) {
            w->pos = w->len;
            return KLP_OK;
        }
        klp_status st = fill(w, avail(w) + WARC_READ_CHUNK, w->pos);
        if (st != KLP_OK)
            return st;
    }
}

/* Whether a record boundary follows at stream offset off: exactly "\r\n\r\n" (then junk
 * that may follow is reported by the next call), or up to WARC_BLANK_MAX CR/LF bytes then
 * "WARC/1." or the end of the stream. *next gets the offset after the blank bytes. */
static klp_status boundary_at(klpi_warc *w, uint64_t off, uint64_t keep, bool *yes,
                              uint64_t *next)
{
    *yes = false;
    size_t from = idx_of(w, off) - w->pos;
    klp_status st = fill(w, from + WARC_BLANK_MAX + MAGIC_LEN, idx_of(w, keep));
    if (st != KLP_OK)
        return st;
    size_t i = idx_of(w, off);
    if (w->len - i >= 4 && memcmp(w->win + i, "\r\n\r\n", 4) == 0) {
        *yes = true; /* the record end the standard asks for, whatever follows */
        *next = off + 4;
        return KLP_OK;
    }
    size_t blank = 0;
    while (i < w->len && blank < WARC_BLANK_MAX && (w->win[i] == '\r' || w->win[i] == '\n')) {
        i++;
        blank++;
    }
    *next = w->base + i;
    if (i == w->len) {
        *yes = w->eof || w->zerr != KLP_OK;
        return KLP_OK;
    }
    *yes = w->len - i >= MAGIC_LEN && memcmp(w->win + i, MAGIC, MAGIC_LEN) == 0;
    return KLP_OK;
}

/* ---- header parsing ------------------------------------------------------------------- */

/* Finds the blank line ending a header in p[0..n): *hlen gets the header length (up to and
 * including the last line's '\n'), *blen the offset of the body. */
static bool find_blank_line(const unsigned char *p, size_t n, size_t from, size_t *hlen,
                            size_t *blen)
{
    for (size_t i = from; i < n; i++) {
        if (p[i] != '\n')
            continue;
        if (i + 1 < n && p[i + 1] == '\n') {
            *hlen = i + 1;
            *blen = i + 2;
            return true;
        }
        if (i + 2 < n && p[i + 1] == '\r' && p[i + 2] == '\n') {
            *hlen = i + 1;
            *blen = i + 3;
            return true;
        }
    }
    return false;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Cuts the header copied in b into lines; for each "Name: value" line calls fn with the
 * NUL-terminated, trimmed name and value. The first line is returned through *first. */
typedef void (*field_fn)(void *ctx, const char *name, char *value);

static void split_fields(klpi_buf *b, char **first, field_fn fn, void *ctx)
{
    char *p = b->ptr;
    char *end = b->ptr + b->len;
    *first = NULL;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        char *next = nl ? nl + 1 : end;
        char *e = le;
        while (e > p && is_space(e[-1]))
            e--;
        *e = '\0';
        if (!*first) {
            *first = p;
        } else if (*p != ' ' && *p != '\t') { /* continuation lines are ignored */
            char *colon = strchr(p, ':');
            if (colon) {
                char *ne = colon;
                while (ne > p && is_space(ne[-1]))
                    ne--;
                *ne = '\0';
                char *v = colon + 1;
                while (*v && is_space(*v))
                    v++;
                fn(ctx, p, v);
            }
        }
        p = next;
    }
}

typedef struct warc_fields {
    klpi_warc_record *rec;
    const char *content_length;
} warc_fields;

static void on_warc_field(void *ctx, const char *name, char *value)
{
    warc_fields *f = ctx;
    klpi_warc_record *rec = f->rec;
    if (strcasecmp(name, "WARC-Type") == 0) {
        rec->type_name = value;
        rec->type = type_of(value);
    } else if (strcasecmp(name, "WARC-Target-URI") == 0) {
        size_t n = strlen(value);
        if (n >= 2 && value[0] == '<' && value[n - 1] == '>') {
            value[n - 1] = '\0';
            value++;
        }
        rec->target_uri = value;
    } else if (strcasecmp(name, "WARC-Date") == 0) {
        rec->date = value;
    } else if (strcasecmp(name, "WARC-Record-ID") == 0) {
        rec->record_id = value;
    } else if (strcasecmp(name, "Content-Type") == 0) {
        rec->content_type = value;
    } else if (strcasecmp(name, "WARC-Refers-To") == 0) {
        rec->refers_to = value;
    } else if (strcasecmp(name, "WARC-Truncated") == 0) {
        rec->truncated = true;
    } else if (strcasecmp(name, "Content-Length") == 0) {
        f->content_length = value;
    }
}

/* Digits only, no sign, no overflow. */
static bool parse_length(const char *s, uint64_t *out)
{
    if (!s || !*s)
        return false;
    uint64_t v = 0;
    size_t n = 0;
    for (; *s; s++, n++) {
        if (*s < '0' || *s > '9' || n >= WARC_CL_DIGITS_MAX)
            return false;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    *out = v;
    return true;
}

/* Whether the media type of a Content-Type value (before ';', trimmed) is mime. */
static bool mime_is(const char *ct, const char *mime)
{
    if (!ct)
        return false;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    size_t n = strlen(mime);
    if (strncasecmp(ct, mime, n) != 0)
        return false;
    ct += n;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    return *ct == '\0' || *ct == ';';
}

/* Copies the charset parameter of a Content-Type value into out; false when there is none. */
static bool charset_of(const char *ct, char out[WARC_CHARSET_MAX + 1])
{
    const char *p = strchr(ct, ';');
    while (p) {
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        if (strncasecmp(p, "charset", 7) == 0) {
            const char *v = p + 7;
            while (*v == ' ' || *v == '\t')
                v++;
            if (*v == '=') {
                v++;
                while (*v == ' ' || *v == '\t')
                    v++;
                char quote = (*v == '"' || *v == '\'') ? *v++ : 0;
                size_t n = 0;
                while (v[n] && v[n] != ';' && (quote ? v[n] != quote : !is_space(v[n])))
                    n++;
                if (n == 0 || n > WARC_CHARSET_MAX)
                    return false;
                memcpy(out, v, n);
                out[n] = '\0';
                return true;
            }
        }
        p = strchr(p, ';');
    }
    return false;
}

/* ---- HTTP ----------------------------------------------------------------------------- */

typedef struct http_fields {
    klpi_warc_record *rec;
    const char *transfer_encoding;
} http_fields;

static void on_http_field(void *ctx, const char *name, char *value)
{
    http_fields *f = ctx;
    if (strcasecmp(name, "Content-Type") == 0 && !f->rec->http_content_type)
        f->rec->http_content_type = value;
    else if (strcasecmp(name, "Content-Encoding") == 0)
        f->rec->http_content_encoding = value;
    else if (strcasecmp(name, "Transfer-Encoding") == 0)
        f->transfer_encoding = value;
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes a chunked body into out. False (out untouched) when the first size line is not a
 * chunk size: the body was then already de-chunked by the crawler. A truncated or malformed
 * later chunk ends the body (what was decoded is kept). */
static bool dechunk(const unsigned char *p, size_t n, klpi_buf *out)
{
    size_t i = 0;
    bool first = true;
    klpi_buf_reset(out);
    while (i < n) {
        uint64_t size = 0;
        size_t digits = 0;
        while (i < n && hexval(p[i]) >= 0 && digits < WARC_CHUNK_HEX_MAX) {
            size = size * 16 + (uint64_t)hexval(p[i]);
            i++;
            digits++;
        }
        size_t eol = i;
        while (eol < n && (p[eol] == ' ' || p[eol] == '\t'))
            eol++;
        bool ok = digits > 0 && eol < n && (p[eol] == ';' || p[eol] == '\r' || p[eol] == '\n');
        if (!ok)
            return !first;
        const unsigned char *nl = memchr(p + eol, '\n', n - eol);
        if (!nl)
            return !first;
        i = (size_t)(nl - p) + 1;
        first = false;
        if (size == 0)
            return true;
        size_t take = size > n - i ? n - i : (size_t)size;
        if (!klpi_buf_add(out, p + i, take))
            return true;
        i += take;
        if (i < n && p[i] == '\r')
            i++;
        if (i < n && p[i] == '\n')
            i++;
    }
    return true;
}

/* Inflates a gzip (wbits 31), zlib (15) or raw deflate (-15) body into out, capped by
 * out->max. A stream that stops early keeps what was inflated. */
static klp_status inflate_body(const unsigned char *p, size_t n, int wbits, klpi_buf *out)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, wbits) != Z_OK)
        return KLP_E_NOMEM;
    klpi_buf_reset(out);
    klp_status st = KLP_OK;
    z.next_in = (Bytef *)p;
    z.avail_in = n > UINT32_MAX ? UINT32_MAX : (uInt)n;
    for (;;) {
        if (!klpi_buf_reserve(out, WARC_INFLATE_STEP)) {
            size_t room = out->max - out->len;
            if (room == 0 || !klpi_buf_reserve(out, room)) {
                st = room == 0 ? KLP_E_LIMIT : KLP_E_NOMEM;
                break;
            }
        }
        size_t room = out->cap - out->len - 1;
        if (room > out->max - out->len)
            room = out->max - out->len;
        z.next_out = (Bytef *)out->ptr + out->len;
        z.avail_out = room > UINT32_MAX ? UINT32_MAX : (uInt)room;
        uInt before = z.avail_out;
        int rc = inflate(&z, Z_NO_FLUSH);
        out->len += before - z.avail_out;
        out->ptr[out->len] = '\0';
        if (rc == Z_STREAM_END)
            break;
        if (rc == Z_OK)
            continue;
        if (rc == Z_BUF_ERROR && z.avail_in == 0)
            break; /* truncated body: keep what came out */
        if (rc == Z_BUF_ERROR)
            continue;
        st = rc == Z_MEM_ERROR ? KLP_E_NOMEM : KLP_E_CORRUPT;
        break;
    }
    inflateEnd(&z);
    return st;
}

/* Parses the HTTP response in the block; sets the http fields and the payload. */
static klp_status parse_http(klpi_warc *w, klpi_warc_record *rec)
{
    const unsigned char *b = (const unsigned char *)rec->block.ptr;
    size_t n = rec->block.len;
    rec->payload = rec->block;
    if (n < 5 || memcmp(b, "HTTP/", 5) != 0)
        return KLP_OK;
    size_t look = n < KLPI_WARC_MAX_HEADER ? n : KLPI_WARC_MAX_HEADER;
    size_t hlen, blen;
    if (!find_blank_line(b, look, 0, &hlen, &blen)) {
        if (n > KLPI_WARC_MAX_HEADER)
            return KLP_OK; /* not an HTTP header we can use: the block is the payload */
        hlen = blen = n;   /* a header without body */
    }
    klpi_buf_reset(&w->hhdr);
    if (!klpi_buf_add(&w->hhdr, b, hlen))
        return KLP_E_NOMEM;
    rec->has_http = true;
    http_fields f = {rec, NULL};
    char *status_line;
    split_fields(&w->hhdr, &status_line, on_http_field, &f);
    const char *sp = status_line ? strchr(status_line, ' ') : NULL;
    if (sp && sp[1] >= '1' && sp[1] <= '9' && sp[2] >= '0' && sp[2] <= '9' && sp[3] >= '0' &&
        sp[3] <= '9' && (sp[4] == '\0' || sp[4] == ' '))
        rec->http_status = (sp[1] - '0') * 100 + (sp[2] - '0') * 10 + (sp[3] - '0');
    if (rec->http_content_type && charset_of(rec->http_content_type, w->charset))
        rec->http_charset = rec->charset = w->charset;

    const unsigned char *body = b + blen;
    size_t body_len = n - blen;
    if (f.transfer_encoding && strcasestr(f.transfer_encoding, "chunked") &&
        dechunk(body, body_len, &w->dechunk)) {
        rec->http_chunked = true;
        body = (const unsigned char *)(w->dechunk.ptr ? w->dechunk.ptr : "");
        body_len = w->dechunk.len;
    }
    rec->payload.ptr = (const char *)body;
    rec->payload.len = body_len;

    const char *ce = rec->http_content_encoding;
    if (!ce || !*ce || strcasecmp(ce, "identity") == 0 || body_len == 0)
        return KLP_OK;
    int wbits;
    if (strcasecmp(ce, "gzip") == 0 || strcasecmp(ce, "x-gzip") == 0) {
        if (body_len < 2 || body[0] != 0x1F || body[1] != 0x8B)
            return KLP_OK; /* the crawler already decoded it and kept the header */
        wbits = 15 + 16;
    } else if (strcasecmp(ce, "deflate") == 0) {
        bool zlib_hdr = body_len >= 2 && (body[0] & 0x0F) == Z_DEFLATED &&
                        ((unsigned)body[0] * 256 + body[1]) % 31 == 0;
        wbits = zlib_hdr ? 15 : -15;
    } else {
        rec->payload.ptr = NULL;
        rec->payload.len = 0;
        rec->detail = "unsupported HTTP Content-Encoding";
        return KLP_E_UNSUPPORTED;
    }
    klp_status st = inflate_body(body, body_len, wbits, &w->body);
    if (st != KLP_OK) {
        rec->payload.ptr = NULL;
        rec->payload.len = 0;
        rec->detail = st == KLP_E_LIMIT ? "decoded HTTP body over the record limit"
                                        : "HTTP body does not inflate";
        return st;
    }
    rec->payload.ptr = w->body.ptr ? w->body.ptr : "";
    rec->payload.len = w->body.len;
    return KLP_OK;
}

/* ---- records -------------------------------------------------------------------------- */

/* A stream error ends the reading: it is reported once, at the record it broke. */
static klp_status stream_failed(klpi_warc *w, klpi_warc_record *rec)
{
    w->dead = true;
    w->pos = w->len;
    if (w->zerr == KLP_E_CORRUPT)
        rec->detail = "compressed data is corrupt or truncated";
    else if (w->zerr == KLP_E_LIMIT)
        rec->detail = "decompressed size over the limit";
    else if (w->zerr == KLP_E_IO)
        rec->detail = "read error";
    else
        rec->detail = klp_status_str(w->zerr);
    return w->zerr;
}

/* Skips an unwanted or over-limit block of length len starting at stream offset start,
 * without storing it. A blank line followed by "WARC/1.0" or "WARC/1.1" inside the block
 * means the Content-Length lied: the reader stops there. */
static klp_status skip_block(klpi_warc *w, klpi_warc_record *rec, uint64_t start, uint64_t len,
                             bool *lied)
{
    *lied = false;
    uint64_t end = start + len;
    uint64_t scan = start; /* where the search for "\nWARC/1." goes on */
    w->pos = idx_of(w, start);
    while (abs_pos(w) < end) {
        size_t keep = idx_of(w, scan) - (scan - start >= 2 ? 2 : (size_t)(scan - start));
        if (keep > w->pos)
            keep = w->pos;
        klp_status st = fill(w, avail(w) + 1, keep);
        if (st != KLP_OK)
            return st;
        if (avail(w) == 0)
            break; /* the stream ended inside the block */
        size_t si = idx_of(w, scan);
        bool more = !w->eof && w->zerr == KLP_OK; /* more bytes may come */
        size_t tail = w->len >= RESYNC_LEN + 1 ? w->len - (RESYNC_LEN + 1) : 0;
        if (tail < si)
            tail = si;
        while (w->len - si >= RESYNC_LEN) {
            const unsigned char *m = memmem(w->win + si, w->len - si, RESYNC, RESYNC_LEN);
            if (!m)
                break;
            size_t mi = (size_t)(m - w->win);
            if (w->base + mi + 1 >= end) /* the 'W' is past the block */
                break;
            if (mi + RESYNC_LEN + 2 > w->len && more) {
                tail = mi; /* the version is not read yet: decide after the refill */
                break;
            }
            bool blank_before =
                (w->base + mi >= start + 1 && w->win[mi - 1] == '\n') ||
                (w->base + mi >= start + 2 && w->win[mi - 1] == '\r' && w->win[mi - 2] == '\n');
            bool version = mi + RESYNC_LEN + 2 <= w->len &&
                           (w->win[mi + RESYNC_LEN] == '0' || w->win[mi + RESYNC_LEN] == '1') &&
                           (w->win[mi + RESYNC_LEN + 1] == '\r' ||
                            w->win[mi + RESYNC_LEN + 1] == '\n');
            if (blank_before && version) {
                w->pos = mi + 1;
                *lied = true;
                rec->detail = "Content-Length runs past the next record";
                return KLP_OK;
            }
            si = mi + 1;
            if (tail < si)
                tail = si;
        }
        /* keep the last bytes: a match may straddle the next refill */
        scan = w->base + tail;
        uint64_t stop = end < w->base + w->len ? end : w->base + w->len;
        w->pos = idx_of(w, stop);
    }
    return KLP_OK;
}

static klp_status warc_next(klpi_warc *w, klpi_warc_record *rec)
{
    if (!w || !rec)
        return KLP_E_ARG;
    for (;;) {
        memset(rec, 0, sizeof *rec);
        if (w->dead)
            return KLPI_END;
        klp_status st;
        if (w->resync) {
            w->resync = false;
            st = scan_resync(w);
            if (st != KLP_OK)
                return st;
        }
        /* blank lines between records */
        for (;;) {
            st = fill(w, 1, w->pos);
            if (st != KLP_OK)
                return st;
            if (avail(w) == 0 || (w->win[w->pos] != '\r' && w->win[w->pos] != '\n'))
                break;
            w->pos++;
        }
        rec->offset = abs_pos(w);
        rec->file_offset = klpi_zs_locate(w->zs, rec->offset);
        if (avail(w) == 0) {
            if (w->zerr != KLP_OK)
                return stream_failed(w, rec);
            w->dead = true;
            return KLPI_END;
        }
        uint64_t rstart = abs_pos(w);
        st = fill(w, MAGIC_LEN, w->pos);
        if (st != KLP_OK)
            return st;
        if (avail(w) < MAGIC_LEN || memcmp(w->win + w->pos, MAGIC, MAGIC_LEN) != 0) {
            if (avail(w) < MAGIC_LEN && w->zerr != KLP_OK)
                return stream_failed(w, rec);
            rec->detail = "no WARC/1. line where a record should start";
            w->resync = true;
            return KLP_E_PARSE;
        }
        /* the header, up to its blank line */
        size_t hlen = 0, blen = 0, scanned = 0;
        for (;;) {
            size_t have = avail(w);
            if (find_blank_line(w->win + w->pos, have, scanned, &hlen, &blen))
                break;
            scanned = have >= 2 ? have - 2 : 0;
            if (have > KLPI_WARC_MAX_HEADER) {
                rec->detail = "WARC header too long";
                w->pos++;
                w->resync = true;
                return KLP_E_PARSE;
            }
            if (w->eof || w->zerr != KLP_OK) {
                if (w->zerr != KLP_OK)
                    return stream_failed(w, rec);
                rec->detail = "the stream ends inside a record header";
                w->dead = true;
                w->pos = w->len;
                return KLP_E_CORRUPT;
            }
            st = fill(w, have + 1, w->pos);
            if (st != KLP_OK)
                return st;
        }
        klpi_buf_reset(&w->hdr);
        if (!klpi_buf_add(&w->hdr, w->win + w->pos, hlen))
            return KLP_E_NOMEM;
        warc_fields f = {rec, NULL};
        char *version;
        split_fields(&w->hdr, &version, on_warc_field, &f);
        uint64_t clen;
        if (!parse_length(f.content_length, &clen)) {
            rec->detail = f.content_length ? "bad Content-Length" : "no Content-Length";
            w->pos++;
            w->resync = true;
            return KLP_E_PARSE;
        }
        rec->content_length = clen;
        uint64_t bstart = rstart + blen;
        bool wanted = (w->o.types & KLPI_WARC_BIT(rec->type)) != 0;

        if (!wanted || clen > w->o.max_record_bytes) {
            bool lied;
            st = skip_block(w, rec, bstart, clen, &lied);
            if (st != KLP_OK)
                return st;
            if (lied)
                return KLP_E_PARSE;
            if (abs_pos(w) < bstart + clen) {
                if (w->zerr != KLP_OK)
                    return stream_failed(w, rec);
                rec->detail = "the stream ends inside a record";
                w->dead = true;
                return KLP_E_CORRUPT;
            }
            bool yes;
            uint64_t next;
            st = boundary_at(w, bstart + clen, abs_pos(w), &yes, &next);
            if (st != KLP_OK)
                return st;
            if (!yes) {
                rec->detail = "Content-Length does not end at a record boundary";
                w->resync = true;
                return KLP_E_PARSE;
            }
            w->pos = idx_of(w, next);
            if (!wanted)
                continue;
            rec->detail = "record over the size limit, skipped";
            return KLP_E_LIMIT;
        }

        /* a stored record: the whole block, then the boundary after it */
        size_t need = (size_t)(bstart + clen - abs_pos(w));
        st = fill(w, need, w->pos);
        if (st != KLP_OK)
            return st;
        bool yes = false;
        uint64_t next = 0;
        if (avail(w) >= need) {
            st = boundary_at(w, bstart + clen, rstart, &yes, &next);
            if (st != KLP_OK)
                return st;
        }
        if (!yes) {
            /* the Content-Length lies: look for the next record after this one's start */
            w->pos = idx_of(w, rstart) + 1;
            bool later = memmem(w->win + w->pos, avail(w), RESYNC, RESYNC_LEN) != NULL;
            if (avail(w) + 1 < need && !later) {
                if (w->zerr != KLP_OK)
                    return stream_failed(w, rec);
                rec->detail = "the stream ends inside a record";
                w->dead = true;
                w->pos = w->len;
                return KLP_E_CORRUPT;
            }
            rec->detail = avail(w) + 1 < need ? "Content-Length runs past the end of the stream"
                                              : "Content-Length does not end at a record boundary";
            w->resync = true;
            return KLP_E_PARSE;
        }
        rec->block.ptr = (const char *)w->win + idx_of(w, bstart);
        rec->block.len = (size_t)clen;
        rec->payload = rec->block;
        w->pos = idx_of(w, next);
        if (w->o.decode_http && rec->type == KLPI_WARC_RESPONSE &&
            (mime_is(rec->content_type, "application/http") || !rec->content_type))
            return parse_http(w, rec);
        if (rec->content_type && charset_of(rec->content_type, w->charset))
            rec->charset = w->charset;
        return KLP_OK;
    }
}

klp_status klpi_warc_next(klpi_warc *w, klpi_warc_record *rec)
{
    klp_status st = warc_next(w, rec);
    if (st != KLP_OK && st != KLPI_END && rec && !rec->detail)
        rec->detail = klp_status_str(st); /* every error says why */
    return st;
}

/* ---- classification ------------------------------------------------------------------- */

static bool sniff_html(klp_str s)
{
    const unsigned char *p = (const unsigned char *)s.ptr;
    size_t n = s.len < WARC_SNIFF_SPAN ? s.len : WARC_SNIFF_SPAN;
    size_t i = 0;
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        i = 3;
    while (i < n && is_space((char)p[i]))
        i++;
    return (n - i >= 5 && strncasecmp((const char *)p + i, "<html", 5) == 0) ||
           (n - i >= 9 && strncasecmp((const char *)p + i, "<!doctype", 9) == 0);
}

bool klpi_warc_is_html(const klpi_warc_record *rec)
{
    if (!rec || !rec->payload.ptr)
        return false;
    const char *ct = rec->has_http ? rec->http_content_type : rec->content_type;
    while (ct && (*ct == ' ' || *ct == '\t'))
        ct++;
    if (ct && *ct)
        return mime_is(ct, "text/html") || mime_is(ct, "application/xhtml+xml");
    return sniff_html(rec->payload);
}

bool klpi_warc_is_text(const klpi_warc_record *rec)
{
    if (!rec || !rec->payload.ptr)
        return false;
    return (rec->type == KLPI_WARC_CONVERSION || rec->type == KLPI_WARC_RESOURCE) &&
           mime_is(rec->content_type, "text/plain");
}
