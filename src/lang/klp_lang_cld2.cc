// klp_lang_cld2.cc - the library's only C++: an extern "C" shim over CLD2 (libcld2).
// CLD2's public header needs <cstdio> and <vector> before it.
#include <cstdio>
#include <cstring>
#include <vector>

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

extern "C" {
#include "klp_lang.h"
}

namespace CLD2 {
const char *LanguageCode(Language lang);
}

// CLD2 reads at most this many bytes; more adds time, not accuracy.
static const size_t LANG_MAX_BYTES = 1024;

extern "C" bool klpi_lang_detect(const char *text, size_t len, klpi_lang *out)
{
    out->code[0] = '\0';
    out->score = 0.0;
    out->reliable = false;
    if (!text || len == 0)
        return false;
    if (len > LANG_MAX_BYTES) {
        len = LANG_MAX_BYTES;
        // do not cut a UTF-8 sequence in two
        while (len > 0 && (static_cast<unsigned char>(text[len]) & 0xC0) == 0x80)
            len--;
    }
    CLD2::Language lang3[3];
    int percent3[3];
    double norm3[3];
    int text_bytes = 0;
    bool reliable = false;
    int valid_prefix = 0;
    CLD2::CLDHints hints = {NULL, NULL, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
    CLD2::Language lang = CLD2::ExtDetectLanguageSummaryCheckUTF8(
        text, static_cast<int>(len), true, &hints, 0, lang3, percent3, norm3, NULL, &text_bytes,
        &reliable, &valid_prefix);
    if (lang == CLD2::UNKNOWN_LANGUAGE || lang == CLD2::TG_UNKNOWN_LANGUAGE)
        return false;
    const char *code = CLD2::LanguageCode(lang);
    if (!code || std::strlen(code) >= sizeof out->code || std::strcmp(code, "un") == 0)
        return false;
    std::strcpy(out->code, code);
    // CLD2 writes some codes with a region or script ("zh-Hant"); keep the primary subtag
    char *dash = std::strchr(out->code, '-');
    if (dash)
        *dash = '\0';
    double share = percent3[0] / 100.0;
    out->reliable = reliable;
    out->score = reliable ? share : share / 2.0;
    return true;
}
