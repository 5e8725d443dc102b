/* text.c - libFuzzer target: the public API with KLP_FORMAT_TEXT (klp_extract, then
 * klp_doc_to_json); every string must be valid UTF-8 and the JSON one valid line. */
#define KLPF_FORMAT KLP_FORMAT_TEXT
#include "api_common.h"
