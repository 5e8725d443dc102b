/* charset.c - libFuzzer target for the HTML encoding path (src/html/klp_prescan.h): BOM,
 * HTTP charset, <meta> prescan and detection (klph_detect_encoding), the UTF-16 decoder,
 * the depth bound (klph_bound_depth), then klpi_html_extract. Byte 0 picks the HTTP charset,
 * byte 1 the depth bound; the result must be valid UTF-8 whatever encoding was chosen. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "klp_html.h"
#include "klp_prescan.h"

static const char *const charsets[] = {"utf-8",    "windows-1252", "shift_jis", "utf-16le",
                                       "iso-8859-1", "koi8-r",     "gb18030",   NULL,
                                       "utf-16be", "euc-jp",       "x-bogus",   ""};

static klpi_html *klpf_h;

static void check_cstr(const char *s, bool text) {
    if (!s) return;
    size_t n = strlen(s);
    KLPF_CHECK(klpf_utf8_valid(s, n));
    if (text) KLPF_CHECK(klpf_no_controls(s, n));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 2) return 0;
    bool avoid = klpf_avoid_known();
    if (avoid && size < 2 + 4) return 0;
    const char *cs = charsets[data[0] % (sizeof charsets / sizeof *charsets)];
    size_t depth = data[1] & 0x80 ? 0 : (size_t)(data[1] & 0x1F) + 1; /* 0 = default 256 */
    size_t len = size - 2;
    char *s = malloc(len ? len : 1);
    if (!s) return 0;
    if (len) memcpy(s, data + 2, len);

    size_t skip = 12345;
    int enc = klph_detect_encoding(s, len, cs, &skip);
    KLPF_CHECK(skip <= len && skip <= 4);
    KLPF_CHECK(enc >= 0);

    /* the UTF-16 decoder, both byte orders: valid UTF-8, at most 3 bytes per 16-bit unit */
    for (int be = 0; be < 2; be++) {
        size_t ul = 0;
        char *u = klph_utf16_to_utf8(s, len, be, &ul);
        if (u) {
            KLPF_CHECK(ul <= 3 * ((len + 1) / 2));
            KLPF_CHECK(klpf_utf8_valid(u, ul));
            free(u);
        }
    }
    (void)klph_utf16_kind(enc);

    size_t blen = 0;
    char *bounded = klph_bound_depth(s, len, depth, &blen);
    if (bounded) {
        KLPF_CHECK(blen < len); /* something was dropped */
        KLPF_CHECK(bounded[blen] == '\0');
        /* no input bytes are invented: the output is a subsequence of the input */
        size_t j = 0;
        for (size_t i = 0; i < blen; i++) {
            while (j < len && s[j] != bounded[i]) j++;
            KLPF_CHECK(j < len);
            j++;
        }
        free(bounded);
    }

    if (!klpf_h) klpf_h = klpi_html_new();
    if (!klpf_h) __builtin_trap();
    klpi_html_opts opts = {(data[1] & 0x40) != 0, depth};
    klpi_html_result r;
    if (klpi_html_extract(klpf_h, s, len, cs, &opts, &r) == 0) {
        check_cstr(r.text, true);
        check_cstr(r.title, true);
        check_cstr(r.description, true);
        check_cstr(r.author, true);
        check_cstr(r.date, true);
        if (r.date) KLPF_CHECK(klpf_iso_date_prefix(r.date, strlen(r.date)));
        check_cstr(r.sitename, true);
        check_cstr(r.url, true);
        check_cstr(r.language, true);
        KLPF_CHECK(r.n_images == 0 || r.images);
        for (size_t i = 0; i < r.n_images; i++) {
            check_cstr(r.images[i].caption, true);
            check_cstr(r.images[i].credit, true);
        }
        klpi_html_result_clear(&r);
    } else {
        KLPF_CHECK(r.text == NULL && r.title == NULL && r.n_images == 0);
    }
    if (avoid && klpf_maybe_utf16(data + 2, size - 2)) { /* see klpf_avoid_known() */
        klpi_html_free(klpf_h);
        klpf_h = NULL;
    }
    free(s);
    return 0;
}
