/* klp_status.c - names and messages of klp_status values and KLP_WARN_* bits. */
#include "kliping.h"

static const struct {
    const char *name;
    const char *msg;
} STATUS[KLP_STATUS_COUNT_] = {
    [KLP_OK] = {"ok", "no error"},
    [KLP_E_NOMEM] = {"nomem", "out of memory"},
    [KLP_E_ARG] = {"arg", "invalid argument"},
    [KLP_E_IO] = {"io", "read or write error"},
    [KLP_E_PARSE] = {"parse", "input could not be parsed"},
    [KLP_E_LIMIT] = {"limit", "input exceeds a size limit"},
    [KLP_E_UNSUPPORTED] = {"unsupported", "unsupported format"},
    [KLP_E_BINARY] = {"binary", "binary data, not text or HTML"},
    [KLP_E_EMPTY] = {"empty", "no text in input"},
    [KLP_E_CORRUPT] = {"corrupt", "corrupt or truncated compressed data"},
    [KLP_END] = {"end", "no more records"},
};

const char *klp_status_name(klp_status s)
{
    if ((unsigned)s >= KLP_STATUS_COUNT_)
        return "unknown";
    return STATUS[s].name;
}

const char *klp_status_str(klp_status s)
{
    if ((unsigned)s >= KLP_STATUS_COUNT_)
        return "unknown status";
    return STATUS[s].msg;
}

const char *klp_warning_str(unsigned bit)
{
    switch (bit) {
    case KLP_WARN_INVALID_UTF8: return "invalid UTF-8 replaced with U+FFFD";
    case KLP_WARN_NUL: return "NUL bytes removed";
    case KLP_WARN_CONTROL: return "control characters removed";
    case KLP_WARN_LONG_LINE: return "over-long line cut";
    case KLP_WARN_LEGACY_CHARSET: return "not UTF-8, decoded as windows-1252";
    case KLP_WARN_DEPTH: return "elements nested too deep were flattened (max depth)";
    default: return NULL;
    }
}

const char *klp_version(void)
{
    return KLP_VERSION_STRING;
}
