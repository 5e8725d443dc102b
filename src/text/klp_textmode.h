/* klp_textmode.h - text mode: an article dumped to plain text by a crawler (one block per
 * line, menus, captions and "Read more" lists included) to a clean body plus metadata. */
#ifndef KLP_TEXTMODE_H
#define KLP_TEXTMODE_H

#include <stddef.h>

#include "klp_image.h"

typedef klpi_image klpi_text_image; /* caption and credit, NULL when unknown */

/* Strings are malloc'd, NUL-terminated UTF-8, or NULL when unknown. */
typedef struct klpi_text_result {
    char *text; /* paragraphs separated by "\n\n" */
    char *title;
    char *description;
    char *author;
    char *date; /* ISO 8601 */
    char *sitename;
    char *dateline;
    klpi_text_image *images;
    size_t n_images;
    size_t lines_in;
    size_t lines_removed;
    /* The page language by its stop words (ISO 639-1, "" when none), the share of the
     * sampled words that are its stop words, and how far it leads the runner-up
     * ((top - second) / top, 0..1). */
    char sw_lang[8];
    double sw_share;
    double sw_lead;
} klpi_text_result;

/* Buffers kept from one page to the next, so that a run of pages does not allocate them for
 * each; one per thread. */
typedef struct klpi_text_work klpi_text_work;

klpi_text_work *klpi_text_work_new(void);
void klpi_text_work_free(klpi_text_work *w);

typedef struct klpi_text_opts {
    size_t max_line_bytes; /* longer lines are cut at a character boundary; 0 = no limit */
    klpi_text_work *work;  /* NULL: buffers for this call only */
} klpi_text_opts;

/* Cleans valid UTF-8 text (LF line ends, no control characters: see klpi_utf8_repair).
 * Returns 0, or -1 when memory ran out (out is then cleared). Sets *cut when a line was
 * cut to max_line_bytes. */
int klpi_text_extract(const char *s, size_t len, const klpi_text_opts *opts,
                      klpi_text_result *out, int *cut);

void klpi_text_result_clear(klpi_text_result *r);

#endif
