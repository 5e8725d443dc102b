/* cli.h - shared pieces of the kliping command: messages, exit codes, subcommands. */
#ifndef KLIPING_CLI_H
#define KLIPING_CLI_H

#include <stdbool.h>
#include <stddef.h>

/* Exit statuses of the kliping command. */
enum {
    CLI_EXIT_OK = 0,      /* every input went through */
    CLI_EXIT_PARTIAL = 1, /* finished, but some inputs or records failed */
    CLI_EXIT_USAGE = 2,   /* bad command line */
    CLI_EXIT_FATAL = 3    /* output could not be written, out of memory */
};

extern const char *cli_prog;
extern int cli_quiet; /* -q: only errors */

/* "kliping: <what>: <message>" on stderr; printf-style. */
void cli_err(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cli_warn(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Parses a size such as 10M, 512K, 1G, 1000. Returns false when it is not one. */
bool cli_parse_size(const char *s, size_t *out);

int cmd_extract(int argc, char **argv);

#endif
