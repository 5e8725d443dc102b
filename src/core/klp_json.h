/* klp_json.h - JSON string escaping and the one-line record writer. */
#ifndef KLP_JSON_H
#define KLP_JSON_H

#include <stdbool.h>

#include "kliping.h"
#include "klp_buf.h"

/* Appends s as a JSON string literal (quotes included). s must be valid UTF-8; control
 * characters are escaped, and so are U+2028/U+2029. */
bool klpi_json_str(klpi_buf *b, const char *s, size_t len);

/* Appends the record {"id","text","metadata":{...}} and a newline. Unknown values are left
 * out. Returns false when the buffer cannot grow. */
bool klpi_json_doc(klpi_buf *b, const klp_doc *doc);

#endif
