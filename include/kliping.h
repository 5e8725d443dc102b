/* kliping.h - public API of libkliping: web pages and crawler text dumps in, clean article
 * records out. The library never prints, never exits and never aborts on bad input; every
 * call reports a klp_status. All strings are UTF-8, given as {ptr, len} and NUL-terminated
 * as a convenience (code that uses the API need not rely on the NUL). */
#ifndef KLIPING_H
#define KLIPING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define KLP_API __attribute__((visibility("default")))
#else
#define KLP_API
#endif

#define KLP_VERSION_MAJOR 0
#define KLP_VERSION_MINOR 1
#define KLP_VERSION_PATCH 0
#define KLP_VERSION_STRING "0.1.0"

/* Returns KLP_VERSION_STRING of the library actually linked. */
KLP_API const char *klp_version(void);

/* Status codes. Values are pinned: never renumbered, never reused. */
typedef enum klp_status {
    KLP_OK = 0,
    KLP_E_NOMEM = 1,       /* an allocation failed */
    KLP_E_ARG = 2,         /* a NULL or out-of-range argument */
    KLP_E_IO = 3,          /* reading or writing failed (used by stream readers) */
    KLP_E_PARSE = 4,       /* the input could not be parsed */
    KLP_E_LIMIT = 5,       /* the input exceeds a configured limit */
    KLP_E_UNSUPPORTED = 6, /* a format or feature that is not supported */
    KLP_E_BINARY = 7,      /* the input is binary data, not text or HTML */
    KLP_E_EMPTY = 8,       /* the input holds no text at all */
    KLP_E_CORRUPT = 9,     /* compressed data that does not decompress */
    KLP_END = 10,          /* klp_reader_next: no more records (not an error) */
    KLP_STATUS_COUNT_      /* not a status; keep last */
} klp_status;

/* A short stable name ("limit") and a one-line English message for a status. Never NULL. */
KLP_API const char *klp_status_name(klp_status s);
KLP_API const char *klp_status_str(klp_status s);

/* A string slice. ptr is NULL when the value is unknown; then len is 0. */
typedef struct klp_str {
    const char *ptr;
    size_t len;
} klp_str;

typedef enum klp_format {
    KLP_FORMAT_AUTO = 0, /* decide from the bytes */
    KLP_FORMAT_HTML = 1,
    KLP_FORMAT_TEXT = 2
} klp_format;

/* Options of an extractor. Always fill with klp_extractor_opts_init() first, then change
 * what you need: new fields are appended and get safe defaults there. */
typedef struct klp_extractor_opts {
    size_t struct_size;     /* set by klp_extractor_opts_init */
    klp_format format;      /* KLP_FORMAT_AUTO by default */
    size_t max_input_bytes; /* larger inputs fail with KLP_E_LIMIT; default 10 MB */
    size_t max_line_bytes;  /* text mode: longer lines are cut at a character boundary
                               and the cut is reported in doc->warnings; default 1 MB */
    size_t max_depth;       /* HTML: deeper elements are flattened before parsing; 256 */
    bool comments;          /* HTML: keep the comment section; false */
    bool detect_language;   /* identify the language of the text (CLD2); true */
    size_t max_nodes;       /* HTML: more elements than this fail with KLP_E_LIMIT; 1,000,000 */
    size_t max_text_bytes;  /* an extracted text over this fails with KLP_E_LIMIT;
                               0 (the default) = max_input_bytes */
    unsigned timeout_ms;    /* a page still running after this fails with KLP_E_LIMIT at the
                               next checkpoint; 0 = none; default 20,000 */
} klp_extractor_opts;

KLP_API void klp_extractor_opts_init(klp_extractor_opts *opts);

/* Where a page comes from. All fields are optional (NULL). */
typedef struct klp_input_info {
    const char *file;         /* the input path as the user gave it */
    const char *url;          /* the page URL when the container knows it */
    const char *id;           /* a record id to use instead of the computed one */
    const char *http_charset; /* charset from an HTTP header, for HTML */
    klp_format format;        /* this input's format when the container knows it (a WARC
                                 response is HTML, a WET record text); AUTO = the
                                 extractor's option */
    const char *crawl_date;   /* when the page was fetched (WARC-Date), copied as given */
    const char *extra_json;   /* more metadata: JSON object members as text
                                 ("\"source\":\"cc\",\"n\":3"), written after the record's own
                                 metadata; the caller makes sure it is valid JSON and holds
                                 no key of the record's own (docs/schema.md) */
} klp_input_info;

/* One image of the article: its caption and its credit (either may be unknown). */
typedef struct klp_image {
    klp_str caption;
    klp_str credit;
} klp_image;

/* The article record. Read-only; owned by the extractor that made it and valid until the
 * next klp_extract() call on that extractor or klp_extractor_free(). Fields may be appended
 * in later versions, never removed or reordered. */
typedef struct klp_doc {
    klp_str id;   /* stable: a hash of the input bytes unless the caller gave one */
    klp_str text; /* the article body, paragraphs separated by "\n\n" */
    klp_str title;
    klp_str description;
    klp_str author;
    klp_str date; /* ISO 8601, with UTC offset when the page gives a zone */
    klp_str sitename;
    klp_str dateline; /* the place of a news dateline ("PYONGYANG") */
    klp_str language; /* ISO 639-1 */
    double language_score; /* 0..1, meaningful when language is known */
    klp_str url;
    klp_str file;
    klp_format format; /* the format that was used */
    const klp_image *images;
    size_t n_images;
    klp_str crawl_date;   /* from klp_input_info */
    klp_str extra_json;   /* from klp_input_info, written verbatim into metadata */
    size_t lines_removed; /* text mode: input lines dropped as boilerplate or metadata */
    unsigned warnings;    /* KLP_WARN_* bits: what had to be repaired in the input */
} klp_doc;

/* Repairs made to an input that was still extracted (klp_doc.warnings). */
enum {
    KLP_WARN_INVALID_UTF8 = 1u << 0, /* bytes that do not decode became U+FFFD */
    KLP_WARN_NUL = 1u << 1,          /* NUL bytes were dropped */
    KLP_WARN_CONTROL = 1u << 2,      /* other control characters were dropped */
    KLP_WARN_LONG_LINE = 1u << 3,    /* a line over max_line_bytes was cut */
    KLP_WARN_LEGACY_CHARSET = 1u << 4, /* text was not UTF-8 and was decoded as windows-1252 */
    KLP_WARN_DEPTH = 1u << 5           /* HTML nested deeper than max_depth was flattened */
};

/* A one-line English description of one KLP_WARN_* bit, or NULL for an unknown bit. */
KLP_API const char *klp_warning_str(unsigned bit);

typedef struct klp_extractor klp_extractor;

/* Creates an extractor. One per thread; reuse it for many pages. opts may be NULL for the
 * defaults. On failure *out is NULL. */
KLP_API klp_status klp_extractor_new(const klp_extractor_opts *opts, klp_extractor **out);

/* Frees an extractor and every doc it returned. Accepts NULL. */
KLP_API void klp_extractor_free(klp_extractor *ex);

/* Extracts one page from data[0..len) (plain or gzip/zstd compressed, HTML or text).
 * On KLP_OK *out points to the record. On failure *out is NULL and the status says why. */
KLP_API klp_status klp_extract(klp_extractor *ex, const void *data, size_t len,
                               const klp_input_info *info, const klp_doc **out);

/* Why the last klp_extract() on this extractor failed, in a few English words ("more than
 * 1000000 elements"), or NULL. Valid until the next call. */
KLP_API const char *klp_extractor_detail(const klp_extractor *ex);

/* Serializes a doc as one JSON line ({"id","text","metadata":{...}} plus "\n"). The bytes
 * are owned by the extractor and valid until its next call. Unknown values are left out. */
KLP_API klp_status klp_doc_to_json(klp_extractor *ex, const klp_doc *doc, klp_str *out);

/* ---- readers: pages out of files and archives ------------------------------------------ */

/* What a file holds. */
typedef enum klp_input_kind {
    KLP_INPUT_AUTO = 0,  /* decide from the first bytes (klp_sniff_input) */
    KLP_INPUT_PAGE = 1,  /* the whole file is one page (HTML or text) */
    KLP_INPUT_WARC = 2,  /* a WARC 1.0/1.1 archive (WARC or WET), plain, .gz or .zst */
    KLP_INPUT_JSONL = 3  /* one JSON object per line holding a page in a field */
} klp_input_kind;

/* Looks at the first bytes of a file (compressed or not; a few KB are enough) and says what
 * it holds: "WARC/1." starts a WARC archive, "{" a JSONL export, anything else is a page. */
KLP_API klp_input_kind klp_sniff_input(const void *prefix, size_t len);

typedef struct klp_reader_opts {
    size_t struct_size;      /* set by klp_reader_opts_init */
    klp_input_kind kind;     /* KLP_INPUT_WARC or KLP_INPUT_JSONL */
    size_t max_record_bytes; /* bigger records are skipped with KLP_E_LIMIT; default 10 MB */
    size_t max_decompressed; /* cap on the whole decompressed stream; 0 = none (default) */
    const char *html_field;  /* JSONL: the field holding HTML; default "html" */
    const char *text_field;  /* JSONL: the field holding extracted text; default "text" */
} klp_reader_opts;

KLP_API void klp_reader_opts_init(klp_reader_opts *opts);

/* One page read from an archive, ready for klp_extract(data, len, &info). Owned by the
 * reader, valid until the next klp_reader_next() or klp_reader_free(). */
typedef struct klp_record {
    const void *data; /* the page: HTML (WARC responses, JSONL html) or text (WET, JSONL text) */
    size_t len;
    klp_input_info info; /* url, id, http_charset, format, crawl_date, extra_json; file NULL */
    uint64_t offset;     /* where the record starts in the file (the gzip member or zstd frame
                            holding it when compressed) */
    const char *skip;    /* not NULL when the record holds no page to extract: a stable reason
                            ("warc_request", "warc_metadata", "warc_warcinfo", "warc_revisit",
                            "not_html", "http_status"...); data is then empty */
    const char *detail;  /* after an error: a short English reason, else NULL */
} klp_record;

typedef struct klp_reader klp_reader;

/* Opens a reader on fd (owned by the caller, read from its current position) or on memory
 * (not copied; must outlive the reader). */
KLP_API klp_status klp_reader_open_fd(int fd, const klp_reader_opts *opts, klp_reader **out);
KLP_API klp_status klp_reader_open_mem(const void *data, size_t len, const klp_reader_opts *opts,
                                       klp_reader **out);

/* The next record: KLP_OK (a page, or a record with rec->skip set), KLP_END when there are
 * no more, or an error about one record (rec->offset and rec->detail say where and why):
 * call again to go on with the next one. After an error that ends the stream (corrupt
 * compression, I/O), the next call returns KLP_END. */
KLP_API klp_status klp_reader_next(klp_reader *r, klp_record *rec);

/* Frees the reader (not the fd). Accepts NULL. */
KLP_API void klp_reader_free(klp_reader *r);

#ifdef __cplusplus
}
#endif
#endif
