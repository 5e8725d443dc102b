/* klp_prescan.h - work on the raw bytes before parsing: character encoding (BOM, HTTP
 * charset, <meta> prescan, detection) and the nesting-depth bound. */
#ifndef KLP_PRESCAN_H
#define KLP_PRESCAN_H

#include <stddef.h>

/* Encoding id for klpd_dom_parse(); *skip is the BOM length to skip. */
int klph_detect_encoding(const char *bytes, size_t len, const char *http_charset,
                         size_t *skip);

/* Drops start/end tags that would nest deeper than max_depth (text is kept). Returns NULL
 * when nothing had to be dropped (or on allocation failure: the input is then parsed as
 * is), else a malloc'd copy with *out_len bytes. */
char *klph_bound_depth(const char *bytes, size_t len, size_t max_depth, size_t *out_len);

#endif
