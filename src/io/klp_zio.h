/* klp_zio.h - compression recognized by its bytes (gzip, zstd) and in-memory inflation with
 * a cap on the decompressed size. The only user of zlib.h and zstd.h. */
#ifndef KLP_ZIO_H
#define KLP_ZIO_H

#include <stddef.h>

#include "kliping.h"
#include "klp_buf.h"

typedef enum klpi_zkind { KLPI_Z_NONE = 0, KLPI_Z_GZIP = 1, KLPI_Z_ZSTD = 2 } klpi_zkind;

klpi_zkind klpi_z_sniff(const void *data, size_t len);

/* Decompresses data (gzip with any number of members, or zstd frames) into out, whose max
 * is the decompressed-size cap. KLP_E_LIMIT when the cap is reached, KLP_E_CORRUPT on bad or
 * truncated data, KLP_E_NOMEM. */
klp_status klpi_z_inflate(klpi_zkind kind, const void *data, size_t len, klpi_buf *out);

#endif
