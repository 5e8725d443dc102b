/* cmd_extract.c - `kliping extract`: reads files, directories (recursively, in name order)
 * or stdin, extracts each page on N worker threads and writes one JSON line per record, in
 * input order, to stdout or -o FILE (see cli_out.c). Messages about a record are printed by
 * the writer with the record, so stderr follows input order too. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cli_out.h"
#include "kliping.h"

/* Jobs in flight: at most IN_FLIGHT_PER_WORKER per worker, and at most IN_FLIGHT_BYTES of
 * input held by them (one job is always let through, whatever its size), so memory stays
 * bounded whatever the input while small records keep every worker busy. */
static const size_t IN_FLIGHT_PER_WORKER = 16;
static const size_t IN_FLIGHT_BYTES = 24u * 1024 * 1024;
static const int MAX_WORKERS = 256;
static const int MAX_DIR_DEPTH = 64;
/* Progress line refresh (terminal only). */
static const double PROGRESS_SECONDS = 0.5;
/* Bytes read from the start of a file to tell a page from an archive. */
enum { SNIFF_BYTES = 4096 };
/* Regular files up to this size are read whole in one call and sniffed in memory. */
enum { SMALL_FILE_BYTES = 1 << 20 };

typedef struct job {
    char *name;  /* for messages: the path as given, with ":OFFSET" for archive records */
    char *file;  /* metadata.file: the path as given (NULL for stdin) */
    char *url, *id, *charset, *crawl_date, *extra; /* from the container, or NULL */
    klp_format format;
    char *data;  /* input bytes */
    size_t len;
    char *msg;   /* stderr lines for this input, printed with its record */
    char *json;  /* the record line */
    size_t json_len;
    const char *fail; /* stable reason name when the input failed, else NULL */
    const char *skip; /* stable reason name when the record holds no page (not an error) */
    enum { J_EMPTY, J_READY, J_CLAIMED, J_DONE } state;
} job;

typedef struct run {
    klp_extractor_opts opts;
    int workers;
    cli_out *out;
    size_t max_read;
    /* queue: slots[seq % cap] holds job seq */
    job *slots;
    size_t cap;
    size_t seq_in, seq_claim, seq_out;
    size_t bytes_in_flight; /* input bytes held by queued jobs (under mu) */
    bool eof;
    atomic_bool fatal; /* the output failed: stop reading */
    int write_errno;   /* errno of the failed write */
    pthread_mutex_t mu;
    pthread_cond_t cv_space, cv_work, cv_done;
    /* counters (written by the writer only) */
    size_t records_out, failed;
    atomic_size_t bytes_in;  /* input bytes handed to extraction (decompressed payloads) */
    atomic_size_t file_pos;  /* bytes of the input files read so far (for the ETA) */
    size_t total;            /* bytes of all input files, 0 when unknown */
    size_t fail_count[16];
    const char *fail_name[16];
    size_t skipped;
    size_t skip_count[16];
    const char *skip_name[16];
    struct timespec t0, last_progress;
    bool progress, summary;
    bool shown_progress;
    klp_input_kind input_kind;
    bool read_only; /* --read-only: read and decompress every record, extract nothing */
    const char *html_field, *text_field;
    bool broken_pipe;
} run;

static double now_s(const struct timespec *since)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - since->tv_sec) + (double)(t.tv_nsec - since->tv_nsec) / 1e9;
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
            "A file is a page (HTML or text), a WARC/WET archive or a JSONL export: that too\n"
            "is recognized by its bytes.\n"
            "\n"
            "options:\n"
            "  -f, --format FMT     auto (default: decided from the bytes), html or text\n"
            "      --input KIND     auto (default), page, warc or jsonl\n"
            "      --html-field F   JSONL: the field holding HTML (default html)\n"
            "      --text-field F   JSONL: the field holding extracted text (default text)\n"
            "  -o, --output FILE    write records to FILE, atomically; FILE.gz and FILE.zst\n"
            "                       are compressed\n"
            "      --shard-size N   with -o, N records per file: out-00000.jsonl.zst, ...\n"
            "  -j, --jobs N         worker threads (default: the number of cores); the output\n"
            "                       is the same whatever N is\n"
            "      --max-bytes N    skip inputs and archive records over N bytes, decompressed\n"
            "                       (default 10M)\n"
            "      --max-nodes N    HTML: skip pages of more than N elements (default 1000000)\n"
            "      --max-text-bytes N  skip pages whose extracted text is over N (default:\n"
            "                       the --max-bytes value)\n"
            "      --timeout S      skip a page still running after S seconds (default 20)\n"
            "      --comments       keep the comment section of HTML pages\n"
            "      --no-language    do not identify the language\n"
            "      --read-only      read and decompress every input and record, extract\n"
            "                       nothing (to measure the cost of reading)\n"
            "  -q, --quiet          no warnings, no progress, only errors\n"
            "  -v, --verbose        (the summary line is printed anyway; -q removes it)\n"
            "  -h, --help           this help\n"
            "\n"
            "A bad input gets one line 'kliping: INPUT: reason' on stderr and the run goes on.\n"
            "A summary line ends every run on stderr (not with -q); on a terminal a progress\n"
            "line is shown while it runs.\n"
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

/* ---- messages kept with a job ---------------------------------------------------------- */

static void job_msg(job *j, const char *level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void job_msg(job *j, const char *level, const char *fmt, ...)
{
    char line[1024];
    int n = snprintf(line, sizeof line, "%s: %s: %s%s", cli_prog, j->name, level ? level : "",
                     level ? ": " : "");
    if (n < 0 || (size_t)n >= sizeof line)
        n = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
    va_end(ap);
    size_t old = j->msg ? strlen(j->msg) : 0, add = strlen(line);
    char *p = realloc(j->msg, old + add + 2);
    if (!p)
        return;
    memcpy(p + old, line, add);
    p[old + add] = '\n';
    p[old + add + 1] = '\0';
    j->msg = p;
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

static void job_fail(job *j, const char *reason, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void job_fail(job *j, const char *reason, const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    job_msg(j, NULL, "%s", text);
    j->fail = reason;
}

/* ---- extraction (workers) ------------------------------------------------------------- */

static void process(run *r, klp_extractor *ex, job *j)
{
    if (j->fail || j->skip)
        return; /* failed while reading, or nothing to extract */
    if (r->read_only) {
        free(j->data);
        j->data = NULL;
        j->skip = "read_only";
        return;
    }
    klp_input_info info = {0};
    info.file = j->file;
    info.url = j->url;
    info.id = j->id;
    info.http_charset = j->charset;
    info.format = j->format;
    info.crawl_date = j->crawl_date;
    info.extra_json = j->extra;
    const klp_doc *doc;
    klp_status st = klp_extract(ex, j->data, j->len, &info, &doc);
    free(j->data);
    j->data = NULL;
    if (st != KLP_OK) {
        const char *why = klp_extractor_detail(ex);
        if (st == KLP_E_LIMIT && why && strstr(why, "elements")) {
            job_fail(j, "limit_nodes", "over the limit: %s (--max-nodes), skipped", why);
        } else if (st == KLP_E_LIMIT && why && strstr(why, "text")) {
            job_fail(j, "limit_text", "over the limit: %s (--max-text-bytes), skipped", why);
        } else if (st == KLP_E_LIMIT && why && strstr(why, "time")) {
            job_fail(j, "limit_time", "over the limit: %s (--timeout), skipped", why);
        } else if (st == KLP_E_LIMIT) {
            char sz[32];
            fmt_size(r->opts.max_input_bytes, sz, sizeof sz);
            job_fail(j, "limit", "over the size limit of %s (--max-bytes), skipped", sz);
        } else if (st == KLP_E_EMPTY) {
            job_fail(j, "empty", "empty input, skipped");
        } else if (st == KLP_E_BINARY) {
            job_fail(j, "binary", "binary data, not text or HTML, skipped");
        } else {
            job_fail(j, klp_status_name(st), "%s, skipped", klp_status_str(st));
        }
        return;
    }
    if (!cli_quiet)
        for (unsigned bit = 1; bit && bit <= KLP_WARN_DEPTH; bit <<= 1)
            if ((doc->warnings & bit) && klp_warning_str(bit))
                job_msg(j, "warning", "%s", klp_warning_str(bit));
    klp_str js;
    st = klp_doc_to_json(ex, doc, &js);
    if (st != KLP_OK) {
        job_fail(j, klp_status_name(st), "%s", klp_status_str(st));
        return;
    }
    j->json = malloc(js.len);
    if (!j->json) {
        job_fail(j, "nomem", "out of memory");
        return;
    }
    memcpy(j->json, js.ptr, js.len);
    j->json_len = js.len;
}

/* ---- writing (in input order) ----------------------------------------------------------- */

static void count_fail(run *r, const char *reason)
{
    r->failed++;
    for (size_t i = 0; i < sizeof r->fail_name / sizeof *r->fail_name; i++) {
        if (!r->fail_name[i] || strcmp(r->fail_name[i], reason) == 0) {
            r->fail_name[i] = reason;
            r->fail_count[i]++;
            return;
        }
    }
}

static void count_skip(run *r, const char *reason)
{
    r->skipped++;
    for (size_t i = 0; i < sizeof r->skip_name / sizeof *r->skip_name; i++) {
        if (!r->skip_name[i] || strcmp(r->skip_name[i], reason) == 0) {
            r->skip_name[i] = reason;
            r->skip_count[i]++;
            return;
        }
    }
}

/* "(a 1, b 2)" of reason counters into buf. */
static void reason_list(char *buf, size_t cap, const char *const *names, const size_t *counts,
                        size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && names[i]; i++) {
        int k = snprintf(buf + used, cap - used, "%s%s %zu", used ? ", " : " (", names[i],
                         counts[i]);
        if (k < 0 || (size_t)k >= cap - used)
            break;
        used += (size_t)k;
    }
    if (used && used + 2 < cap)
        strcat(buf, ")");
}

static void show_progress(run *r, bool final)
{
    double t = now_s(&r->t0);
    double mb = (double)atomic_load(&r->bytes_in) / 1e6;
    if (final) {
        if (r->progress)
            fputs("\r\033[K", stderr);
        if (!r->summary)
            return;
        char fails[256], skips[256];
        reason_list(fails, sizeof fails, r->fail_name, r->fail_count,
                    sizeof r->fail_name / sizeof *r->fail_name);
        reason_list(skips, sizeof skips, r->skip_name, r->skip_count,
                    sizeof r->skip_name / sizeof *r->skip_name);
        fprintf(stderr,
                "%s: %zu records in, %zu out, %zu skipped%s, %zu failed%s, %.1f MB in %.2f s "
                "(%.1f MB/s)\n",
                cli_prog, r->seq_out, r->records_out, r->skipped, skips, r->failed, fails, mb, t,
                t > 0 ? mb / t : 0.0);
        return;
    }
    /* the first written record shows the line at once, then every PROGRESS_SECONDS */
    bool first = r->records_out == 1 && !r->shown_progress;
    if (!r->progress || (!first && now_s(&r->last_progress) < PROGRESS_SECONDS))
        return;
    r->shown_progress = true;
    clock_gettime(CLOCK_MONOTONIC, &r->last_progress);
    char eta[48] = "";
    size_t pos = r->file_pos;
    if (r->total && pos > 0 && pos <= r->total && t > 0) {
        double left = t * (double)(r->total - pos) / (double)pos;
        snprintf(eta, sizeof eta, ", %.0f%%, ETA %.0f s", 100.0 * (double)pos / (double)r->total,
                 left);
    }
    fprintf(stderr, "\r\033[K%zu records, %.1f MB, %.1f MB/s, %zu failed%s", r->records_out, mb,
            t > 0 ? mb / t : 0.0, r->failed, eta);
    fflush(stderr);
}

/* Writes one finished job and frees it. Called in input order. */
static void emit(run *r, job *j)
{
    if (j->msg) {
        if (r->progress)
            fputs("\r\033[K", stderr);
        fputs(j->msg, stderr);
    }
    if (j->skip) {
        count_skip(r, j->skip);
    } else if (j->fail) {
        count_fail(r, j->fail);
    } else if (j->json && !r->fatal) {
        if (cli_out_write(r->out, j->json, j->json_len)) {
            r->records_out++;
        } else {
            r->write_errno = errno;
            r->fatal = true;
        }
    }
    free(j->name);
    free(j->file);
    free(j->url);
    free(j->id);
    free(j->charset);
    free(j->crawl_date);
    free(j->extra);
    free(j->data);
    free(j->msg);
    free(j->json);
    memset(j, 0, sizeof *j);
    show_progress(r, false);
}

/* ---- the queue ------------------------------------------------------------------------ */

static void *worker_main(void *arg)
{
    run *r = arg;
    klp_extractor *ex = NULL;
    if (klp_extractor_new(&r->opts, &ex) != KLP_OK)
        ex = NULL;
    pthread_mutex_lock(&r->mu);
    for (;;) {
        while (r->seq_claim == r->seq_in && !r->eof)
            pthread_cond_wait(&r->cv_work, &r->mu);
        if (r->seq_claim == r->seq_in && r->eof)
            break;
        job *j = &r->slots[r->seq_claim % r->cap];
        r->seq_claim++;
        j->state = J_CLAIMED;
        pthread_mutex_unlock(&r->mu);
        if (ex)
            process(r, ex, j);
        else
            job_fail(j, "nomem", "out of memory");
        pthread_mutex_lock(&r->mu);
        j->state = J_DONE;
        pthread_cond_broadcast(&r->cv_done);
    }
    pthread_mutex_unlock(&r->mu);
    klp_extractor_free(ex);
    return NULL;
}

static void *writer_main(void *arg)
{
    run *r = arg;
    pthread_mutex_lock(&r->mu);
    for (;;) {
        while (!(r->seq_out < r->seq_in && r->slots[r->seq_out % r->cap].state == J_DONE) &&
               !(r->eof && r->seq_out == r->seq_in))
            pthread_cond_wait(&r->cv_done, &r->mu);
        if (r->eof && r->seq_out == r->seq_in)
            break;
        job *j = &r->slots[r->seq_out % r->cap];
        size_t held = j->len;
        pthread_mutex_unlock(&r->mu);
        emit(r, j);
        pthread_mutex_lock(&r->mu);
        r->bytes_in_flight -= held;
        r->seq_out++;
        pthread_cond_broadcast(&r->cv_space);
    }
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

/* Hands a job to the workers (threads) or processes it at once (one worker). Takes name
 * and data. */
static klp_extractor *g_inline_ex;

/* Hands a prepared job to the workers (threads) or processes it at once (one worker). */
static void submit_job(run *r, job tmp)
{
    r->bytes_in += tmp.len;
    if (r->workers <= 1) {
        process(r, g_inline_ex, &tmp);
        emit(r, &tmp);
        r->seq_in++;
        r->seq_out++;
        return;
    }
    pthread_mutex_lock(&r->mu);
    while (r->seq_in - r->seq_out >= r->cap ||
           (r->seq_in > r->seq_out && r->bytes_in_flight + tmp.len > IN_FLIGHT_BYTES))
        pthread_cond_wait(&r->cv_space, &r->mu);
    r->bytes_in_flight += tmp.len;
    job *j = &r->slots[r->seq_in % r->cap];
    *j = tmp;
    j->state = J_READY;
    r->seq_in++;
    pthread_cond_signal(&r->cv_work);
    pthread_mutex_unlock(&r->mu);
}

/* ---- reading inputs ---------------------------------------------------------------------- */

/* Reads a whole stream up to max bytes. Returns 0, -1 on a read error (errno), or -2 when
 * the stream is longer than max. */
static int read_all(int fd, size_t max, char **data, size_t *len)
{
    struct stat sb;
    size_t cap = 1 << 16, n = 0;
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0) {
        if ((size_t)sb.st_size > max)
            return -2;
        cap = (size_t)sb.st_size + 1;
    }
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
        ssize_t got = read(fd, p + n, cap - n);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            free(p);
            errno = e;
            return -1;
        }
        if (got == 0)
            break;
        n += (size_t)got;
        if (n > max) {
            free(p);
            return -2;
        }
    }
    *data = p;
    *len = n;
    return 0;
}

static void input_fail(run *r, const char *name, const char *reason, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A whole-file job: takes name and data. */
static void submit(run *r, char *name, char *data, size_t len, const char *fail_reason,
                   const char *fail_text)
{
    job tmp;
    memset(&tmp, 0, sizeof tmp);
    tmp.name = name;
    tmp.file = strcmp(name, "-") == 0 ? NULL : strdup(name);
    tmp.data = data;
    tmp.len = len;
    if (fail_reason)
        job_fail(&tmp, fail_reason, "%s", fail_text);
    submit_job(r, tmp);
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* Every record of an archive (WARC, WET, JSONL) becomes a job. */
static void input_archive(run *r, const char *name, klp_reader *rd)
{
    size_t base = r->file_pos;
    for (;;) {
        if (r->fatal)
            return;
        klp_record rec;
        klp_status st = klp_reader_next(rd, &rec);
        if (st == KLP_END)
            return;
        r->file_pos = base + (size_t)rec.offset;
        job tmp;
        memset(&tmp, 0, sizeof tmp);
        size_t n = strlen(name) + 24;
        tmp.name = malloc(n);
        if (!tmp.name) {
            r->fatal = true;
            return;
        }
        snprintf(tmp.name, n, "%s:%llu", name, (unsigned long long)rec.offset);
        tmp.file = strcmp(name, "-") == 0 ? NULL : strdup(name);
        if (st != KLP_OK) {
            if (st == KLP_E_LIMIT) {
                char sz[32];
                fmt_size(r->opts.max_input_bytes, sz, sizeof sz);
                job_fail(&tmp, "limit", "record over the size limit of %s (--max-bytes), skipped",
                         sz);
            } else {
                job_fail(&tmp, klp_status_name(st), "%s%s%s, skipped", klp_status_str(st),
                         rec.detail ? ": " : "", rec.detail ? rec.detail : "");
            }
        } else if (rec.skip) {
            tmp.skip = rec.skip;
        } else {
            tmp.data = malloc(rec.len ? rec.len : 1);
            if (!tmp.data) {
                job_fail(&tmp, "nomem", "out of memory, skipped");
            } else {
                memcpy(tmp.data, rec.data, rec.len);
                tmp.len = rec.len;
            }
            tmp.url = dup_or_null(rec.info.url);
            tmp.id = dup_or_null(rec.info.id);
            tmp.charset = dup_or_null(rec.info.http_charset);
            tmp.crawl_date = dup_or_null(rec.info.crawl_date);
            tmp.extra = dup_or_null(rec.info.extra_json);
            tmp.format = rec.info.format;
        }
        submit_job(r, tmp);
    }
}

/* Reads a small regular file of size bytes whole. Returns 0, or -1 with errno. */
static int read_small(int fd, size_t size, char **data, size_t *len)
{
    char *p = malloc(size + 1);
    if (!p)
        return -1;
    size_t n = 0;
    while (n < size) {
        ssize_t got = read(fd, p + n, size - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int e = errno;
            free(p);
            errno = e;
            return -1;
        }
        if (got == 0)
            break; /* the file shrank */
        n += (size_t)got;
    }
    *data = p;
    *len = n;
    return 0;
}

/* The records of an archive held in memory. */
static void input_archive_mem(run *r, const char *name, const char *data, size_t len,
                              const klp_reader_opts *ro)
{
    klp_reader *rd;
    klp_status st = klp_reader_open_mem(data, len, ro, &rd);
    if (st == KLP_OK) {
        input_archive(r, name, rd);
        klp_reader_free(rd);
    } else {
        input_fail(r, name, klp_status_name(st), "%s", klp_status_str(st));
    }
}

static void input_fd(run *r, const char *name, int fd)
{
    char *data = NULL;
    size_t len = 0;
    klp_reader_opts ro;
    klp_reader_opts_init(&ro);
    ro.max_record_bytes = r->opts.max_input_bytes;
    ro.html_field = r->html_field;
    ro.text_field = r->text_field;
    struct stat sb;
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
        (size_t)sb.st_size <= SMALL_FILE_BYTES && (size_t)sb.st_size <= r->max_read) {
        /* a page, most of the time: one read, then what it holds is sniffed in memory */
        char *nm = strdup(name);
        if (!nm) {
            r->fatal = true;
            return;
        }
        if (read_small(fd, (size_t)sb.st_size, &data, &len) != 0) {
            char text[256];
            snprintf(text, sizeof text, "cannot read: %s", strerror(errno));
            submit(r, nm, NULL, 0, "io", text);
            return;
        }
        ro.kind = r->input_kind != KLP_INPUT_AUTO ? r->input_kind : klp_sniff_input(data, len);
        if (ro.kind != KLP_INPUT_PAGE) {
            size_t base = r->file_pos;
            input_archive_mem(r, name, data, len, &ro);
            r->file_pos = base + len;
            free(data);
            free(nm);
            return;
        }
        r->file_pos += len;
        submit(r, nm, data, len, NULL, NULL);
        return;
    }
    /* what the file holds, from its first bytes when it can be read twice */
    char head[SNIFF_BYTES];
    ssize_t hn = pread(fd, head, sizeof head, 0);
    if (hn >= 0) {
        ro.kind = r->input_kind != KLP_INPUT_AUTO ? r->input_kind
                                                  : klp_sniff_input(head, (size_t)hn);
        if (ro.kind != KLP_INPUT_PAGE) {
            klp_reader *rd;
            klp_status st = klp_reader_open_fd(fd, &ro, &rd);
            if (st != KLP_OK) {
                input_fail(r, name, klp_status_name(st), "%s", klp_status_str(st));
                return;
            }
            size_t base = r->file_pos;
            input_archive(r, name, rd);
            klp_reader_free(rd);
            if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
                r->file_pos = base + (size_t)sb.st_size;
            return;
        }
    }
    char *nm = strdup(name);
    if (!nm) {
        r->fatal = true;
        return;
    }
    int rc = read_all(fd, r->max_read, &data, &len);
    if (rc == 0 && hn < 0) {
        /* a pipe: the whole stream is here (up to --max-bytes); it may still be an archive */
        ro.kind = r->input_kind != KLP_INPUT_AUTO ? r->input_kind : klp_sniff_input(data, len);
        if (ro.kind != KLP_INPUT_PAGE) {
            input_archive_mem(r, name, data, len, &ro);
            free(data);
            free(nm);
            return;
        }
    }
    if (rc == -2) {
        char sz[32], text[96];
        fmt_size(r->opts.max_input_bytes, sz, sizeof sz);
        snprintf(text, sizeof text, "over the size limit of %s (--max-bytes), skipped", sz);
        submit(r, nm, NULL, 0, "limit", text);
    } else if (rc < 0) {
        char text[256];
        snprintf(text, sizeof text, "cannot read: %s", strerror(errno));
        submit(r, nm, NULL, 0, "io", text);
    } else {
        r->file_pos += len;
        submit(r, nm, data, len, NULL, NULL);
    }
}

static void input_fail(run *r, const char *name, const char *reason, const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    char *nm = strdup(name);
    if (nm)
        submit(r, nm, NULL, 0, reason, text);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void input_path(run *r, const char *path, int depth);

static void input_dir(run *r, const char *path, int depth)
{
    DIR *d = opendir(path);
    if (!d) {
        input_fail(r, path, "io", "cannot open directory: %s", strerror(errno));
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
        /* the name, its NUL, then the entry's type (DT_UNKNOWN on some file systems) */
        size_t nl = strlen(e->d_name);
        names[n] = malloc(nl + 2);
        if (names[n]) {
            memcpy(names[n], e->d_name, nl + 1);
            names[n][nl + 1] = (char)e->d_type;
            n++;
        }
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, name_cmp);
    size_t pl = strlen(path);
    for (size_t i = 0; i < n; i++) {
        if (!r->fatal) {
            /* the entry's type travels after its name (see above) */
            unsigned char type = (unsigned char)names[i][strlen(names[i]) + 1];
            char *child = malloc(pl + strlen(names[i]) + 2);
            if (child) {
                sprintf(child, "%s%s%s", path, (pl && path[pl - 1] == '/') ? "" : "/", names[i]);
                int fd = type == DT_REG ? open(child, O_RDONLY) : -1;
                if (fd >= 0) {
                    /* a regular file (no link): no stat needed */
                    input_fd(r, child, fd);
                    close(fd);
                } else {
                    input_path(r, child, depth + 1);
                }
                free(child);
            }
        }
        free(names[i]);
    }
    free(names);
}

static void input_path(run *r, const char *path, int depth)
{
    if (strcmp(path, "-") == 0) {
        input_fd(r, "-", STDIN_FILENO);
        return;
    }
    struct stat sb;
    if (depth > 0 && lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode)) {
        /* inside a directory, a link to a directory is not followed (no loops, no file read
         * twice); a link to a file is read */
        if (stat(path, &sb) != 0) {
            input_fail(r, path, "io", "%s", strerror(errno)); /* dangling, or a loop */
            return;
        }
        if (S_ISDIR(sb.st_mode))
            return;
    }
    if (stat(path, &sb) != 0) {
        input_fail(r, path, "io", "%s", strerror(errno));
        return;
    }
    if (S_ISDIR(sb.st_mode)) {
        if (depth > MAX_DIR_DEPTH)
            input_fail(r, path, "io", "directory nesting over %d levels, skipped", MAX_DIR_DEPTH);
        else
            input_dir(r, path, depth);
        return;
    }
    if (!S_ISREG(sb.st_mode) && depth > 0)
        return; /* sockets, fifos found inside directories */
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        input_fail(r, path, "io", "cannot open: %s", strerror(errno));
        return;
    }
    input_fd(r, path, fd);
    close(fd);
}

/* ---- the command ------------------------------------------------------------------------ */

static int default_workers(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > MAX_WORKERS ? MAX_WORKERS : (int)n;
}

int cmd_extract(int argc, char **argv)
{
    run r;
    memset(&r, 0, sizeof r);
    klp_extractor_opts_init(&r.opts);
    const char *output = NULL;
    size_t shard_size = 0;
    bool verbose = false;
    r.workers = default_workers();
    enum {
        OPT_MAX_BYTES = 256,
        OPT_COMMENTS,
        OPT_NO_LANG,
        OPT_SHARD,
        OPT_INPUT,
        OPT_HTML_FIELD,
        OPT_TEXT_FIELD,
        OPT_READ_ONLY,
        OPT_MAX_NODES,
        OPT_MAX_TEXT,
        OPT_TIMEOUT
    };
    static const struct option LONG[] = {
        {"comments", no_argument, NULL, OPT_COMMENTS},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {"html-field", required_argument, NULL, OPT_HTML_FIELD},
        {"input", required_argument, NULL, OPT_INPUT},
        {"jobs", required_argument, NULL, 'j'},
        {"max-bytes", required_argument, NULL, OPT_MAX_BYTES},
        {"max-nodes", required_argument, NULL, OPT_MAX_NODES},
        {"max-text-bytes", required_argument, NULL, OPT_MAX_TEXT},
        {"no-language", no_argument, NULL, OPT_NO_LANG},
        {"output", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},
        {"read-only", no_argument, NULL, OPT_READ_ONLY},
        {"shard-size", required_argument, NULL, OPT_SHARD},
        {"text-field", required_argument, NULL, OPT_TEXT_FIELD},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"verbose", no_argument, NULL, 'v'},
        {NULL, 0, NULL, 0},
    };
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":f:o:j:qvh", LONG, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (parse_format(optarg, &r.opts.format) != 0) {
                cli_err(NULL, "--format takes auto, html or text, not '%s'", optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case 'o': output = optarg; break;
        case 'q': cli_quiet = 1; break;
        case 'v': verbose = true; break;
        case 'h': help(stdout); return CLI_EXIT_OK;
        case 'j': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*optarg == '\0' || *end != '\0' || n < 1 || n > MAX_WORKERS) {
                cli_err(NULL, "--jobs takes a number from 1 to %d, not '%s'", MAX_WORKERS, optarg);
                return CLI_EXIT_USAGE;
            }
            r.workers = (int)n;
            break;
        }
        case OPT_SHARD: {
            char *end;
            long long n = strtoll(optarg, &end, 10);
            if (*optarg == '\0' || *end != '\0' || n < 1) {
                cli_err(NULL, "--shard-size takes a number of records, not '%s'", optarg);
                return CLI_EXIT_USAGE;
            }
            shard_size = (size_t)n;
            break;
        }
        case OPT_MAX_BYTES:
            if (!cli_parse_size(optarg, &r.opts.max_input_bytes)) {
                cli_err(NULL, "--max-bytes takes a size such as 10M, not '%s'", optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case OPT_MAX_NODES:
            if (!cli_parse_size(optarg, &r.opts.max_nodes)) {
                cli_err(NULL, "--max-nodes takes a number, not '%s'", optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case OPT_MAX_TEXT:
            if (!cli_parse_size(optarg, &r.opts.max_text_bytes)) {
                cli_err(NULL, "--max-text-bytes takes a size such as 4M, not '%s'", optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case OPT_TIMEOUT: {
            char *end;
            double sec = strtod(optarg, &end);
            if (end == optarg || *end != '\0' || !(sec >= 0) || sec > 86400) {
                cli_err(NULL, "--timeout takes seconds per page (0 = none), not '%s'", optarg);
                return CLI_EXIT_USAGE;
            }
            r.opts.timeout_ms = (unsigned)(sec * 1000.0 + 0.5);
            break;
        }
        case OPT_COMMENTS: r.opts.comments = true; break;
        case OPT_HTML_FIELD: r.html_field = optarg; break;
        case OPT_READ_ONLY: r.read_only = true; break;
        case OPT_TEXT_FIELD: r.text_field = optarg; break;
        case OPT_INPUT:
            if (strcmp(optarg, "auto") == 0)
                r.input_kind = KLP_INPUT_AUTO;
            else if (strcmp(optarg, "page") == 0)
                r.input_kind = KLP_INPUT_PAGE;
            else if (strcmp(optarg, "warc") == 0)
                r.input_kind = KLP_INPUT_WARC;
            else if (strcmp(optarg, "jsonl") == 0)
                r.input_kind = KLP_INPUT_JSONL;
            else {
                cli_err(NULL, "--input takes auto, page, warc or jsonl, not '%s'", optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case OPT_NO_LANG: r.opts.detect_language = false; break;
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
    if (shard_size && !output) {
        cli_err(NULL, "--shard-size needs -o FILE");
        return CLI_EXIT_USAGE;
    }
    r.max_read = r.opts.max_input_bytes;
    bool tty = isatty(STDERR_FILENO) == 1;
    r.progress = tty && !cli_quiet;
    r.summary = !cli_quiet;
    (void)verbose; /* -v: kept for scripts that ask for the summary explicitly */
    clock_gettime(CLOCK_MONOTONIC, &r.t0);
    r.last_progress = r.t0;

    signal(SIGPIPE, SIG_IGN); /* a closed pipe is an EPIPE write error, handled below */
    if (output)
        cli_out_trap_signals();
    r.out = cli_out_open(output, shard_size);
    if (!r.out)
        return CLI_EXIT_FATAL;

    pthread_t *threads = NULL;
    pthread_t writer;
    int started = 0;
    bool threaded = r.workers > 1;
    if (!threaded) {
        if (klp_extractor_new(&r.opts, &g_inline_ex) != KLP_OK) {
            cli_err(NULL, "out of memory");
            cli_out_close(r.out, false, NULL);
            return CLI_EXIT_FATAL;
        }
    } else {
        r.cap = (size_t)r.workers * IN_FLIGHT_PER_WORKER + 2;
        r.slots = calloc(r.cap, sizeof *r.slots);
        threads = calloc((size_t)r.workers, sizeof *threads);
        if (!r.slots || !threads) {
            cli_err(NULL, "out of memory");
            cli_out_close(r.out, false, NULL);
            free(r.slots);
            free(threads);
            return CLI_EXIT_FATAL;
        }
        pthread_mutex_init(&r.mu, NULL);
        pthread_cond_init(&r.cv_space, NULL);
        pthread_cond_init(&r.cv_work, NULL);
        pthread_cond_init(&r.cv_done, NULL);
        for (; started < r.workers; started++)
            if (pthread_create(&threads[started], NULL, worker_main, &r) != 0)
                break;
        if (started == 0 || pthread_create(&writer, NULL, writer_main, &r) != 0) {
            cli_err(NULL, "cannot start threads");
            /* fall back to one worker in this thread */
            threaded = false;
            r.workers = 1;
            klp_extractor_new(&r.opts, &g_inline_ex);
            pthread_mutex_lock(&r.mu);
            r.eof = true;
            pthread_cond_broadcast(&r.cv_work);
            pthread_mutex_unlock(&r.mu);
            for (int i = 0; i < started; i++)
                pthread_join(threads[i], NULL);
            started = 0;
        }
    }

    if (r.progress) {
        /* the ETA needs the total: known when every input is a regular file */
        size_t total = 0;
        bool known = optind < argc;
        for (int i = optind; i < argc && known; i++) {
            struct stat sb;
            known = stat(argv[i], &sb) == 0 && S_ISREG(sb.st_mode);
            total += known ? (size_t)sb.st_size : 0;
        }
        r.total = known ? total : 0;
    }
    if (optind >= argc)
        input_path(&r, "-", 0);
    for (int i = optind; i < argc && !r.fatal; i++)
        input_path(&r, argv[i], 0);

    if (threaded) {
        pthread_mutex_lock(&r.mu);
        r.eof = true;
        pthread_cond_broadcast(&r.cv_work);
        pthread_cond_broadcast(&r.cv_done);
        pthread_mutex_unlock(&r.mu);
        for (int i = 0; i < started; i++)
            pthread_join(threads[i], NULL);
        pthread_join(writer, NULL);
        pthread_mutex_destroy(&r.mu);
        pthread_cond_destroy(&r.cv_space);
        pthread_cond_destroy(&r.cv_work);
        pthread_cond_destroy(&r.cv_done);
    }
    free(threads);
    free(r.slots);
    klp_extractor_free(g_inline_ex);
    g_inline_ex = NULL;

    bool broken_pipe = false;
    bool failed_write = r.fatal;
    bool closed = cli_out_close(r.out, !failed_write, &broken_pipe);
    if ((failed_write && !output && r.write_errno == EPIPE) || broken_pipe)
        return r.failed ? CLI_EXIT_PARTIAL : CLI_EXIT_OK; /* | head: a normal end */
    if (failed_write) {
        cli_err(output ? output : "stdout", "write failed: %s", strerror(r.write_errno));
        return CLI_EXIT_FATAL;
    }
    if (!closed)
        return CLI_EXIT_FATAL; /* cli_out_close printed why */
    show_progress(&r, true);
    return r.failed ? CLI_EXIT_PARTIAL : CLI_EXIT_OK;
}
