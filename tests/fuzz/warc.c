/* warc.c - libFuzzer target for the streaming WARC reader (src/io/klp_warc.h over
 * klp_zstream.h, plain/gzip/zstd): reads every record until KLPI_END, touching every payload
 * and block byte. Byte 0 picks the options; the reader must always make progress and end. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "klp_warc.h"
#include "klp_zstream.h"

static volatile unsigned klpf_sink;

static void touch(klp_str s) {
    if (!s.ptr) {
        KLPF_CHECK(s.len == 0);
        return;
    }
    unsigned h = 0;
    for (size_t i = 0; i < s.len; i++) h = h * 31 + (unsigned char)s.ptr[i];
    klpf_sink += h;
}

static void touch_cstr(const char *s) {
    if (s) klpf_sink += (unsigned)strlen(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    uint8_t sel = data[0];
    size_t len = size - 1;
    char *buf = malloc(len ? len : 1);
    if (!buf) return 0;
    if (len) memcpy(buf, data + 1, len);

    klpi_warc_opts opts;
    klpi_warc_opts_init(&opts);
    if (sel & 1) opts.max_record_bytes = 64 + (sel >> 4) * 64; /* small: exercise the limit */
    if (sel & 2) opts.decode_http = false;
    if (sel & 4) opts.types = KLPI_WARC_BIT(KLPI_WARC_RESPONSE) | KLPI_WARC_BIT(KLPI_WARC_RESOURCE);
    size_t cap = (sel & 8) ? 4096 : 4u << 20; /* decompressed-size cap of the stream */

    klpi_zs *zs = NULL;
    klpi_warc *w = NULL;
    KLPF_CHECK(klpi_zs_open_mem(buf, len, cap, &zs) == KLP_OK && zs);
    KLPF_CHECK(klpi_warc_open(zs, &opts, &w) == KLP_OK && w);

    size_t max_block = opts.max_record_bytes ? opts.max_record_bytes : KLPI_WARC_DEFAULT_MAX_RECORD;
    uint64_t calls = 0, last_off = 0;
    bool first = true;
    for (;;) {
        klpi_warc_record rec;
        memset(&rec, 0xA5, sizeof rec); /* the reader must set what it reports */
        klp_status st = klpi_warc_next(w, &rec);
        calls++;
        /* every call consumes input: never more calls than bytes delivered (+ slack) */
        KLPF_CHECK(calls <= klpi_zs_out_offset(zs) + 16);
        if (st == KLPI_END) break;
        KLPF_CHECK(st == KLP_OK || st == KLP_E_LIMIT || st == KLP_E_PARSE ||
                   st == KLP_E_UNSUPPORTED || st == KLP_E_CORRUPT || st == KLP_E_IO ||
                   st == KLP_E_NOMEM);
        KLPF_CHECK(rec.offset <= klpi_zs_out_offset(zs));
        if (st != KLP_OK) {
            KLPF_CHECK(rec.detail != NULL);
            touch_cstr(rec.detail);
            continue;
        }
        KLPF_CHECK((unsigned)rec.type < KLPI_WARC_TYPE_COUNT_);
        if (opts.types) KLPF_CHECK(opts.types & KLPI_WARC_BIT(rec.type));
        KLPF_CHECK(klpi_warc_type_name(rec.type) != NULL);
        KLPF_CHECK(first || rec.offset > last_off); /* records come in stream order */
        first = false;
        last_off = rec.offset;
        KLPF_CHECK(rec.block.len <= max_block);
        touch(rec.block);
        touch(rec.payload);
        touch_cstr(rec.type_name);
        touch_cstr(rec.target_uri);
        touch_cstr(rec.date);
        touch_cstr(rec.record_id);
        touch_cstr(rec.content_type);
        touch_cstr(rec.refers_to);
        if (rec.has_http) {
            touch_cstr(rec.http_content_type);
            touch_cstr(rec.http_charset);
            touch_cstr(rec.http_content_encoding);
        }
        klpf_sink += klpi_warc_is_html(&rec) + klpi_warc_is_text(&rec);
    }
    klpi_warc_record rec;
    KLPF_CHECK(klpi_warc_next(w, &rec) == KLPI_END); /* the end stays the end */
    klpi_warc_close(w);
    klpi_zs_close(zs);
    free(buf);
    return 0;
}
