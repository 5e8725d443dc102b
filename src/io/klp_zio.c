/* klp_zio.c - gzip and zstd recognized by magic bytes and inflated in memory, capped. */
#include "klp_zio.h"

#include <stdbool.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

enum { Z_CHUNK = 1 << 16 };

klpi_zkind klpi_z_sniff(const void *data, size_t len)
{
    const unsigned char *p = data;
    if (len >= 2 && p[0] == 0x1F && p[1] == 0x8B)
        return KLPI_Z_GZIP;
    if (len >= 4 && p[0] == 0x28 && p[1] == 0xB5 && p[2] == 0x2F && p[3] == 0xFD)
        return KLPI_Z_ZSTD;
    return KLPI_Z_NONE;
}

/* Makes room for the next output chunk in out (a whole chunk, or what is left below the
 * cap) and sets *room to the bytes that may be written: KLP_E_LIMIT at the cap. */
static klp_status out_room(klpi_buf *out, size_t *room)
{
    if (!klpi_buf_reserve(out, Z_CHUNK)) {
        size_t left = out->max - out->len;
        if (left == 0 || !klpi_buf_reserve(out, left))
            return out->len >= out->max ? KLP_E_LIMIT : KLP_E_NOMEM;
    }
    *room = out->cap - out->len - 1;
    if (*room > out->max - out->len)
        *room = out->max - out->len;
    return *room == 0 ? KLP_E_LIMIT : KLP_OK;
}

static klp_status gunzip(const unsigned char *p, size_t len, klpi_buf *out)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, 15 + 32) != Z_OK)
        return KLP_E_NOMEM;
    klp_status st = KLP_OK;
    size_t pos = 0;
    bool ended = false; /* the last member reached its end (trailer included) */
    while (pos < len) {
        size_t avail = len - pos;
        zs.next_in = (Bytef *)(p + pos);
        zs.avail_in = avail > UINT32_MAX ? UINT32_MAX : (uInt)avail;
        size_t room;
        st = out_room(out, &room);
        if (st != KLP_OK)
            break;
        zs.next_out = (Bytef *)(out->ptr + out->len);
        zs.avail_out = room > UINT32_MAX ? UINT32_MAX : (uInt)room;
        uInt in_before = zs.avail_in;
        uInt out_before = zs.avail_out;
        int rc = inflate(&zs, Z_NO_FLUSH);
        pos += in_before - zs.avail_in;
        out->len += out_before - zs.avail_out;
        out->ptr[out->len] = '\0';
        ended = rc == Z_STREAM_END;
        if (rc == Z_STREAM_END) {
            /* another member may follow; trailing zero padding is tolerated */
            while (pos < len && p[pos] == 0)
                pos++;
            if (pos < len) {
                if (len - pos < 2 || p[pos] != 0x1F || p[pos + 1] != 0x8B) {
                    st = KLP_E_CORRUPT;
                    break;
                }
                inflateReset(&zs);
            }
            continue;
        }
        if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
            st = KLP_E_CORRUPT; /* truncated */
            break;
        }
        if (rc != Z_OK) {
            st = rc == Z_MEM_ERROR ? KLP_E_NOMEM : KLP_E_CORRUPT;
            break;
        }
        if (pos >= len && zs.avail_out != 0) {
            st = KLP_E_CORRUPT; /* input ended inside a member */
            break;
        }
    }
    if (st == KLP_OK && !ended)
        st = KLP_E_CORRUPT; /* the input stopped inside a member */
    inflateEnd(&zs);
    return st;
}

static klp_status unzstd(const unsigned char *p, size_t len, klpi_buf *out)
{
    ZSTD_DStream *ds = ZSTD_createDStream();
    if (!ds)
        return KLP_E_NOMEM;
    ZSTD_initDStream(ds);
    /* bound the window so a hostile frame cannot ask for gigabytes */
    ZSTD_DCtx_setParameter(ds, ZSTD_d_windowLogMax, 27);
    ZSTD_inBuffer in = {p, len, 0};
    klp_status st = KLP_OK;
    size_t last = 1;
    bool progress = true;
    while (in.pos < in.size || (last != 0 && progress)) {
        size_t room;
        st = out_room(out, &room);
        if (st != KLP_OK)
            break;
        ZSTD_outBuffer ob = {out->ptr + out->len, room, 0};
        size_t before_in = in.pos;
        last = ZSTD_decompressStream(ds, &ob, &in);
        out->len += ob.pos;
        out->ptr[out->len] = '\0';
        if (ZSTD_isError(last)) {
            st = KLP_E_CORRUPT;
            break;
        }
        progress = ob.pos != 0 || in.pos != before_in;
        if (!progress && in.pos < in.size) {
            st = KLP_E_CORRUPT;
            break;
        }
    }
    if (st == KLP_OK && last != 0)
        st = KLP_E_CORRUPT; /* truncated frame */
    ZSTD_freeDStream(ds);
    return st;
}

klp_status klpi_z_inflate(klpi_zkind kind, const void *data, size_t len, klpi_buf *out)
{
    if (kind == KLPI_Z_GZIP)
        return gunzip(data, len, out);
    if (kind == KLPI_Z_ZSTD)
        return unzstd(data, len, out);
    return klpi_buf_add(out, data, len) ? KLP_OK : KLP_E_LIMIT;
}
