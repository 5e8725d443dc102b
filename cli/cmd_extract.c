/* cmd_extract.c - `kliping extract`: reads files, directories (recursively, in name order)
 * or stdin, extracts each page and writes one JSON line per record to stdout or -o FILE.
 * -o is written to a temporary file renamed at the end, so the final name never holds a
 * half-written file. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "kliping.h"

typedef struct extract_cfg {
    klp_extractor_opts opts;
    const char *output; /* NULL = stdout */
} extract_cfg;

typedef struct run {
    klp_extractor *ex;
    FILE *out;
    size_t max_read;
    size_t inputs, records, failed;
    int fatal;
} run;

/* The temporary output file, removed by the signal handler. */
static char g_tmp_path[PATH_MAX + 32];
static volatile sig_atomic_t g_tmp_live = 0;

static void on_signal(int sig)
{
    if (g_tmp_live)
        unlink(g_tmp_path);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void help(FILE *f)
{
    fprintf(f,
            "usage: kliping extract [options] [INPUT...]\n"
            "\n"
            "Extracts the article of each page and writes one JSON record per line:\n"
            "  {\"id\", \"text\", \"metadata\": {title, description, author, date, sitename,\n"
            "   dateline, language, language_score, images, url, file, format}}\n"
            "INPUT is a file, a directory (read recursively, in name order) or '-' for stdin\n"
            "(the default). Inputs may be gzip- or zstd-compressed (recognized by their bytes).\n"
            "\n"
            "options:\n"
            "  -f, --format FMT     auto (default: decided from the bytes), html or text\n"
            "  -o, --output FILE    write records to FILE (atomically) instead of stdout\n"
            "      --max-bytes N    skip inputs over N bytes, decompressed (default 10M)\n"
            "      --comments       keep the comment section of HTML pages\n"
            "      --no-language    do not identify the language\n"
            "  -q, --quiet          no warnings, only errors\n"
            "  -h, --help           this help\n"
            "\n"
            "A bad input gets one line 'kliping: INPUT: reason' on stderr and the run goes on.\n"
            "Exit status: 0 all inputs done, 1 some inputs failed, 2 usage error, 3 fatal.\n");
}

static int parse_format(const char *s, klp_format *f)
{
    if (strcmp(s, "auto") == 0)
        *f = KLP_FORMAT_AUTO;
    else if (strcmp(s, "html") == 0)
        *f = KLP_FORMAT_HTML;
    else if (strcmp(s, "text") == 0)
        *f = KLP_FORMAT_TEXT;
    else
        return -1;
    return 0;
}

/* Reads a whole stream up to max bytes. Returns 0, -1 on a read error (errno), or -2 when
 * the stream is longer than max. */
static int read_all(int fd, size_t max, char **data, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *p = malloc(cap);
    if (!p)
        return -1;
    for (;;) {
        if (n == cap) {
            if (cap > max) {
                free(p);
                return -2;
            }
            size_t nc = cap * 2;
            char *q = realloc(p, nc);
            if (!q) {
                free(p);
                errno = ENOMEM;
                return -1;
            }
            p = q;
            cap = nc;
        }
        ssize_t r = read(fd, p + n, cap - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            free(p);
            errno = e;
            return -1;
        }
        if (r == 0)
            break;
        n += (size_t)r;
        if (n > max) {
            free(p);
            return -2;
        }
    }
    *data = p;
    *len = n;
    return 0;
}

static void fmt_size(size_t n, char *buf, size_t cap)
{
    if (n >= 1024 * 1024 && n % (1024 * 1024) == 0)
        snprintf(buf, cap, "%zu MB", n / (1024 * 1024));
    else if (n >= 1024 && n % 1024 == 0)
        snprintf(buf, cap, "%zu KB", n / 1024);
    else
        snprintf(buf, cap, "%zu bytes", n);
}

static void write_record(run *r, const char *name, const klp_doc *doc)
{
    klp_str js;
    klp_status st = klp_doc_to_json(r->ex, doc, &js);
    if (st != KLP_OK) {
        cli_err(name, "%s", klp_status_str(st));
        r->failed++;
        return;
    }
    if (fwrite(js.ptr, 1, js.len, r->out) != js.len) {
        r->fatal = 1;
        return;
    }
    r->records++;
}

static void extract_one(run *r, const char *name, const char *data, size_t len)
{
    klp_input_info info = {0};
    info.file = strcmp(name, "-") == 0 ? NULL : name;
    const klp_doc *doc;
    klp_status st = klp_extract(r->ex, data, len, &info, &doc);
    r->inputs++;
    if (st != KLP_OK) {
        if (st == KLP_E_LIMIT) {
            char sz[32];
            fmt_size(r->max_read - 1, sz, sizeof sz);
            cli_err(name, "over the size limit of %s (--max-bytes), skipped", sz);
        } else if (st == KLP_E_EMPTY) {
            cli_err(name, "empty input, skipped");
        } else if (st == KLP_E_BINARY) {
            cli_err(name, "binary data, not text or HTML, skipped");
        } else {
            cli_err(name, "%s, skipped", klp_status_str(st));
        }
        r->failed++;
        return;
    }
    for (unsigned bit = 1; bit && bit <= KLP_WARN_LEGACY_CHARSET; bit <<= 1)
        if ((doc->warnings & bit) && klp_warning_str(bit))
            cli_warn(name, "%s", klp_warning_str(bit));
    write_record(r, name, doc);
}

static void extract_fd(run *r, const char *name, int fd)
{
    char *data = NULL;
    size_t len = 0;
    int rc = read_all(fd, r->max_read, &data, &len);
    if (rc == -2) {
        char sz[32];
        fmt_size(r->max_read - 1, sz, sizeof sz);
        cli_err(name, "over the size limit of %s (--max-bytes), skipped", sz);
        r->inputs++;
        r->failed++;
        return;
    }
    if (rc < 0) {
        cli_err(name, "cannot read: %s", strerror(errno));
        r->inputs++;
        r->failed++;
        return;
    }
    extract_one(r, name, data, len);
    free(data);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void extract_path(run *r, const char *path, int depth);

static void extract_dir(run *r, const char *path, int depth)
{
    DIR *d = opendir(path);
    if (!d) {
        cli_err(path, "cannot open directory: %s", strerror(errno));
        r->failed++;
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue; /* ., .. and hidden files */
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **p = realloc(names, cap * sizeof *p);
            if (!p)
                break;
            names = p;
        }
        names[n] = strdup(e->d_name);
        if (names[n])
            n++;
    }
    closedir(d);
    qsort(names, n, sizeof *names, name_cmp);
    size_t pl = strlen(path);
    for (size_t i = 0; i < n; i++) {
        if (!r->fatal) {
            char *child = malloc(pl + strlen(names[i]) + 2);
            if (child) {
                sprintf(child, "%s%s%s", path, (pl && path[pl - 1] == '/') ? "" : "/", names[i]);
                extract_path(r, child, depth + 1);
                free(child);
            }
        }
        free(names[i]);
    }
    free(names);
}

static void extract_path(run *r, const char *path, int depth)
{
    if (strcmp(path, "-") == 0) {
        extract_fd(r, "-", STDIN_FILENO);
        return;
    }
    struct stat sb;
    if (depth > 0 && lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode)) {
        /* inside a directory, a link to a directory is not followed (no loops, no file read
         * twice); a link to a file is read */
        if (stat(path, &sb) != 0 || S_ISDIR(sb.st_mode))
            return;
    }
    if (stat(path, &sb) != 0) {
        cli_err(path, "%s", strerror(errno));
        r->inputs++;
        r->failed++;
        return;
    }
    if (S_ISDIR(sb.st_mode)) {
        if (depth > 64) {
            cli_err(path, "directory nesting over 64 levels, skipped");
            r->failed++;
            return;
        }
        extract_dir(r, path, depth);
        return;
    }
    if (!S_ISREG(sb.st_mode) && depth > 0)
        return; /* sockets, fifos found inside directories */
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        cli_err(path, "cannot open: %s", strerror(errno));
        r->inputs++;
        r->failed++;
        return;
    }
    extract_fd(r, path, fd);
    close(fd);
}

int cmd_extract(int argc, char **argv)
{
    extract_cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    klp_extractor_opts_init(&cfg.opts);
    enum { OPT_MAX_BYTES = 256, OPT_COMMENTS, OPT_NO_LANG };
    static const struct option LONG[] = {
        {"comments", no_argument, NULL, OPT_COMMENTS},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {"max-bytes", required_argument, NULL, OPT_MAX_BYTES},
        {"no-language", no_argument, NULL, OPT_NO_LANG},
        {"output", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},
        {NULL, 0, NULL, 0},
    };
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":f:o:qh", LONG, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (parse_format(optarg, &cfg.opts.format) != 0) {
                cli_err(NULL, "--format takes auto, html or text, not '%s'", optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case 'o': cfg.output = optarg; break;
        case 'q': cli_quiet = 1; break;
        case 'h': help(stdout); return CLI_EXIT_OK;
        case OPT_MAX_BYTES:
            if (!cli_parse_size(optarg, &cfg.opts.max_input_bytes)) {
                cli_err(NULL, "--max-bytes takes a size such as 10M, not '%s'", optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case OPT_COMMENTS: cfg.opts.comments = true; break;
        case OPT_NO_LANG: cfg.opts.detect_language = false; break;
        case ':':
            cli_err(NULL, "option '%s' needs a value (see 'kliping extract --help')",
                    argv[optind - 1]);
            return CLI_EXIT_USAGE;
        default:
            cli_err(NULL, "unknown option '%s' (see 'kliping extract --help')",
                    argv[optind - 1]);
            return CLI_EXIT_USAGE;
        }
    }
    run r;
    memset(&r, 0, sizeof r);
    r.max_read = cfg.opts.max_input_bytes + 1;
    klp_status st = klp_extractor_new(&cfg.opts, &r.ex);
    if (st != KLP_OK) {
        cli_err(NULL, "%s", klp_status_str(st));
        return CLI_EXIT_FATAL;
    }
    signal(SIGPIPE, SIG_IGN);
    r.out = stdout;
    if (cfg.output) {
        int n = snprintf(g_tmp_path, sizeof g_tmp_path, "%s.tmp.%ld", cfg.output, (long)getpid());
        if (n < 0 || (size_t)n >= sizeof g_tmp_path) {
            cli_err(cfg.output, "path too long");
            klp_extractor_free(r.ex);
            return CLI_EXIT_USAGE;
        }
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGHUP, &sa, NULL);
        r.out = fopen(g_tmp_path, "wb");
        if (!r.out) {
            cli_err(cfg.output, "cannot write: %s", strerror(errno));
            klp_extractor_free(r.ex);
            return CLI_EXIT_FATAL;
        }
        g_tmp_live = 1;
    }
    if (optind >= argc)
        extract_path(&r, "-", 0);
    for (int i = optind; i < argc && !r.fatal; i++)
        extract_path(&r, argv[i], 0);
    int rc = r.failed ? CLI_EXIT_PARTIAL : CLI_EXIT_OK;
    int reported = 0; /* the fatal error already has its stderr line */
    if (fflush(r.out) != 0 || ferror(r.out))
        r.fatal = 1;
    if (cfg.output) {
        if (fclose(r.out) != 0)
            r.fatal = 1;
        if (!r.fatal && rename(g_tmp_path, cfg.output) != 0) {
            cli_err(cfg.output, "cannot write the finished output there: %s", strerror(errno));
            r.fatal = 1;
            reported = 1;
        }
        if (r.fatal)
            unlink(g_tmp_path);
        g_tmp_live = 0;
    }
    if (r.fatal) {
        if (errno == EPIPE && !cfg.output)
            rc = CLI_EXIT_OK; /* a closed pipe (| head) is a normal end */
        else if (reported)
            rc = CLI_EXIT_FATAL;
        else {
            cli_err(cfg.output ? cfg.output : "stdout", "write failed: %s", strerror(errno));
            rc = CLI_EXIT_FATAL;
        }
    }
    klp_extractor_free(r.ex);
    return rc;
}
