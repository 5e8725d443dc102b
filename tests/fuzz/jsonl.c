/* jsonl.c - libFuzzer target for the streaming JSONL page reader (src/io/klp_jsonl.h over
 * klp_zstream.h, plain/gzip/zstd): reads every line until KLPI_END, touching every content
 * byte. Byte 0 picks the options; the reader must always make progress and end. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "klp_jsonl.h"
#include "klp_zstream.h"

static volatile unsigned klpf_sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    uint8_t sel = data[0];
    size_t len = size - 1;
    char *buf = malloc(len ? len : 1);
    if (!buf) return 0;
    if (len) memcpy(buf, data + 1, len);

    klpi_jsonl_opts opts;
    klpi_jsonl_opts_init(&opts);
    if (sel & 1) opts.max_line_bytes = 16 + (sel >> 4) * 16;
    char field[8] = "content";
    if (sel & 2) opts.html_field = field; /* copied by klpi_jsonl_open */
    if (sel & 4) opts.text_field = "body";
    size_t cap = (sel & 8) ? 4096 : 4u << 20;

    klpi_zs *zs = NULL;
    klpi_jsonl *r = NULL;
    KLPF_CHECK(klpi_zs_open_mem(buf, len, cap, &zs) == KLP_OK && zs);
    KLPF_CHECK(klpi_jsonl_open(zs, &opts, &r) == KLP_OK && r);
    memset(field, 'X', sizeof field - 1); /* the reader must have its own copy */

    uint64_t calls = 0, last_line = 0;
    size_t max_line = opts.max_line_bytes ? opts.max_line_bytes : KLPI_JSONL_DEFAULT_MAX_LINE;
    for (;;) {
        klpi_jsonl_record rec;
        memset(&rec, 0xA5, sizeof rec);
        klp_status st = klpi_jsonl_next(r, &rec);
        calls++;
        KLPF_CHECK(calls <= klpi_zs_out_offset(zs) + 16);
        if (st == KLPI_END) break;
        KLPF_CHECK(st == KLP_OK || st == KLP_E_PARSE || st == KLP_E_LIMIT ||
                   st == KLP_E_CORRUPT || st == KLP_E_IO || st == KLP_E_NOMEM);
        KLPF_CHECK(rec.line_no > last_line); /* lines come in order, one report each */
        last_line = rec.line_no;
        KLPF_CHECK(rec.offset <= klpi_zs_out_offset(zs));
        if (st != KLP_OK) {
            if (rec.detail) klpf_sink += (unsigned)strlen(rec.detail);
            continue;
        }
        KLPF_CHECK(rec.format == KLP_FORMAT_HTML || rec.format == KLP_FORMAT_TEXT);
        KLPF_CHECK(rec.field != NULL);
        const char *want = rec.format == KLP_FORMAT_HTML ? ((sel & 2) ? "content" : "html")
                                                         : ((sel & 4) ? "body" : "text");
        KLPF_CHECK(strcmp(rec.field, want) == 0);
        KLPF_CHECK(rec.content.ptr != NULL && rec.content.ptr[rec.content.len] == '\0');
        KLPF_CHECK(rec.content.len <= max_line);
        unsigned h = 0;
        for (size_t i = 0; i < rec.content.len; i++) h = h * 31 + (unsigned char)rec.content.ptr[i];
        klpf_sink += h;
        KLPF_CHECK(rec.object != NULL && json_is_object(rec.object));
        json_t *v = json_object_get(rec.object, rec.field);
        KLPF_CHECK(v && json_is_string(v) && json_string_length(v) == rec.content.len);
        if (rec.url) klpf_sink += (unsigned)strlen(rec.url);
        if (rec.id) klpf_sink += (unsigned)strlen(rec.id);
    }
    klpi_jsonl_record rec;
    KLPF_CHECK(klpi_jsonl_next(r, &rec) == KLPI_END);
    klpi_jsonl_close(r);
    klpi_zs_close(zs);
    free(buf);
    return 0;
}
