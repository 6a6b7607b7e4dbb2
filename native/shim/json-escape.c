#include "json-escape.h"

#include <stdint.h>

/* Returns the length (2..4) of the valid UTF-8 sequence at s[0..n), or 0 when it is invalid or truncated. */
static size_t utf8_sequence_length(const unsigned char *s, size_t n) {
  unsigned char c = s[0];
  size_t len;
  uint32_t cp;
  if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
  else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
  else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
  else return 0;
  if (n < len) return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (s[i] & 0x3F);
  }
  if (len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return 0;
  if (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return 0;
  return len;
}

size_t json_escape(char *out, const char *in, size_t n) {
  static const char hex[] = "0123456789abcdef";
  const unsigned char *s = (const unsigned char *)in;
  char *o = out;
  for (size_t i = 0; i < n;) {
    unsigned char c = s[i];
    if (c < 0x80) {
      switch (c) {
        case '"': *o++ = '\\'; *o++ = '"'; break;
        case '\\': *o++ = '\\'; *o++ = '\\'; break;
        case '\n': *o++ = '\\'; *o++ = 'n'; break;
        case '\r': *o++ = '\\'; *o++ = 'r'; break;
        case '\t': *o++ = '\\'; *o++ = 't'; break;
        case '\b': *o++ = '\\'; *o++ = 'b'; break;
        case '\f': *o++ = '\\'; *o++ = 'f'; break;
        default:
          if (c < 0x20 || c == '<' || c == '>' || c == '&') {
            *o++ = '\\'; *o++ = 'u'; *o++ = '0'; *o++ = '0'; *o++ = hex[c >> 4]; *o++ = hex[c & 15];
          } else {
            *o++ = (char)c;
          }
      }
      i++;
      continue;
    }
    size_t len = utf8_sequence_length(s + i, n - i);
    if (len == 0) {
      for (const char *r = "\\ufffd"; *r; r++) *o++ = *r;
      i++;
      continue;
    }
    if (len == 3 && c == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)) {
      for (const char *r = s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029"; *r; r++) *o++ = *r;
    } else {
      for (size_t k = 0; k < len; k++) *o++ = (char)s[i + k];
    }
    i += len;
  }
  return (size_t)(o - out);
}

size_t utf8_complete_prefix(const char *in, size_t n) {
  const unsigned char *s = (const unsigned char *)in;
  /* Look back at most 3 bytes for a lead byte whose sequence would run past the end. */
  for (size_t back = 1; back <= 3 && back <= n; back++) {
    unsigned char c = s[n - back];
    if ((c & 0xC0) == 0x80) continue;          /* continuation byte: keep looking for the lead */
    size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    return want > back ? n - back : n;          /* unfinished sequence: cut before its lead byte */
  }
  return n;
}
