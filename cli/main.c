/* main.c - the kliping command: a table of subcommands; each owns its options. */
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "kliping.h"

typedef struct subcommand {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
} subcommand;

static const subcommand COMMANDS[] = {
    {"extract", cmd_extract, "pages (HTML or crawler text dumps) to JSONL article records"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: kliping <command> [options] [args]\n"
               "       kliping --help | --version\n\ncommands:\n");
    for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
        fprintf(f, "  %-10s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fprintf(f, "\nRun 'kliping <command> --help' for the options of a command.\n"
               "Exit status: 0 all inputs done, 1 some inputs failed, 2 usage error, "
               "3 fatal error.\n");
}

int main(int argc, char **argv)
{
    /* Pages are allocated and freed one after the other: keep the freed memory instead of
     * giving it back to the kernel after each page. */
    mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
    mallopt(M_TOP_PAD, 16 * 1024 * 1024);
    if (argc < 2) {
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0 ||
        strcmp(cmd, "version") == 0) {
        printf("kliping %s\n", klp_version());
        return CLI_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
        if (strcmp(cmd, COMMANDS[i].name) == 0)
            return COMMANDS[i].fn(argc - 1, argv + 1);
    cli_err(NULL, "unknown command '%s' (see 'kliping --help')", cmd);
    return CLI_EXIT_USAGE;
}
