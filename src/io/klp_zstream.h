/* klp_zstream.h - pull-style byte stream over a file descriptor or a memory buffer that
 * transparently decompresses gzip (any number of members) and zstd (any number of frames),
 * recognized by their magic bytes; other data passes through unchanged. */
#ifndef KLP_ZSTREAM_H
#define KLP_ZSTREAM_H

#include <stddef.h>
#include <stdint.h>

#include "kliping.h"

/* Returned by the record readers built on this stream (klpi_warc_next, klpi_jsonl_next) when
 * the input is exhausted. Not a klp_status value: never pass it to klp_status_name(). */
#define KLPI_END ((klp_status)-1)

/* Bound on the zstd window (2^27 = 128 MB): a hostile frame cannot ask for more. */
#define KLPI_ZS_ZSTD_WINDOW_LOG_MAX 27

typedef enum klpi_zs_kind {
    KLPI_ZS_PLAIN = 0,
    KLPI_ZS_GZIP = 1,
    KLPI_ZS_ZSTD = 2
} klpi_zs_kind;

typedef struct klpi_zs klpi_zs;

/* Opens a stream reading fd from its current position. The fd stays owned by the caller:
 * klpi_zs_close() does not close it. max_decompressed caps the total bytes delivered
 * (0 = no cap). On failure *out is NULL (KLP_E_ARG, KLP_E_NOMEM). */
klp_status klpi_zs_open_fd(int fd, size_t max_decompressed, klpi_zs **out);

/* Opens a stream over data[0..len). The bytes are not copied: they must stay valid and
 * unchanged until klpi_zs_close(). */
klp_status klpi_zs_open_mem(const void *data, size_t len, size_t max_decompressed,
                            klpi_zs **out);

/* Reads up to cap decompressed bytes into buf; *n gets the count. KLP_OK with *n == 0 means
 * the end of the stream. Every byte that decodes is delivered before an error is reported:
 * KLP_E_CORRUPT for corrupt or truncated compressed data (including a stream that stops
 * inside a gzip member or zstd frame), KLP_E_LIMIT once max_decompressed bytes were
 * delivered and more remain, KLP_E_IO when read() fails, KLP_E_NOMEM. After an error every
 * later call returns the same error with *n == 0. */
klp_status klpi_zs_read(klpi_zs *zs, void *buf, size_t cap, size_t *n);

/* Compressed (file) bytes consumed so far, counted from where the stream was opened. */
uint64_t klpi_zs_offset(const klpi_zs *zs);

/* Decompressed bytes delivered so far. */
uint64_t klpi_zs_out_offset(const klpi_zs *zs);

/* The file offset of the gzip member or zstd frame that holds decompressed byte out_off,
 * i.e. where a reader can seek to restart there; out_off itself for plain data. Works for
 * bytes recently delivered (the last KLPI_ZS_MEMBER_RING member starts are remembered);
 * for older bytes, or before any byte was read, returns klpi_zs_offset(). */
uint64_t klpi_zs_locate(const klpi_zs *zs, uint64_t out_off);
#define KLPI_ZS_MEMBER_RING 4096

/* The compression found (valid after the first read; KLPI_ZS_PLAIN before). */
klpi_zs_kind klpi_zs_get_kind(const klpi_zs *zs);

/* Frees the stream (not the fd, not the memory it reads). Accepts NULL. */
void klpi_zs_close(klpi_zs *zs);

#endif
