/* SHA-256 (FIPS 180-4), so the runtime can name cache entries by a strong hash of their input without linking a
 * crypto library. Not constant-time: it hashes public data (seccomp profiles), never secrets. */
#ifndef WH_SHA256_H
#define WH_SHA256_H
#include <stddef.h>
#include <stdint.h>

struct wh_sha256 {
  uint32_t h[8];
  uint64_t total;      /* bytes fed so far */
  uint8_t block[64];
  size_t used;         /* bytes waiting in block */
};

void wh_sha256_init(struct wh_sha256 *s);
void wh_sha256_update(struct wh_sha256 *s, const void *data, size_t len);
void wh_sha256_final(struct wh_sha256 *s, uint8_t out[32]);
/* The digest of data as 64 lowercase hex digits + NUL. */
void wh_sha256_hex(const void *data, size_t len, char out[65]);
#endif
