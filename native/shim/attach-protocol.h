/* Wire format of attach.sock (README.md, "Attach protocol"): every message in both directions is a frame
 *   byte 0: type, bytes 1-3: 0, bytes 4-7: payload size (u32 big-endian), then the payload
 * which for types 0-2 is exactly Docker's stdcopy multiplexing header (moby api/types, "stdcopy"). */
#ifndef WHARF_SHIM_ATTACH_PROTOCOL_H
#define WHARF_SHIM_ATTACH_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>

#define FRAME_HEADER_SIZE 8
#define FRAME_PAYLOAD_MAX (1u << 20) /* larger client frames are a protocol error */

enum frame_type {
  /* client -> shim */
  FRAME_STDIN = 0,        /* bytes for the container's stdin (ignored unless --stdin) */
  FRAME_START = 0x80,     /* run `RUNTIME start ID`; answered by FRAME_REPLY */
  FRAME_RESIZE = 0x81,    /* payload: rows u16 BE, cols u16 BE; TTY only; answered by FRAME_REPLY */
  FRAME_CLOSE_STDIN = 0x82, /* close stdin once everything queued is written; answered by FRAME_REPLY */
  /* shim -> client */
  FRAME_STDOUT = 1,
  FRAME_STDERR = 2,
  FRAME_REPLY = 0x90,     /* payload: request type (1 byte) + error text (empty = success) */
  FRAME_STATE = 0x91,     /* first frame on every connection; payload JSON, see README */
  FRAME_EXIT = 0x92,      /* last frame: payload is the content of exit.json */
};

static inline void encode_frame_header(uint8_t out[FRAME_HEADER_SIZE], uint8_t type, uint32_t size) {
  out[0] = type;
  out[1] = out[2] = out[3] = 0;
  out[4] = (uint8_t)(size >> 24);
  out[5] = (uint8_t)(size >> 16);
  out[6] = (uint8_t)(size >> 8);
  out[7] = (uint8_t)size;
}

static inline uint32_t decode_frame_size(const uint8_t h[FRAME_HEADER_SIZE]) {
  return ((uint32_t)h[4] << 24) | ((uint32_t)h[5] << 16) | ((uint32_t)h[6] << 8) | h[7];
}

#endif
