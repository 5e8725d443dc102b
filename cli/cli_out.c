/* cli_out.c - record sinks: stdout or an atomically written file (temporary name, renamed when
 * complete), compressed with gzip or zstd when the name ends in .gz or .zst, in shards when
 * asked. The temporary file's name is kept where the signal handler can remove it. */
#include "cli_out.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "cli.h"

/* Compression levels: fast settings, the output is an intermediate product. */
static const int GZIP_LEVEL = 3;
static const int ZSTD_LEVEL = 3;
enum { OUT_CHUNK = 1 << 17 };

typedef enum { Z_PLAIN, Z_GZIP, Z_ZSTD } zkind;

struct cli_out {
    int fd; /* -1 when closed */
    char *buf; /* output buffer of OUT_CHUNK bytes */
    size_t blen;
    bool to_stdout;
    zkind kind;
    char *final_path; /* of the current file */
    char *base;       /* sharding: "out" of "out.jsonl.zst" */
    char *suffix;     /* sharding: ".jsonl.zst" */
    size_t shard_size, in_shard, shard_no;
    z_stream gz;
    bool gz_live;
    ZSTD_CCtx *zc;
    unsigned char *zbuf;
};

/* Writes all of p, retrying on EINTR and short writes. */
static bool write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n > 0) {
        ssize_t w = write(fd, c, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        c += w;
        n -= (size_t)w;
    }
    return true;
}

/* Buffered output of the (possibly compressed) bytes. */
static bool out_bytes(cli_out *o, const void *p, size_t n)
{
    if (o->blen + n > OUT_CHUNK) {
        if (o->blen && !write_all(o->fd, o->buf, o->blen))
            return false;
        o->blen = 0;
        if (n > OUT_CHUNK)
            return write_all(o->fd, p, n);
    }
    memcpy(o->buf + o->blen, p, n);
    o->blen += n;
    return true;
}

static bool out_flush(cli_out *o)
{
    if (o->blen && !write_all(o->fd, o->buf, o->blen))
        return false;
    o->blen = 0;
    return true;
}

/* The temporary file being written, for the signal handler. */
static char g_tmp[PATH_MAX + 64];
static volatile sig_atomic_t g_tmp_live = 0;

static void on_signal(int sig)
{
    if (g_tmp_live)
        unlink(g_tmp);
    signal(sig, SIG_DFL);
    raise(sig);
}

void cli_out_trap_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

static bool ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcmp(s + n - m, suf) == 0;
}

/* Opens the next file (temporary name) and its compressor. */
static bool open_file(cli_out *o)
{
    free(o->final_path);
    o->final_path = NULL;
    if (o->shard_size) {
        size_t n = strlen(o->base) + strlen(o->suffix) + 16;
        o->final_path = malloc(n);
        if (o->final_path)
            snprintf(o->final_path, n, "%s-%05zu%s", o->base, o->shard_no, o->suffix);
    } else {
        o->final_path = strdup(o->base);
    }
    if (!o->final_path)
        return false;
    int n = snprintf(g_tmp, sizeof g_tmp, "%s.tmp.%ld", o->final_path, (long)getpid());
    if (n < 0 || (size_t)n >= sizeof g_tmp) {
        cli_err(o->final_path, "path too long");
        return false;
    }
    o->fd = open(g_tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (o->fd < 0) {
        cli_err(o->final_path, "cannot write: %s", strerror(errno));
        return false;
    }
    g_tmp_live = 1;
    o->in_shard = 0;
    if (o->kind == Z_GZIP) {
        memset(&o->gz, 0, sizeof o->gz);
        if (deflateInit2(&o->gz, GZIP_LEVEL, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
            Z_OK) {
            cli_err(o->final_path, "cannot start gzip compression");
            return false;
        }
        o->gz_live = true;
    } else if (o->kind == Z_ZSTD) {
        if (!o->zc)
            o->zc = ZSTD_createCCtx();
        if (!o->zc) {
            cli_err(o->final_path, "cannot start zstd compression");
            return false;
        }
        ZSTD_CCtx_reset(o->zc, ZSTD_reset_session_only);
        ZSTD_CCtx_setParameter(o->zc, ZSTD_c_compressionLevel, ZSTD_LEVEL);
    }
    return true;
}

/* Pushes n bytes (or, with finish, the end of the stream) through the compressor. */
static bool put(cli_out *o, const char *p, size_t n, bool finish)
{
    if (o->kind == Z_PLAIN)
        return n == 0 || out_bytes(o, p, n);
    if (o->kind == Z_GZIP) {
        o->gz.next_in = (Bytef *)p;
        o->gz.avail_in = (uInt)n;
        int rc;
        do {
            o->gz.next_out = o->zbuf;
            o->gz.avail_out = OUT_CHUNK;
            rc = deflate(&o->gz, finish ? Z_FINISH : Z_NO_FLUSH);
            if (rc == Z_STREAM_ERROR)
                return false;
            size_t have = OUT_CHUNK - o->gz.avail_out;
            if (have && !out_bytes(o, o->zbuf, have))
                return false;
        } while (o->gz.avail_out == 0 || (finish && rc != Z_STREAM_END));
        return true;
    }
    ZSTD_inBuffer in = {p, n, 0};
    for (;;) {
        ZSTD_outBuffer ob = {o->zbuf, OUT_CHUNK, 0};
        size_t left = ZSTD_compressStream2(o->zc, &ob, &in, finish ? ZSTD_e_end : ZSTD_e_continue);
        if (ZSTD_isError(left))
            return false;
        if (ob.pos && !out_bytes(o, o->zbuf, ob.pos))
            return false;
        if (finish ? left == 0 : in.pos == in.size)
            return true;
    }
}

/* Finishes the current file: compressor end, close, rename (commit) or remove. */
static bool finish_file(cli_out *o, bool commit)
{
    bool ok = true;
    if (commit)
        ok = put(o, NULL, 0, true) && out_flush(o);
    int e = errno;
    if (o->gz_live) {
        deflateEnd(&o->gz);
        o->gz_live = false;
    }
    if (close(o->fd) != 0 && ok) {
        ok = false;
        e = errno;
    }
    o->fd = -1;
    o->blen = 0;
    if (commit && !ok)
        cli_err(o->final_path, "write failed: %s", strerror(e));
    if (commit && ok && rename(g_tmp, o->final_path) != 0) {
        cli_err(o->final_path, "cannot write the finished output there: %s", strerror(errno));
        ok = false;
    }
    if (!commit || !ok)
        unlink(g_tmp);
    g_tmp_live = 0;
    return ok;
}

cli_out *cli_out_open(const char *path, size_t shard_size)
{
    cli_out *o = calloc(1, sizeof *o);
    if (!o) {
        cli_err(NULL, "out of memory");
        return NULL;
    }
    o->fd = -1;
    o->buf = malloc(OUT_CHUNK);
    if (!o->buf) {
        cli_err(path, "out of memory");
        free(o);
        return NULL;
    }
    if (!path) {
        o->fd = STDOUT_FILENO;
        o->to_stdout = true;
        return o;
    }
    o->kind = ends_with(path, ".gz") ? Z_GZIP : ends_with(path, ".zst") ? Z_ZSTD : Z_PLAIN;
    o->shard_size = shard_size;
    /* sharding: the suffix starts at the first dot of the file name ("out.jsonl.zst") */
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    const char *dot = shard_size ? strchr(name, '.') : NULL;
    o->base = dot ? strndup(path, (size_t)(dot - path)) : strdup(path);
    o->suffix = strdup(dot ? dot : "");
    o->zbuf = o->kind == Z_PLAIN ? NULL : malloc(OUT_CHUNK);
    if (!o->base || !o->suffix || (o->kind != Z_PLAIN && !o->zbuf)) {
        cli_err(path, "out of memory");
        cli_out_close(o, false, NULL);
        return NULL;
    }
    if (!open_file(o)) {
        cli_out_close(o, false, NULL);
        return NULL;
    }
    return o;
}

bool cli_out_write(cli_out *o, const char *p, size_t n)
{
    if (o->shard_size && o->in_shard == o->shard_size) {
        if (!finish_file(o, true))
            return false;
        o->shard_no++;
        if (!open_file(o))
            return false;
    }
    o->in_shard++;
    return put(o, p, n, false);
}

bool cli_out_close(cli_out *o, bool commit, bool *broken_pipe)
{
    if (broken_pipe)
        *broken_pipe = false;
    if (!o)
        return true;
    bool ok = true;
    if (o->to_stdout) {
        if (commit && !out_flush(o)) {
            if (errno == EPIPE && broken_pipe)
                *broken_pipe = true;
            else
                cli_err("stdout", "write failed: %s", strerror(errno));
            ok = false;
        }
    } else if (o->fd >= 0) {
        ok = finish_file(o, commit);
    }
    if (o->zc)
        ZSTD_freeCCtx(o->zc);
    free(o->zbuf);
    free(o->buf);
    free(o->final_path);
    free(o->base);
    free(o->suffix);
    free(o);
    return ok;
}
