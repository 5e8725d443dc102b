/* klp_html.h - HTML page to article: main text and metadata. The library core calls this
 * for HTML inputs; it owns a reusable parser context (one per thread). */
#ifndef KLP_HTML_H
#define KLP_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include "klp_image.h"

typedef struct klpi_html_opts {
    bool comments;    /* keep the comment section in the text */
    size_t max_depth; /* nesting bound applied before parsing */
    size_t max_nodes; /* more parsed nodes than this: KLPI_HTML_E_NODES; 0 = no bound */
    double deadline;  /* CLOCK_MONOTONIC seconds after which KLPI_HTML_E_TIME is returned at
                         the next checkpoint; 0 = none */
} klpi_html_opts;

/* Failures of klpi_html_extract besides -1 (a parse or memory failure). */
enum { KLPI_HTML_E_NODES = -2, KLPI_HTML_E_TIME = -3 };

/* CLOCK_MONOTONIC now, in seconds (for deadlines). */
double klpi_now(void);

typedef klpi_image klpi_html_image; /* caption and credit, NULL when unknown */

/* Every string is malloc'd, NUL-terminated, valid UTF-8 without control characters other
 * than '\n', or NULL when unknown. klpi_html_result_clear() frees them all. */
typedef struct klpi_html_result {
    char *text; /* paragraphs separated by "\n\n" */
    char *title;
    char *description;
    char *author; /* several authors joined with "; " */
    char *date;   /* ISO 8601 (klpi_date_format) */
    char *sitename;
    char *url;
    char *language; /* from <html lang> / meta, lower-case primary subtag ("de") */
    klpi_html_image *images;
    size_t n_images;
    bool depth_flattened; /* elements nested deeper than max_depth were flattened */
} klpi_html_result;

typedef struct klpi_html klpi_html;

/* NULL on allocation failure. */
klpi_html *klpi_html_new(void);
void klpi_html_free(klpi_html *h); /* accepts NULL */

/* Extracts from raw page bytes (any encoding). http_charset may be NULL.
 * Returns 0 on success, a negative value on failure (out is left cleared). */
int klpi_html_extract(klpi_html *h, const char *bytes, size_t len, const char *http_charset,
                      const klpi_html_opts *opts, klpi_html_result *out);

void klpi_html_result_clear(klpi_html_result *r);

#endif
