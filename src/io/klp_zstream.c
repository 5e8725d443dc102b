/* klp_zstream.c - pull-style decompressing byte stream (see klp_zstream.h): gzip members are
 * inflated one after the other (zlib, windowBits 15+32), zstd frames with
 * ZSTD_decompressStream; plain data is copied. Input is read in fixed-size chunks. */
#include "klp_zstream.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

enum {
    ZS_IN_CHUNK = 1 << 16,   /* bytes read from the fd at a time */
    ZS_SNIFF_BYTES = 4,      /* enough for the gzip and zstd magic */
    ZS_GZIP_WBITS = 15 + 32, /* max window, gzip or zlib header detected */
};

static const unsigned char GZIP_MAGIC[2] = {0x1F, 0x8B};
static const unsigned char ZSTD_MAGIC[4] = {0x28, 0xB5, 0x2F, 0xFD};

struct klpi_zs {
    int fd;                  /* -1 for a memory stream */
    unsigned char *inbuf;    /* fd streams: ZS_IN_CHUNK bytes */
    const unsigned char *in; /* the current input window */
    size_t in_pos, in_len;
    bool in_eof;      /* nothing more beyond in[in_len] */
    uint64_t in_base; /* file offset of in[0] */
    klpi_zs_kind kind;
    bool sniffed;
    z_stream z;
    bool z_ready;
    bool in_member; /* gzip: inside a member; zstd: inside a frame */
    ZSTD_DStream *zd;
    uint64_t out_total;
    uint64_t max_out; /* 0 = none */
    klp_status err;   /* sticky error, reported once the good bytes are out */
    uint64_t ring_dec[KLPI_ZS_MEMBER_RING];
    uint64_t ring_comp[KLPI_ZS_MEMBER_RING];
    size_t ring_head, ring_count;
};

static klp_status zs_new(klpi_zs **out, size_t max_decompressed)
{
    klpi_zs *zs = calloc(1, sizeof *zs);
    if (!zs)
        return KLP_E_NOMEM;
    zs->fd = -1;
    zs->max_out = max_decompressed;
    zs->err = KLP_OK;
    *out = zs;
    return KLP_OK;
}

klp_status klpi_zs_open_fd(int fd, size_t max_decompressed, klpi_zs **out)
{
    if (!out)
        return KLP_E_ARG;
    *out = NULL;
    if (fd < 0)
        return KLP_E_ARG;
    klpi_zs *zs;
    klp_status st = zs_new(&zs, max_decompressed);
    if (st != KLP_OK)
        return st;
    zs->inbuf = malloc(ZS_IN_CHUNK);
    if (!zs->inbuf) {
        free(zs);
        return KLP_E_NOMEM;
    }
    zs->fd = fd;
    zs->in = zs->inbuf;
    *out = zs;
    return KLP_OK;
}

klp_status klpi_zs_open_mem(const void *data, size_t len, size_t max_decompressed,
                            klpi_zs **out)
{
    if (!out)
        return KLP_E_ARG;
    *out = NULL;
    if (!data && len)
        return KLP_E_ARG;
    klpi_zs *zs;
    klp_status st = zs_new(&zs, max_decompressed);
    if (st != KLP_OK)
        return st;
    zs->in = data;
    zs->in_len = len;
    zs->in_eof = true;
    *out = zs;
    return KLP_OK;
}

void klpi_zs_close(klpi_zs *zs)
{
    if (!zs)
        return;
    if (zs->z_ready)
        inflateEnd(&zs->z);
    if (zs->zd)
        ZSTD_freeDStream(zs->zd);
    free(zs->inbuf);
    free(zs);
}

uint64_t klpi_zs_offset(const klpi_zs *zs)
{
    return zs ? zs->in_base + zs->in_pos : 0;
}

uint64_t klpi_zs_out_offset(const klpi_zs *zs)
{
    return zs ? zs->out_total : 0;
}

klpi_zs_kind klpi_zs_get_kind(const klpi_zs *zs)
{
    return zs ? zs->kind : KLPI_ZS_PLAIN;
}

uint64_t klpi_zs_locate(const klpi_zs *zs, uint64_t out_off)
{
    if (!zs)
        return 0;
    if (zs->kind == KLPI_ZS_PLAIN)
        return out_off;
    for (size_t k = 0; k < zs->ring_count; k++) {
        size_t i = (zs->ring_head + KLPI_ZS_MEMBER_RING - 1 - k) % KLPI_ZS_MEMBER_RING;
        if (zs->ring_dec[i] <= out_off)
            return zs->ring_comp[i];
    }
    return klpi_zs_offset(zs);
}

static void ring_push(klpi_zs *zs, uint64_t dec)
{
    zs->ring_dec[zs->ring_head] = dec;
    zs->ring_comp[zs->ring_head] = zs->in_base + zs->in_pos;
    zs->ring_head = (zs->ring_head + 1) % KLPI_ZS_MEMBER_RING;
    if (zs->ring_count < KLPI_ZS_MEMBER_RING)
        zs->ring_count++;
}

/* Reads more input after the unconsumed bytes (fd streams). Sets in_eof at end of file. */
static klp_status refill(klpi_zs *zs)
{
    if (zs->in_eof)
        return KLP_OK;
    if (zs->in_pos > 0) {
        size_t keep = zs->in_len - zs->in_pos;
        memmove(zs->inbuf, zs->inbuf + zs->in_pos, keep);
        zs->in_base += zs->in_pos;
        zs->in_pos = 0;
        zs->in_len = keep;
    }
    if (zs->in_len >= ZS_IN_CHUNK)
        return KLP_OK;
    for (;;) {
        ssize_t r = read(zs->fd, zs->inbuf + zs->in_len, ZS_IN_CHUNK - zs->in_len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return KLP_E_IO;
        if (r == 0)
            zs->in_eof = true;
        zs->in_len += (size_t)r;
        return KLP_OK;
    }
}

static size_t in_avail(const klpi_zs *zs)
{
    return zs->in_len - zs->in_pos;
}

static klp_status sniff(klpi_zs *zs)
{
    while (in_avail(zs) < ZS_SNIFF_BYTES && !zs->in_eof) {
        klp_status st = refill(zs);
        if (st != KLP_OK)
            return st;
    }
    const unsigned char *p = zs->in + zs->in_pos;
    size_t n = in_avail(zs);
    if (n >= sizeof GZIP_MAGIC && memcmp(p, GZIP_MAGIC, sizeof GZIP_MAGIC) == 0) {
        zs->kind = KLPI_ZS_GZIP;
        if (inflateInit2(&zs->z, ZS_GZIP_WBITS) != Z_OK)
            return KLP_E_NOMEM;
        zs->z_ready = true;
    } else if (n >= sizeof ZSTD_MAGIC && memcmp(p, ZSTD_MAGIC, sizeof ZSTD_MAGIC) == 0) {
        zs->kind = KLPI_ZS_ZSTD;
        zs->zd = ZSTD_createDStream();
        if (!zs->zd)
            return KLP_E_NOMEM;
        ZSTD_initDStream(zs->zd);
        if (ZSTD_isError(ZSTD_DCtx_setParameter(zs->zd, ZSTD_d_windowLogMax,
                                                KLPI_ZS_ZSTD_WINDOW_LOG_MAX)))
            return KLP_E_NOMEM;
    } else {
        zs->kind = KLPI_ZS_PLAIN;
    }
    zs->sniffed = true;
    return KLP_OK;
}

/* Each reader fills out[0..cap) and sets *n; it returns an error only with *n bytes still
 * valid (the caller delivers them first). */

static klp_status read_plain(klpi_zs *zs, unsigned char *out, size_t cap, size_t *n)
{
    size_t got = 0;
    while (got < cap) {
        if (in_avail(zs) == 0) {
            if (zs->in_eof)
                break;
            klp_status st = refill(zs);
            if (st != KLP_OK) {
                *n = got;
                return st;
            }
            continue;
        }
        size_t k = in_avail(zs);
        if (k > cap - got)
            k = cap - got;
        memcpy(out + got, zs->in + zs->in_pos, k);
        zs->in_pos += k;
        got += k;
    }
    *n = got;
    return KLP_OK;
}

static klp_status read_gzip(klpi_zs *zs, unsigned char *out, size_t cap, size_t *n)
{
    size_t got = 0;
    klp_status st = KLP_OK;
    while (got < cap) {
        if (in_avail(zs) == 0 && !zs->in_eof) {
            st = refill(zs);
            if (st != KLP_OK)
                break;
            continue;
        }
        if (!zs->in_member) {
            /* between members: zero padding is tolerated, then a new member or the end */
            while (in_avail(zs) > 0 && zs->in[zs->in_pos] == 0)
                zs->in_pos++;
            if (in_avail(zs) == 0) {
                if (zs->in_eof)
                    break;
                continue;
            }
            ring_push(zs, zs->out_total + got);
            if (inflateReset(&zs->z) != Z_OK) {
                st = KLP_E_CORRUPT;
                break;
            }
            zs->in_member = true;
        }
        size_t avail = in_avail(zs);
        size_t room = cap - got;
        zs->z.next_in = (Bytef *)(zs->in + zs->in_pos);
        zs->z.avail_in = avail > UINT32_MAX ? UINT32_MAX : (uInt)avail;
        zs->z.next_out = out + got;
        zs->z.avail_out = room > UINT32_MAX ? UINT32_MAX : (uInt)room;
        uInt in_before = zs->z.avail_in, out_before = zs->z.avail_out;
        int rc = inflate(&zs->z, Z_NO_FLUSH);
        zs->in_pos += in_before - zs->z.avail_in;
        got += out_before - zs->z.avail_out;
        if (rc == Z_STREAM_END) {
            zs->in_member = false;
            continue;
        }
        if (rc == Z_OK)
            continue;
        if (rc == Z_BUF_ERROR) {
            if (zs->z.avail_out == 0)
                break; /* output full */
            if (in_avail(zs) == 0 && zs->in_eof) {
                st = KLP_E_CORRUPT; /* the input stops inside a member */
                break;
            }
            continue;
        }
        st = rc == Z_MEM_ERROR ? KLP_E_NOMEM : KLP_E_CORRUPT;
        break;
    }
    if (st == KLP_OK && zs->in_member && in_avail(zs) == 0 && zs->in_eof && got < cap)
        st = KLP_E_CORRUPT; /* truncated member */
    *n = got;
    return st;
}

static klp_status read_zstd(klpi_zs *zs, unsigned char *out, size_t cap, size_t *n)
{
    size_t got = 0;
    klp_status st = KLP_OK;
    while (got < cap) {
        if (in_avail(zs) == 0 && !zs->in_eof) {
            st = refill(zs);
            if (st != KLP_OK)
                break;
            continue;
        }
        if (!zs->in_member) {
            if (in_avail(zs) == 0)
                break; /* clean end between frames */
            ring_push(zs, zs->out_total + got);
            zs->in_member = true;
        }
        ZSTD_inBuffer ib = {zs->in, zs->in_len, zs->in_pos};
        ZSTD_outBuffer ob = {out + got, cap - got, 0};
        size_t r = ZSTD_decompressStream(zs->zd, &ob, &ib);
        bool progress = ob.pos != 0 || ib.pos != zs->in_pos;
        zs->in_pos = ib.pos;
        got += ob.pos;
        if (ZSTD_isError(r)) {
            st = KLP_E_CORRUPT;
            break;
        }
        if (r == 0) {
            zs->in_member = false;
            continue;
        }
        if (!progress) {
            if (got == cap)
                break;
            if (in_avail(zs) == 0 && zs->in_eof) {
                st = KLP_E_CORRUPT; /* the input stops inside a frame */
                break;
            }
            if (in_avail(zs) > 0) {
                st = KLP_E_CORRUPT;
                break;
            }
        }
    }
    *n = got;
    return st;
}

static klp_status read_any(klpi_zs *zs, unsigned char *out, size_t cap, size_t *n)
{
    switch (zs->kind) {
    case KLPI_ZS_GZIP:
        return read_gzip(zs, out, cap, n);
    case KLPI_ZS_ZSTD:
        return read_zstd(zs, out, cap, n);
    default:
        return read_plain(zs, out, cap, n);
    }
}

klp_status klpi_zs_read(klpi_zs *zs, void *buf, size_t cap, size_t *n)
{
    if (n)
        *n = 0;
    if (!zs || !n || (!buf && cap))
        return KLP_E_ARG;
    if (zs->err != KLP_OK)
        return zs->err;
    if (cap == 0)
        return KLP_OK;
    if (!zs->sniffed) {
        klp_status st = sniff(zs);
        if (st != KLP_OK) {
            zs->err = st;
            return st;
        }
    }
    if (zs->max_out) {
        uint64_t left = zs->out_total < zs->max_out ? zs->max_out - zs->out_total : 0;
        if (left == 0) {
            /* the cap is reached: a limit error only if at least one more byte exists */
            unsigned char probe;
            size_t k = 0;
            klp_status st = read_any(zs, &probe, 1, &k);
            if (k > 0)
                st = KLP_E_LIMIT;
            zs->err = st;
            return st;
        }
        if (cap > left)
            cap = (size_t)left;
    }
    size_t got = 0;
    klp_status st = read_any(zs, buf, cap, &got);
    zs->out_total += got;
    *n = got;
    if (st != KLP_OK) {
        zs->err = st;
        if (got > 0)
            return KLP_OK; /* the error comes with the next call */
    }
    return st;
}
