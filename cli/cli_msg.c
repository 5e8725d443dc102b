/* cli_msg.c - every line the command writes to stderr goes through here. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

const char *cli_prog = "kliping";
int cli_quiet = 0;

static void vmsg(const char *level, const char *what, const char *fmt, va_list ap)
{
    fprintf(stderr, "%s: ", cli_prog);
    if (what)
        fprintf(stderr, "%s: ", what);
    if (level)
        fprintf(stderr, "%s: ", level);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void cli_err(const char *what, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg(NULL, what, fmt, ap);
    va_end(ap);
}

void cli_warn(const char *what, const char *fmt, ...)
{
    if (cli_quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    vmsg("warning", what, fmt, ap);
    va_end(ap);
}

bool cli_parse_size(const char *s, size_t *out)
{
    if (!s || !*s)
        return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || s[0] == '-')
        return false;
    unsigned long long mul = 1;
    if (*end == 'k' || *end == 'K')
        mul = 1024ULL;
    else if (*end == 'm' || *end == 'M')
        mul = 1024ULL * 1024;
    else if (*end == 'g' || *end == 'G')
        mul = 1024ULL * 1024 * 1024;
    else if (*end != '\0')
        return false;
    if (mul != 1 && end[1] != '\0' && !((end[1] == 'B' || end[1] == 'b') && end[2] == '\0'))
        return false;
    if (v > (unsigned long long)SIZE_MAX / mul)
        return false;
    *out = (size_t)(v * mul);
    return *out > 0;
}
