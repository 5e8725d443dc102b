/* klp_prescan.h - work on the raw bytes before parsing: character encoding (BOM, HTTP
 * charset, <meta> prescan, detection), the nesting-depth bound and the elision of script
 * and style text, comments and unread attributes. */
#ifndef KLP_PRESCAN_H
#define KLP_PRESCAN_H

#include <stdbool.h>
#include <stddef.h>

/* Encoding id for klpd_dom_parse(); *skip is the BOM length to skip. */
int klph_detect_encoding(const char *bytes, size_t len, const char *http_charset,
                         size_t *skip);

/* 0 when enc is not UTF-16, 1 for UTF-16LE, 2 for UTF-16BE. */
int klph_utf16_kind(int enc);
/* UTF-16 bytes to a malloc'd UTF-8 copy (*out_len bytes); lone surrogates and an odd last
 * byte become U+FFFD. NULL on allocation failure. */
char *klph_utf16_to_utf8(const char *in, size_t len, bool big_endian, size_t *out_len);

/* Drops start/end tags that would nest deeper than max_depth, and end tags that close
 * nothing (the parser would ignore them; MyHTML mishandles the text around them); text is
 * kept. Returns NULL when nothing had to be dropped (or on allocation failure: the input is
 * then parsed as is), else a malloc'd copy with *out_len bytes. */
char *klph_bound_depth(const char *bytes, size_t len, size_t max_depth, size_t *out_len);

/* The same; *flattened (may be NULL) tells whether elements deeper than max_depth were met.
 * With elide, what nothing reads is also left out where the scan can tell how the parser
 * reads it: the text of <script> (but JSON-LD) and <style> elements (a space instead), the
 * text of comments, and the attributes that are not kept (see kept_attrs): the parsed tree
 * keeps every node, without those (NULL is then returned only when nothing was dropped or
 * replaced). The bytes must be ASCII-compatible (not ISO-2022-JP). */
char *klph_bound_depth_ex(const char *bytes, size_t len, size_t max_depth, bool elide,
                          size_t *out_len, bool *flattened);

/* Whether klph_bound_depth_ex() may elide raw text of pages in encoding enc. */
bool klph_elide_ok(int enc);

#endif
