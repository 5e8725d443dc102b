/* test_warc.c - cmocka unit tests for klp_warc: archives are built here in memory (plain,
 * one gzip member per record, zstd): record fields and offsets, type filtering, HTTP header
 * parsing, chunked and gzip/deflate bodies, WET conversion records, every kind of lying
 * Content-Length followed by a good record, truncated members and the per-record limit. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "klp_warc.h"
#include "klp_zstream.h"

/* ---- building archives --------------------------------------------------------------- */

typedef struct sb {
    char *p;
    size_t n;
} sb;

static void sb_add(sb *b, const void *p, size_t n)
{
    b->p = realloc(b->p, b->n + n + 1);
    assert_non_null(b->p);
    memcpy(b->p + b->n, p, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void sb_adds(sb *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

static void sb_addf(sb *b, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    assert_true(n >= 0 && (size_t)n < sizeof tmp);
    sb_add(b, tmp, (size_t)n);
}

static sb gzip_of(const void *data, size_t n, int wbits)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = deflateBound(&zs, (uLong)n) + 64;
    sb b = {malloc(cap), 0};
    assert_non_null(b.p);
    zs.next_in = (Bytef *)data;
    zs.avail_in = (uInt)n;
    zs.next_out = (Bytef *)b.p;
    zs.avail_out = (uInt)cap;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    b.n = cap - zs.avail_out;
    deflateEnd(&zs);
    return b;
}

/* A record id derived from a small number, like warcgen does from file names. */
static void record_id(char out[64], int k)
{
    snprintf(out, 64, "<urn:uuid:00000000-0000-4000-8000-%012d>", k);
}

/* Appends one WARC record. content_length NULL = the real length of block. The header has
 * no Content-Type line when ctype is NULL, no Target-URI when uri is NULL. */
static void add_record(sb *out, const char *type, const char *uri, int id, const char *ctype,
                       const void *block, size_t block_len, const char *content_length)
{
    char rid[64];
    record_id(rid, id);
    sb_adds(out, "WARC/1.0\r\n");
    sb_addf(out, "WARC-Type: %s\r\n", type);
    if (uri)
        sb_addf(out, "WARC-Target-URI: %s\r\n", uri);
    sb_adds(out, "WARC-Date: 2024-01-02T03:04:05Z\r\n");
    sb_addf(out, "WARC-Record-ID: %s\r\n", rid);
    if (ctype)
        sb_addf(out, "Content-Type: %s\r\n", ctype);
    if (content_length)
        sb_addf(out, "Content-Length: %s\r\n", content_length);
    else
        sb_addf(out, "Content-Length: %zu\r\n", block_len);
    sb_adds(out, "\r\n");
    sb_add(out, block, block_len);
    sb_adds(out, "\r\n\r\n");
}

/* An HTTP response block: status line, extra header lines (each ending "\r\n"), body. */
static sb http_block(const char *status, const char *headers, const void *body, size_t n)
{
    sb b = {NULL, 0};
    sb_addf(&b, "%s\r\n", status);
    sb_adds(&b, headers);
    sb_adds(&b, "\r\n");
    sb_add(&b, body, n);
    return b;
}

static void add_response(sb *out, const char *uri, int id, const char *headers,
                         const char *body, const char *content_length)
{
    sb blk = http_block("HTTP/1.1 200 OK", headers, body, strlen(body));
    add_record(out, "response", uri, id, "application/http; msgtype=response", blk.p, blk.n,
               content_length);
    free(blk.p);
}

typedef struct reader {
    klpi_zs *zs;
    klpi_warc *w;
} reader;

static reader open_reader(const sb *data, const klpi_warc_opts *opts)
{
    reader r;
    assert_int_equal(klpi_zs_open_mem(data->p, data->n, 0, &r.zs), KLP_OK);
    assert_int_equal(klpi_warc_open(r.zs, opts, &r.w), KLP_OK);
    return r;
}

static void close_reader(reader *r)
{
    klpi_warc_close(r->w);
    klpi_zs_close(r->zs);
}

static void assert_str(const char *got, const char *want)
{
    assert_non_null(got);
    assert_string_equal(got, want);
}

static void assert_payload(const klpi_warc_record *rec, const char *want)
{
    assert_non_null(rec->payload.ptr);
    assert_int_equal(rec->payload.len, strlen(want));
    assert_memory_equal(rec->payload.ptr, want, strlen(want));
}

/* ---- a small archive with every record type ------------------------------------------ */

static const char PAGE[] = "<!DOCTYPE html><html><head><title>T</title></head>"
                           "<body><p>Caf\xE9 page</p></body></html>";
static const char WET_TEXT[] = "Cafe page\nSecond line of text\n";
static const char NOTE[] = "a resource that is plain text";

enum { N_MIXED = 6 };

/* Builds warcinfo, request, response, metadata, conversion, resource; offsets[] gets the
 * start of each record, each gzip-compressed separately when gz (then comp[] gets the
 * start of its member in the file). */
static sb build_mixed(bool gz, size_t offsets[N_MIXED], size_t comp[N_MIXED])
{
    sb out = {NULL, 0};
    size_t dec = 0;
    for (int i = 0; i < N_MIXED; i++) {
        sb rec = {NULL, 0};
        switch (i) {
        case 0:
            add_record(&rec, "warcinfo", NULL, 1, "application/warc-fields",
                       "software: test\r\n", 16, NULL);
            break;
        case 1:
            add_record(&rec, "request", "http://example.com/a", 2,
                       "application/http; msgtype=request",
                       "GET /a HTTP/1.1\r\nHost: example.com\r\n\r\n", 38, NULL);
            break;
        case 2:
            add_response(&rec, "http://example.com/a", 3,
                         "Content-Type: text/html; charset=ISO-8859-1\r\n"
                         "Content-Length: 86\r\n",
                         PAGE, NULL);
            break;
        case 3:
            add_record(&rec, "metadata", "http://example.com/a", 4, "application/warc-fields",
                       "fetchTimeMs: 12\r\n", 17, NULL);
            break;
        case 4:
            add_record(&rec, "conversion", "http://example.com/a", 5, "text/plain", WET_TEXT,
                       strlen(WET_TEXT), NULL);
            break;
        case 5:
            add_record(&rec, "resource", "<http://example.com/note>", 6,
                       "text/plain; charset=utf-8", NOTE, strlen(NOTE), NULL);
            break;
        }
        offsets[i] = dec;
        dec += rec.n;
        if (comp)
            comp[i] = out.n;
        if (gz) {
            sb g = gzip_of(rec.p, rec.n, 31);
            sb_add(&out, g.p, g.n);
            free(g.p);
        } else {
            sb_add(&out, rec.p, rec.n);
        }
        free(rec.p);
    }
    return out;
}

static void check_mixed(reader *r, const size_t offsets[N_MIXED], const size_t *comp)
{
    static const klpi_warc_type TYPES[N_MIXED] = {
        KLPI_WARC_WARCINFO, KLPI_WARC_REQUEST,    KLPI_WARC_RESPONSE,
        KLPI_WARC_METADATA, KLPI_WARC_CONVERSION, KLPI_WARC_RESOURCE,
    };
    klpi_warc_record rec;
    for (int i = 0; i < N_MIXED; i++) {
        assert_int_equal(klpi_warc_next(r->w, &rec), KLP_OK);
        assert_int_equal(rec.type, TYPES[i]);
        assert_str(rec.type_name, klpi_warc_type_name(TYPES[i]));
        assert_int_equal(rec.offset, offsets[i]);
        assert_int_equal(rec.file_offset, comp ? comp[i] : offsets[i]);
        assert_str(rec.date, "2024-01-02T03:04:05Z");
        char rid[64];
        record_id(rid, i + 1);
        assert_str(rec.record_id, rid);
        assert_int_equal(rec.content_length, rec.block.len);
        assert_null(rec.detail);
        switch (TYPES[i]) {
        case KLPI_WARC_WARCINFO:
            assert_null(rec.target_uri);
            assert_payload(&rec, "software: test\r\n");
            assert_false(klpi_warc_is_html(&rec));
            assert_false(klpi_warc_is_text(&rec));
            break;
        case KLPI_WARC_REQUEST:
            assert_false(rec.has_http); /* only responses are decoded */
            assert_false(klpi_warc_is_html(&rec));
            break;
        case KLPI_WARC_RESPONSE:
            assert_str(rec.target_uri, "http://example.com/a");
            assert_str(rec.content_type, "application/http; msgtype=response");
            assert_true(rec.has_http);
            assert_int_equal(rec.http_status, 200);
            assert_str(rec.http_content_type, "text/html; charset=ISO-8859-1");
            assert_str(rec.http_charset, "ISO-8859-1");
            assert_str(rec.charset, "ISO-8859-1");
            assert_null(rec.http_content_encoding);
            assert_false(rec.http_chunked);
            assert_int_equal(strlen(PAGE), 86); /* the Content-Length written above */
            assert_payload(&rec, PAGE);
            assert_true(klpi_warc_is_html(&rec));
            assert_false(klpi_warc_is_text(&rec));
            break;
        case KLPI_WARC_METADATA:
            assert_payload(&rec, "fetchTimeMs: 12\r\n");
            break;
        case KLPI_WARC_CONVERSION:
            assert_str(rec.content_type, "text/plain");
            assert_payload(&rec, WET_TEXT);
            assert_null(rec.charset); /* "text/plain" has no parameter */
            assert_true(klpi_warc_is_text(&rec));
            assert_false(klpi_warc_is_html(&rec));
            break;
        default:
            /* resource: the <> around the URI are dropped */
            assert_str(rec.target_uri, "http://example.com/note");
            assert_str(rec.charset, "utf-8"); /* from the record's Content-Type */
            assert_null(rec.http_charset);
            assert_payload(&rec, NOTE);
            assert_true(klpi_warc_is_text(&rec));
            break;
        }
    }
    assert_int_equal(klpi_warc_next(r->w, &rec), KLPI_END);
    assert_int_equal(klpi_warc_next(r->w, &rec), KLPI_END);
}

static void test_records_in_order(void **state)
{
    (void)state;
    size_t off[N_MIXED];
    sb data = build_mixed(false, off, NULL);
    reader r = open_reader(&data, NULL);
    check_mixed(&r, off, NULL);
    close_reader(&r);
    free(data.p);
}

static void test_gzip_per_record(void **state)
{
    (void)state;
    size_t off[N_MIXED], comp[N_MIXED];
    sb data = build_mixed(true, off, comp);
    assert_int_equal((unsigned char)data.p[0], 0x1F);
    reader r = open_reader(&data, NULL);
    check_mixed(&r, off, comp);
    assert_int_equal(klpi_zs_get_kind(r.zs), KLPI_ZS_GZIP);
    close_reader(&r);
    free(data.p);
}

static void test_zstd_archive(void **state)
{
    (void)state;
    size_t off[N_MIXED];
    sb plain = build_mixed(false, off, NULL);
    sb data = {malloc(ZSTD_compressBound(plain.n)), 0};
    data.n = ZSTD_compress(data.p, ZSTD_compressBound(plain.n), plain.p, plain.n, 3);
    assert_false(ZSTD_isError(data.n));
    reader r = open_reader(&data, NULL);
    size_t zero[N_MIXED] = {0}; /* one frame: every record is in the frame at 0 */
    check_mixed(&r, off, zero);
    close_reader(&r);
    free(data.p);
    free(plain.p);
}

/* request, metadata and warcinfo are filtered out by the types option. */
static void test_type_filter(void **state)
{
    (void)state;
    size_t off[N_MIXED];
    sb data = build_mixed(false, off, NULL);
    klpi_warc_opts o;
    klpi_warc_opts_init(&o);
    o.types = KLPI_WARC_BIT(KLPI_WARC_RESPONSE) | KLPI_WARC_BIT(KLPI_WARC_CONVERSION) |
              KLPI_WARC_BIT(KLPI_WARC_RESOURCE);
    reader r = open_reader(&data, &o);
    klpi_warc_record rec;
    assert_int_equal(klpi_warc_next(r.w, &rec), KLP_OK);
    assert_int_equal(rec.type, KLPI_WARC_RESPONSE);
    assert_int_equal(rec.offset, off[2]);
    assert_int_equal(klpi_warc_next(r.w, &rec), KLP_OK);
    assert_int_equal(rec.type, KLPI_WARC_CONVERSION);
    assert_int_equal(rec.offset, off[4]);
    assert_int_equal(klpi_warc_next(r.w, &rec), KLP_OK);
    assert_int_equal(rec.type, KLPI_WARC_RESOURCE);
    assert_int_equal(klpi_warc_next(r.w, &rec), KLPI_END);
    close_reader(&r);
    free(data.p);
}

/* ---- HTTP bodies ----------------------------------------------------------------------- */

static void test_chunked_body(void **state)
{
    (void)state;
    sb data = {NULL, 0};
    /* 5 + 7 bytes in two chunks, one with an extension, then the last chunk */
    add_response(&data, "http://example.com/c", 1,
                 "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
                 "5\r\nHello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n", NULL);
    /* the header says chunked but the crawler already de-chunked the body */
    add_response(&data, "http://example.com/d", 2,
                 "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
                 "<html>already plain</html>", NULL);
    reader r = open_reader(&data, NULL);
    klpi_warc_record rec;
    assert_int_equal(klpi_warc_next(r.w, &rec), KLP_OK);
    assert_true(rec.http_chunked);
    assert_payload(&rec, "Hello, world");
    assert_int_equal(klpi_warc_next(r.w, &rec), KLP_OK);
    assert_false(rec.http_chunked);
    assert_payload(&rec, "<html>already plain</html>");
    assert_int_equal(klpi_warc_next(r.w, &rec), KLPI_END);
    close_reader(&r);
    free(data.p);
}

static void add_encoded_response(sb *out, int id, const char *encoding, int wbits,
                                 bool chunked, const char *body)
{
    sb z = gzip_of(body, strlen(body), wbits);
    sb enc = {NULL, 0};
    if (chunked) { /* two chunks: the split is arbitrary */
        size_t half = z.n / 2;
        sb_addf(&enc, "%zx\r\n", half);
        sb_add(&enc, z.p, half);
        sb_addf(&enc, "\r\n%zx\r\n", z.n - half);
        sb_add(&enc, z.p + half, z.n - half);
        sb_adds(&enc, "\r\n0\r\n\r\n");
    } else {
        sb_add(&enc, z.p, z.n);
    }
    char headers[256];
    snprintf(headers, sizeof headers, "Content-Type: text/html\r\nContent-Encoding: %s\r\n%s",
             encoding, chunked ? "Transfer-Encoding: chunked\r\n" : "");
    sb blk = http_block("HTTP/1.1 200 OK", headers, enc.p, enc.n);
    add_record(out, "response", "http://example.com/z", id, "application/http", blk.p, blk.n,
               NULL);
    free(blk.p);
    free(enc.p);
    free(z.p);
}

static void test_content_encoding(void **state)
{
    (void)state;
    static const char BODY[] = "<html><body>zipped body text</body></html>";
    sb data = {NULL, 0};
    add_encoded_response(&data, 1, "gzip", 31, false, BODY);
    add_encoded_response(&data, 2, "deflate", 15, false, BODY); /* zlib wrapper */
    add_encoded_response(&data, 3, "deflate", -15, false, BODY); /* raw deflate */
    add_encoded_response(&data, 4, "x-gzip", 31, true, BODY);   /* chunked and gzip */
    add_response(&data, "http://example.com/br", 5,
                 "Content-Type: text/html\r\nContent-Encoding: br\r\n", "\x1b\x2a\x00", NULL);
    /* gzip announced, body already decoded by the crawler */
    add_response(&data, "http://example.com/g", 6,
                 "Content-Type: text/html\r\nContent-Encoding: gzip\r\n", BODY, NULL);
    reader r = open_reader(&data, NULL);
    klpi_warc_record rec;
    for (int i = 0; i < 4; i++) {
        assert_int_equal(klpi_warc_next(r.w, &rec), KLP_OK);
        assert_payload(&rec, BODY);
        assert_int_equal(rec.http_chunked, i == 3);
        assert_true(klpi_warc_is_html(&rec));
    }
    assert_int_equal(klpi_warc_next(r.w, &rec), KLP_E_UNSUPPORTED);
    assert_str(rec.target_uri, "http://example.com/br");
    assert_str(rec.http_content_encoding, "br");
    assert_null(rec.payload.ptr);
    assert_non_null(rec.detail);
    assert_int_equal(klpi_warc_next(r.w, &rec), KLP_OK);
    assert_str(rec.target_uri, "http://example.com/g");
    assert_payload(&rec, BODY);
    assert_int_equal(klpi_warc_next(r.w, &rec), KLPI_END);
    close_reader(&r);
    free(data.p);
}

/* The decoded body is capped by max_record_bytes too (a gzip bomb in a small record). */
static void test_content_encoding_bomb(void **state)
{
    (void)state;
    size_t big = 100000;
    char *zeros = calloc(1, big + 1);
    memset(zeros, 'a', big);
    sb data = {NULL, 0};
    add_encoded_response(&data, 1, "gzip", 31, false, zeros);
    add_response(&data, "http://example.com/after", 2, "Content-Type: text/html\r\n", "<p>ok",
                 NULL);
    klpi_warc_opts o;
    klpi_warc_opts_init(&o);
    o.max_record_bytes = 10000; /* the compressed record fits, its body does not */
    reader r = open_reader(&data, &o);
    klpi_warc_record rec;
    assert_int_equal(klpi_warc_next(r.w, &rec), KLP_E_LIMIT);
    assert_int_equal(rec.offset, 0);
    assert_int_equal(klpi_warc_next(r.w, &rec), KLP_OK);
    assert_str(rec.target_uri, "http://example.com/after");
    assert_payload(&rec, "<p>ok");
    assert_int_equal(klpi_warc_next(r.w, &rec), KLPI_END);
    close_reader(&r);
    free(data.p);
    free(zeros);
}

static void test_html_sniffing(void **state)
{
    (void)state;
    sb data = {NULL, 0};
    /* no HTTP Content-Type: sniffed from the body */
    add_response(&data, "http://example.com/1", 1, "Server: x\r\n",
                 "\r\n  <!doctype html><html></html>", NULL);
    add_response(&data, "http://example.com/2", 2, "Server: x\r\n", "just some words", NULL);
    /* an explicit type wins over the bytes */
    add_response(&data, "http://example.com/3", 3, "Content-Type: application/json\r\n",
                 "<html></html>", NULL);
    add_response(&data, "http://example.com/4", 4,
                 "Content-Type: Application/XHTML+XML ; charset=\"utf-8\"\r\n", "<x/>", NULL);
    /* a response record without a Content-Type line: its block is still read as HTTP */
    {
        sb blk = http_block("HTTP/1.1 404 Not Found", "Content-Type: text/html\r\n", "<p>gone",
                            7);
        add_record(&data, "response", "http://example.com/6", 6, NULL, blk.p, blk.n, NULL);
        free(blk.p);
    }
    /* a resource record without any Content-Type */
    add_record(&data, "resource", "http://example.com/5", 5, NULL, "<HTML><p>x</p></HTML>", 21,
               NULL);
    static const bool HTML[] = {true, false, false, true, true, true};
    reader r = open_reader(&data, NULL);
    klpi_warc_record rec;
    for (int i = 0; i < 6; i++) {
        assert_int_equal(klpi_warc_next(r.w, &rec), KLP_OK);
        if (i == 4) {
            assert_true(rec.has_http);
            assert_int_equal(rec.http_status, 404);
            assert_payload(&rec, "<p>gone");
        }
        assert_int_equal(klpi_warc_is_html(&rec), HTML[i]);
        assert_false(klpi_warc_is_text(&rec));
        if (i == 3)
            assert_str(rec.http_charset, "utf-8");
    }
    assert_int_equal(klpi_warc_next(r.w, &rec), KLPI_END);
    close_reader(&r);
    free(data.p);
}

/* ---- broken records ------------------------------------------------------------------- */

static const char GOOD_BODY[] = "<html><body><p>good page body</p></body></html>";
static const char BAD_BODY[] = "<html><body><p>this record lies about its length</p></body></html>";

/* Each kind of lying Content-Length, each followed by a good record that must be read. */
static void test_lying_content_length(void **state)
{
    (void)state;
    sb blk = http_block("HTTP/1.1 200 OK", "Content-Type: text/html\r\n", BAD_BODY,
                        strlen(BAD_BODY));
    char shorter[32], longer[32];
    snprintf(shorter, sizeof shorter, "%zu", blk.n - 10);
    snprintf(longer, sizeof longer, "%zu", blk.n + 40); /* swallows part of the next record */
    const char *lies[] = {"-5", "12abc", "", shorter, "99999999999", "123456789012345678901",
                          longer};
    enum { N_LIES = sizeof lies / sizeof lies[0] };
    for (int gz = 0; gz < 2; gz++) {
        sb data = {NULL, 0};
        size_t bad_off[N_LIES];
        for (int i = 0; i < N_LIES; i++) {
            sb rec = {NULL, 0};
            char uri[64];
            snprintf(uri, sizeof uri, "http://example.com/good%d", i);
            add_response(&rec, uri, 100 + i, "Content-Type: text/html\r\n", GOOD_BODY, NULL);
            bad_off[i] = rec.n; /* the bad one comes after the good one */
            add_record(&rec, "response", "http://example.com/bad", 200 + i, "application/http",
                       blk.p, blk.n, lies[i]);
            for (size_t k = 0; k < 2; k++) {
                /* in a .warc.gz each record is its own member */
                size_t from = k == 0 ? 0 : bad_off[i];
                size_t to = k == 0 ? bad_off[i] : rec.n;
                if (gz) {
                    sb g = gzip_of(rec.p + from, to - from, 31);
                    sb_add(&data, g.p, g.n);
                    free(g.p);
                } else {
                    sb_add(&data, rec.p + from, to - from);
                }
            }
            free(rec.p);
        }
        {
            sb rec = {NULL, 0};
            add_response(&rec, "http://example.com/last", 999, "Content-Type: text/html\r\n",
                         GOOD_BODY, NULL);
            if (gz) {
                sb g = gzip_of(rec.p, rec.n, 31);
                sb_add(&data, g.p, g.n);
                free(g.p);
            } else {
                sb_add(&data, rec.p, rec.n);
            }
            free(rec.p);
        }
        reader r = open_reader(&data, NULL);
        klpi_warc_record rec;
        for (int i = 0; i < N_LIES; i++) {
            assert_int_equal(klpi_warc_next(r.w, &rec), KLP_OK);
            char uri[64];
            snprintf(uri, sizeof uri, "http://example.com/good%d", i);
            assert_str(rec.target_uri, uri);
            assert_payload(&rec, GOOD_BODY);
            klp_status st = klpi_warc_next(r.w, &rec);
            assert_int_equal(st, KLP_E_PARSE);
            assert_non_null(rec.detail);
            if (!gz) {
                /* the record's own offset: after the good record before it */
                assert_true(rec.offset > 0);
            }
            assert_str(rec.target_uri, "http://example.com/bad");
        }
        assert_int_equal(klpi_warc_next(r.w, &rec), KLP_OK);
        assert_str(rec.target_uri, "http://example.com/last");
        assert_int_equal(klpi_warc_next(r.w, &rec), KLPI_END);
        close_reader(&r);
        free(data.p);
    }
    free(blk.p);
}

/* Offsets of the broken records, checked exactly on a plain archive. */
static void test_error_offsets(void **state)
{
    (void)state;
    sb data = {NULL, 0};
    add_response(&data, "http://example.com/1", 1, "", GOOD_BODY, NULL);
    size_t bad = data.n;
    add_response(&data, "http://example.com/bad", 2, "", BAD_BODY, "x");
    size_t good = data.n;
    add_response(&data, "http://example.com/2", 3, "", GOOD_BODY, NULL);
    /* garbage where a record should start */
    size_t junk = data.n;
    sb_adds(&data, "garbage line\r\nmore garbage\r\n");
    size_t last = data.n;
    add_response(&data, "http://example.com/3", 4, "", GOOD_BODY, NULL);
    reader r = open_reader(&data, NULL);
    klpi_warc_record rec;
    assert_int_equal(klpi_warc_next(r.w, &rec), KLP_OK);
    assert_int_equal(rec.offset, 0);
    assert_int_equal(klpi_warc_next(r.w, &rec), KLP_E_PARSE);
    assert_int_equal(rec.offset, bad);
    assert_int_equal(rec.file_offset, bad);
    assert_string_equal(rec.detail, "bad Content-Length");
    assert_int_equal(klpi_warc_next(r.w, &rec), KLP_OK);
    assert_int_equal(rec.offset, good);
    assert_int_equal(klpi_warc_next(r.w, &rec), KLP_E_PARSE);
    assert_int_equal(rec.offset, junk);
    assert_int_equal(klpi_warc_next(r.w, &rec), KLP_OK);
    assert_int_equal(rec.offset, last);
    assert_str(rec.target_uri, "http://example.com/3");
    assert_int_equal(klpi_warc_next(r.w, &rec), KLPI_END);
    close_reader(&r);
    free(data.p);
}

/* A Content-Length that runs past the end of the stream, on the last record. */
static void test_length_past_end(void **state)
{
    (void)state;
    sb data = {NULL, 0};
    add_response(&data, "http://example.com/1", 1, "", GOOD_BODY, NULL);
    size_t bad = data.n;
    sb blk = http_block("HTTP/1.1 200 OK", "", BAD_BODY, strlen(BAD_BODY));
    char cl[32];
    snprintf(cl, sizeof cl, "%zu", blk.n + 1000);
    add_record(&data, "response", "http://example.com/bad", 2, "application/http", blk.p,
               blk.n, cl);
    free(blk.p);
    reader r = open_reader(&data, NULL);
    klpi_warc_record rec;
    assert_int_equal(klpi_warc_next(r.w, &rec), KLP_OK);
    assert_int_equal(klpi_warc_next(r.w, &rec), KLP_E_CORRUPT);
    assert_int_equal(rec.offset, bad);
    assert_int_equal(klpi_warc_next(r.w, &rec), KLPI_END);
    close_reader(&r);
    free(data.p);
}

/* The last gzip member is cut: the good records, then CORRUPT at the cut record, then END. */
static void test_truncated_member(void **state)
{
    (void)state;
    sb data = {NULL, 0};
    size_t dec_off = 0, comp_off = 0;
    for (int i = 0; i < 3; i++) {
        sb rec = {NULL, 0};
        char uri[64];
        snprintf(uri, sizeof uri, "http://example.com/%d", i);
        add_response(&rec, uri, i + 1, "Content-Type: text/html\r\n", GOOD_BODY, NULL);
        sb g = gzip_of(rec.p, rec.n, 31);
        if (i == 2) {
            comp_off = data.n;
            g.n /= 2;
        } else {
            dec_off += rec.n;
        }
        sb_add(&data, g.p, g.n);
        free(g.p);
        free(rec.p);
    }
    reader r = open_reader(&data, NULL);
    klpi_warc_record rec;
    assert_int_equal(klpi_warc_next(r.w, &rec), KLP_OK);
    assert_str(rec.target_uri, "http://example.com/0");
    assert_int_equal(klpi_warc_next(r.w, &rec), KLP_OK);
    assert_str(rec.target_uri, "http://example.com/1");
    assert_int_equal(klpi_warc_next(r.w, &rec), KLP_E_CORRUPT);
    assert_int_equal(rec.offset, dec_off);
    assert_int_equal(rec.file_offset, comp_off);
    assert_int_equal(klpi_warc_next(r.w, &rec), KLPI_END);
    close_reader(&r);
    free(data.p);
}

/* A record over max_record_bytes is skipped with LIMIT; the next one is read. */
static void test_over_limit(void **state)
{
    (void)state;
    size_t big = 200000; /* several read chunks */
    char *filler = malloc(big + 1);
    memset(filler, 'x', big);
    filler[big] = '\0';
    for (int gz = 0; gz < 2; gz++) {
        sb data = {NULL, 0};
        size_t comps[3];
        for (int i = 0; i < 3; i++) {
            sb rec = {NULL, 0};
            char uri[64];
            snprintf(uri, sizeof uri, "http://example.com/%d", i);
            add_response(&rec, uri, i + 1, "Content-Type: text/html\r\n",
                         i == 1 ? filler : GOOD_BODY, NULL);
            comps[i] = data.n;
            if (gz) {
                sb g = gzip_of(rec.p, rec.n, 31);
                sb_add(&data, g.p, g.n);
                free(g.p);
            } else {
                sb_add(&data, rec.p, rec.n);
            }
            free(rec.p);
        }
        klpi_warc_opts o;
        klpi_warc_opts_init(&o);
        o.max_record_bytes = 1000;
        reader r = open_reader(&data, &o);
        klpi_warc_record rec;
        assert_int_equal(klpi_warc_next(r.w, &rec), KLP_OK);
        assert_str(rec.target_uri, "http://example.com/0");
        assert_int_equal(klpi_warc_next(r.w, &rec), KLP_E_LIMIT);
        assert_str(rec.target_uri, "http://example.com/1");
        assert_int_equal(rec.content_length, big + strlen("HTTP/1.1 200 OK\r\n"
                                                          "Content-Type: text/html\r\n\r\n"));
        assert_int_equal(rec.file_offset, comps[1]); /* plain: the offset; gz: the member */
        assert_null(rec.payload.ptr);
        assert_int_equal(klpi_warc_next(r.w, &rec), KLP_OK);
        assert_str(rec.target_uri, "http://example.com/2");
        assert_int_equal(rec.file_offset, comps[2]);
        assert_payload(&rec, GOOD_BODY);
        assert_int_equal(klpi_warc_next(r.w, &rec), KLPI_END);
        close_reader(&r);
        free(data.p);
    }
    free(filler);
}

/* A huge lying Content-Length on a record whose end falls on every position around the
 * reader's 64 KB read chunks: the next record's boundary is found across refills. */
static void test_huge_length_across_chunks(void **state)
{
    (void)state;
    size_t base = 65536 - 200;
    for (size_t fill = base; fill < base + 400; fill += 7) {
        char *filler = malloc(fill + 1);
        memset(filler, 'y', fill);
        filler[fill] = '\0';
        sb data = {NULL, 0};
        add_response(&data, "http://example.com/bad", 1, "", filler, "99999999999");
        add_response(&data, "http://example.com/good", 2, "", GOOD_BODY, NULL);
        klpi_warc_opts o;
        klpi_warc_opts_init(&o);
        o.max_record_bytes = 1000;
        reader r = open_reader(&data, &o);
        klpi_warc_record rec;
        assert_int_equal(klpi_warc_next(r.w, &rec), KLP_E_PARSE);
        assert_int_equal(rec.offset, 0);
        assert_int_equal(klpi_warc_next(r.w, &rec), KLP_OK);
        assert_str(rec.target_uri, "http://example.com/good");
        assert_payload(&rec, GOOD_BODY);
        assert_int_equal(klpi_warc_next(r.w, &rec), KLPI_END);
        close_reader(&r);
        free(data.p);
        free(filler);
    }
}

/* A large record that fits the limit, read through a file descriptor. */
static void test_large_record_fd(void **state)
{
    (void)state;
    size_t big = 300000;
    char *body = malloc(big + 1);
    for (size_t i = 0; i < big; i++)
        body[i] = (char)('a' + i % 23);
    body[big] = '\0';
    sb data = {NULL, 0};
    add_response(&data, "http://example.com/big", 1, "Content-Type: text/html\r\n", body, NULL);
    add_response(&data, "http://example.com/small", 2, "Content-Type: text/html\r\n", GOOD_BODY,
                 NULL);
    sb g = gzip_of(data.p, data.n, 31); /* one member for the whole file */
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(fwrite(g.p, 1, g.n, f), g.n);
    fflush(f);
    rewind(f);
    klpi_zs *zs;
    assert_int_equal(klpi_zs_open_fd(fileno(f), 0, &zs), KLP_OK);
    klpi_warc *w;
    assert_int_equal(klpi_warc_open(zs, NULL, &w), KLP_OK);
    klpi_warc_record rec;
    assert_int_equal(klpi_warc_next(w, &rec), KLP_OK);
    assert_int_equal(rec.payload.len, big);
    assert_memory_equal(rec.payload.ptr, body, big);
    assert_int_equal(klpi_warc_next(w, &rec), KLP_OK);
    assert_payload(&rec, GOOD_BODY);
    assert_int_equal(klpi_warc_next(w, &rec), KLPI_END);
    klpi_warc_close(w);
    klpi_zs_close(zs);
    fclose(f);
    free(g.p);
    free(data.p);
    free(body);
}

/* Every record's file_offset is its own gzip member, also for many small members read after
 * a big record (the reader's look-ahead stays within what the stream remembers). */
static void test_member_offsets_after_big_record(void **state)
{
    (void)state;
    enum { SMALL = 300 };
    size_t big = 300000;
    char *body = malloc(big + 1);
    for (size_t i = 0; i < big; i++)
        body[i] = (char)('a' + (i * 7) % 26);
    body[big] = '\0';
    sb data = {NULL, 0};
    size_t comp[SMALL + 1], dec[SMALL + 1], d = 0;
    for (int i = 0; i <= SMALL; i++) {
        sb rec = {NULL, 0};
        char uri[64];
        snprintf(uri, sizeof uri, "http://example.com/%d", i);
        add_response(&rec, uri, i + 1, "Content-Type: text/html\r\n", i == 0 ? body : GOOD_BODY,
                     NULL);
        comp[i] = data.n;
        dec[i] = d;
        d += rec.n;
        sb g = gzip_of(rec.p, rec.n, 31);
        sb_add(&data, g.p, g.n);
        free(g.p);
        free(rec.p);
    }
    reader r = open_reader(&data, NULL);
    klpi_warc_record rec;
    for (int i = 0; i <= SMALL; i++) {
        assert_int_equal(klpi_warc_next(r.w, &rec), KLP_OK);
        assert_int_equal(rec.offset, dec[i]);
        assert_int_equal(rec.file_offset, comp[i]);
        assert_int_equal(rec.payload.len, i == 0 ? big : strlen(GOOD_BODY));
    }
    assert_int_equal(klpi_warc_next(r.w, &rec), KLPI_END);
    close_reader(&r);
    free(data.p);
    free(body);
}

/* A filtered-out record is skipped without a LIMIT report, whatever its size. */
static void test_filtered_big_record(void **state)
{
    (void)state;
    size_t big = 5000;
    char *filler = malloc(big + 1);
    memset(filler, 'm', big);
    filler[big] = '\0';
    sb data = {NULL, 0};
    add_record(&data, "metadata", "http://example.com/m", 1, "application/warc-fields", filler,
               big, NULL);
    add_response(&data, "http://example.com/r", 2, "Content-Type: text/html\r\n", GOOD_BODY,
                 NULL);
    klpi_warc_opts o;
    klpi_warc_opts_init(&o);
    o.max_record_bytes = 1000;
    o.types = KLPI_WARC_BIT(KLPI_WARC_RESPONSE);
    reader r = open_reader(&data, &o);
    klpi_warc_record rec;
    assert_int_equal(klpi_warc_next(r.w, &rec), KLP_OK);
    assert_str(rec.target_uri, "http://example.com/r");
    assert_int_equal(klpi_warc_next(r.w, &rec), KLPI_END);
    close_reader(&r);
    /* with every type, the same record is reported over the limit */
    o.types = 0;
    r = open_reader(&data, &o);
    assert_int_equal(klpi_warc_next(r.w, &rec), KLP_E_LIMIT);
    assert_int_equal(rec.type, KLPI_WARC_METADATA);
    assert_int_equal(rec.offset, 0);
    assert_int_equal(klpi_warc_next(r.w, &rec), KLP_OK);
    assert_int_equal(klpi_warc_next(r.w, &rec), KLPI_END);
    close_reader(&r);
    free(data.p);
    free(filler);
}

static void test_args(void **state)
{
    (void)state;
    klpi_warc *w;
    assert_int_equal(klpi_warc_open(NULL, NULL, &w), KLP_E_ARG);
    assert_null(w);
    klpi_warc_close(NULL);
    assert_string_equal(klpi_warc_type_name(KLPI_WARC_CONVERSION), "conversion");
    assert_string_equal(klpi_warc_type_name((klpi_warc_type)77), "other");
    /* an empty stream has no records */
    sb data = {(char *)"", 0};
    reader r = open_reader(&data, NULL);
    klpi_warc_record rec;
    assert_int_equal(klpi_warc_next(r.w, &rec), KLPI_END);
    close_reader(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_records_in_order),
        cmocka_unit_test(test_gzip_per_record),
        cmocka_unit_test(test_zstd_archive),
        cmocka_unit_test(test_type_filter),
        cmocka_unit_test(test_chunked_body),
        cmocka_unit_test(test_content_encoding),
        cmocka_unit_test(test_content_encoding_bomb),
        cmocka_unit_test(test_html_sniffing),
        cmocka_unit_test(test_lying_content_length),
        cmocka_unit_test(test_error_offsets),
        cmocka_unit_test(test_length_past_end),
        cmocka_unit_test(test_truncated_member),
        cmocka_unit_test(test_over_limit),
        cmocka_unit_test(test_huge_length_across_chunks),
        cmocka_unit_test(test_large_record_fd),
        cmocka_unit_test(test_member_offsets_after_big_record),
        cmocka_unit_test(test_filtered_big_record),
        cmocka_unit_test(test_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
