/* klp_jsonl.h - streaming JSONL page reader on top of a klpi_zs stream: one JSON object per
 * line holding a page as HTML (field "html") or extracted text (field "text"), plus any other
 * top-level fields, which the caller may copy into the record's metadata. */
#ifndef KLP_JSONL_H
#define KLP_JSONL_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "kliping.h"
#include "klp_zstream.h"

/* Default longest line (bytes, without the newline); longer lines are skipped. */
#define KLPI_JSONL_DEFAULT_MAX_LINE ((size_t)10 * 1024 * 1024)

typedef struct klpi_jsonl_opts {
    size_t max_line_bytes;  /* 0 = KLPI_JSONL_DEFAULT_MAX_LINE */
    const char *html_field; /* NULL = "html"; the string is copied by klpi_jsonl_open */
    const char *text_field; /* NULL = "text"; likewise */
} klpi_jsonl_opts;

void klpi_jsonl_opts_init(klpi_jsonl_opts *opts);

/* One page. Everything is owned by the reader and valid until the next klpi_jsonl_next() or
 * klpi_jsonl_close(). */
typedef struct klpi_jsonl_record {
    uint64_t line_no;  /* 1-based line number */
    uint64_t offset;   /* offset of the line in the decompressed stream */
    uint64_t file_offset; /* offset in the file of the gzip member / zstd frame holding it */
    klp_format format; /* KLP_FORMAT_HTML (html field) or KLP_FORMAT_TEXT (text field) */
    const char *field; /* the name of the field content came from */
    klp_str content;   /* its string value (may hold NUL bytes; NUL-terminated too) */
    const char *url;   /* the "url" field when it is a string, else NULL */
    const char *id;    /* the "id" field when it is a string, else NULL */
    /* The whole parsed line (a JSON object), borrowed: do not json_decref it; json_incref
       it to keep it longer. Iterate it with json_object_foreach() for the other fields,
       skipping the key `field` (and "url"/"id" when already used). NULL on errors. */
    json_t *object;
    /* on errors: a short English reason (the JSON parser's message for invalid JSON). */
    const char *detail;
} klpi_jsonl_record;

typedef struct klpi_jsonl klpi_jsonl;

/* Typical use: as for klpi_warc (klp_warc.h), report errors as "FILE:line_no" and go on;
 * copy the other fields into metadata with
 *     const char *k; json_t *v;
 *     json_object_foreach(rec.object, k, v)
 *         if (strcmp(k, rec.field) != 0) { char *s = json_dumps(v, JSON_COMPACT |
 *                                           JSON_ENCODE_ANY); ...; free(s); }
 */

/* Creates a reader on zs (owned by the caller; must outlive the reader). opts may be NULL. */
klp_status klpi_jsonl_open(klpi_zs *zs, const klpi_jsonl_opts *opts, klpi_jsonl **out);

/* Reads the next non-blank line.
 *  KLP_OK      a page in *rec.
 *  KLPI_END    no more lines (also after a stream error was reported once).
 *  errors      rec->line_no, rec->offset, rec->file_offset and rec->detail say where and
 *              why; call again to go on with the next line:
 *    KLP_E_PARSE   invalid JSON, not an object, neither field present as a string;
 *    KLP_E_LIMIT   a line over max_line_bytes (its bytes were skipped, never stored);
 *    KLP_E_CORRUPT, KLP_E_IO, KLP_E_LIMIT from the stream (then KLPI_END follows);
 *    KLP_E_NOMEM.
 * Blank lines (spaces, tabs, CR only) are skipped silently. When both fields are strings
 * the HTML one wins. A final line without a newline is read like the others. */
klp_status klpi_jsonl_next(klpi_jsonl *r, klpi_jsonl_record *rec);

/* Frees the reader and the last object (not the stream). Accepts NULL. */
void klpi_jsonl_close(klpi_jsonl *r);

#endif
