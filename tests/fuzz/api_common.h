/* api_common.h - body shared by the html, text and auto targets: the public API end to end
 * (klp_extract + klp_doc_to_json) with the format given by KLPF_FORMAT, invariants checked. */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_util.h"
#include "kliping.h"

#ifndef KLPF_MAX_INPUT
#define KLPF_MAX_INPUT (1024u * 1024u)
#endif

static klp_extractor *klpf_ex;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    bool avoid = klpf_avoid_known();
    if (avoid && size < 4) return 0;
    if (!klpf_ex) {
        klp_extractor_opts opts;
        klp_extractor_opts_init(&opts);
        opts.format = KLPF_FORMAT;
        opts.max_input_bytes = KLPF_MAX_INPUT;
        if (klp_extractor_new(&opts, &klpf_ex) != KLP_OK) __builtin_trap();
    }
    klp_input_info info;
    memset(&info, 0, sizeof info); /* fields may be appended: zero them all */
    info.file = "fuzz-input";
    const klp_doc *doc = NULL;
    klp_status st = klp_extract(klpf_ex, data, size, &info, &doc);
    KLPF_CHECK(st >= KLP_OK && st < KLP_STATUS_COUNT_);
    if (st != KLP_OK) {
        KLPF_CHECK(doc == NULL);
    } else {
        KLPF_CHECK(doc != NULL);
        klpf_check_doc(doc);
        /* max_input_bytes bounds the decompressed input, so a bomb cannot make a big record
         * (3x: an invalid byte may become U+FFFD, 3 bytes) */
        KLPF_CHECK(doc->text.len <= 3 * (size_t)KLPF_MAX_INPUT);
        if (KLPF_FORMAT != KLP_FORMAT_AUTO) KLPF_CHECK(doc->format == KLPF_FORMAT);
        klp_str js = {NULL, 0};
        st = klp_doc_to_json(klpf_ex, doc, &js);
        KLPF_CHECK(st == KLP_OK);
        klpf_check_json(js);
    }
    if (avoid && klpf_maybe_utf16(data, size)) { /* see klpf_avoid_known() */
        klp_extractor_free(klpf_ex);
        klpf_ex = NULL;
    }
    return 0;
}
