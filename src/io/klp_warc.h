/* klp_warc.h - streaming WARC 1.0/1.1 (ISO 28500) record reader on top of a klpi_zs stream
 * (plain, .warc.gz with one member per record, or zstd): record fields, the parsed HTTP
 * response header, the payload de-chunked and decoded, and recovery from broken records. */
#ifndef KLP_WARC_H
#define KLP_WARC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kliping.h"
#include "klp_zstream.h"

/* Default per-record limit (header + block) and the longest WARC or HTTP header accepted. */
#define KLPI_WARC_DEFAULT_MAX_RECORD ((size_t)10 * 1024 * 1024)
#define KLPI_WARC_MAX_HEADER ((size_t)256 * 1024)

typedef enum klpi_warc_type {
    KLPI_WARC_OTHER = 0, /* a WARC-Type this reader does not know (e.g. continuation) */
    KLPI_WARC_RESPONSE = 1,
    KLPI_WARC_RESOURCE = 2,
    KLPI_WARC_CONVERSION = 3,
    KLPI_WARC_REQUEST = 4,
    KLPI_WARC_METADATA = 5,
    KLPI_WARC_WARCINFO = 6,
    KLPI_WARC_REVISIT = 7,
    KLPI_WARC_TYPE_COUNT_ /* not a type; keep last */
} klpi_warc_type;

/* Bit of a type in klpi_warc_opts.types. */
#define KLPI_WARC_BIT(t) (1u << (unsigned)(t))
#define KLPI_WARC_ALL_TYPES ((1u << KLPI_WARC_TYPE_COUNT_) - 1u)

typedef struct klpi_warc_opts {
    size_t max_record_bytes; /* a record whose block is bigger is skipped with KLP_E_LIMIT;
                                0 = KLPI_WARC_DEFAULT_MAX_RECORD */
    unsigned types;          /* KLPI_WARC_BIT() set of the types returned; records of
                                other types are consumed without being stored and without
                                a LIMIT report whatever their size (a lying length or a
                                truncated stream is still reported); 0 = all types, the
                                default: request/metadata/warcinfo come back with their
                                type for the caller to skip */
    bool decode_http;        /* response records with application/http: parse the HTTP
                                header, de-chunk and decode the body (default true) */
} klpi_warc_opts;

/* Fills the defaults above. */
void klpi_warc_opts_init(klpi_warc_opts *opts);

/* One record. Every pointer is owned by the reader and valid until the next
 * klpi_warc_next() or klpi_warc_close(). String fields are NUL-terminated (NULL when
 * absent); klp_str fields have ptr NULL when absent. payload and block are NOT
 * NUL-terminated. */
typedef struct klpi_warc_record {
    klpi_warc_type type;
    const char *type_name;  /* WARC-Type as written */
    const char *target_uri; /* WARC-Target-URI, without the <> some writers add */
    const char *date;       /* WARC-Date */
    const char *record_id;  /* WARC-Record-ID, e.g. "<urn:uuid:...>" */
    const char *content_type; /* Content-Type of the record block */
    const char *refers_to;  /* WARC-Refers-To (revisit, conversion) */
    bool truncated;         /* WARC-Truncated was present */
    uint64_t offset;        /* offset of the "WARC/1.x" line in the decompressed stream */
    uint64_t file_offset;   /* offset in the file of the gzip member / zstd frame holding
                               that line (== offset for plain files); with one member per
                               record (the .warc.gz norm) the record's own position */
    uint64_t content_length; /* as declared */

    klp_str block; /* the whole record block (for responses: HTTP header + raw body) */

    /* response records with application/http (or no Content-Type and a block starting
       "HTTP/"), when decode_http: the HTTP response header */
    bool has_http;
    int http_status;                /* 0 when the status line does not parse */
    const char *http_content_type;  /* full value, parameters included */
    const char *http_charset;       /* the charset parameter, unquoted, as written */
    const char *http_content_encoding;
    bool http_chunked;              /* Transfer-Encoding: chunked was decoded */

    /* the charset of the payload: http_charset with an HTTP header, otherwise the charset
       parameter of the record's Content-Type (WET: "text/plain; charset=utf-8"); NULL */
    const char *charset;

    /* the payload: the HTTP body (de-chunked, Content-Encoding gzip/deflate decoded) for
       responses with an HTTP header, otherwise the block itself */
    klp_str payload;

    /* on errors: a short English reason ("bad Content-Length"), else NULL. Static text. */
    const char *detail;
} klpi_warc_record;

typedef struct klpi_warc klpi_warc;

/* Typical use (errors are per record: log "FILE:file_offset: detail" and go on):
 *
 *     klpi_zs *zs; klpi_warc *w; klpi_warc_record rec; klp_status st;
 *     klpi_zs_open_fd(fd, 0, &zs);
 *     klpi_warc_open(zs, NULL, &w);
 *     while ((st = klpi_warc_next(w, &rec)) != KLPI_END) {
 *         if (st != KLP_OK) { report(rec.file_offset, st, rec.detail); continue; }
 *         if (klpi_warc_is_html(&rec))      extract rec.payload as HTML, rec.charset
 *         else if (klpi_warc_is_text(&rec)) extract rec.payload as text
 *     }
 *     klpi_warc_close(w); klpi_zs_close(zs);
 */

/* Creates a reader on zs. zs stays owned by the caller and must outlive the reader; it is
 * read from its current position. opts may be NULL for the defaults. */
klp_status klpi_warc_open(klpi_zs *zs, const klpi_warc_opts *opts, klpi_warc **out);

/* Reads the next record (of a type in opts.types) into *rec.
 *  KLP_OK      a record; all fields set.
 *  KLPI_END    no more records (also after a stream error was reported once).
 *  errors      rec->offset / rec->file_offset say where, rec->detail why, and the header
 *              fields that were parsed are set; payload is empty. Call again to go on:
 *    KLP_E_LIMIT        the block is over max_record_bytes (its bytes were consumed and
 *                       skipped) or the decoded payload would be;
 *    KLP_E_PARSE        a header that does not parse (no "WARC/1.", a bad or missing
 *                       Content-Length, a header over KLPI_WARC_MAX_HEADER), or a block
 *                       whose declared length does not end at a record boundary; the
 *                       reader then resynchronizes on the next line starting "WARC/1.";
 *    KLP_E_UNSUPPORTED  an HTTP Content-Encoding other than gzip/deflate/identity (br);
 *    KLP_E_CORRUPT      the stream ends inside the record, bad gzip/zstd data in the file
 *                       (then KLPI_END follows), or a gzip/deflate body that does not
 *                       inflate;
 *    KLP_E_IO, KLP_E_NOMEM  (then KLPI_END follows).
 * A block must be followed by "\r\n\r\n", or by blank lines and then "WARC/1." or the end
 * of the stream; otherwise its Content-Length is taken as a lie (KLP_E_PARSE). A skipped
 * (over-limit or filtered) block that contains a record boundary (a blank line followed by
 * "WARC/1.0" or "WARC/1.1") is taken as a lying Content-Length too and reading goes on from
 * there; a record embedding a whole WARC file in its block would be cut at that point.
 * Memory stays bounded by max_record_bytes plus the headers, never by the file size. */
klp_status klpi_warc_next(klpi_warc *w, klpi_warc_record *rec);

/* Frees the reader (not the stream). Accepts NULL. */
void klpi_warc_close(klpi_warc *w);

/* The payload is an HTML page: the HTTP Content-Type (or, without HTTP header, the record
 * Content-Type) is text/html or application/xhtml+xml, or no type is given and the payload
 * starts (after whitespace and a BOM) with "<html" or "<!doctype", case-insensitively. */
bool klpi_warc_is_html(const klpi_warc_record *rec);

/* The payload is extracted plain text: a conversion or resource record with Content-Type
 * text/plain (WET files). */
bool klpi_warc_is_text(const klpi_warc_record *rec);

/* The name of a type ("response"), never NULL. */
const char *klpi_warc_type_name(klpi_warc_type t);

#endif
