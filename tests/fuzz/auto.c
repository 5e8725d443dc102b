/* auto.c - libFuzzer target: the public API with KLP_FORMAT_AUTO (klp_extract, then
 * klp_doc_to_json); every string must be valid UTF-8 and the JSON one valid line.
 * Compressed inputs are sniffed; max_input_bytes is 1 MB so a gzip/zstd bomb must stop. */
#define KLPF_FORMAT KLP_FORMAT_AUTO
#include "api_common.h"
