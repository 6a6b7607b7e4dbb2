/* JSON string escaping for Docker's json-file log format (RFC 8259 section 7).
 *
 * Contract: writes the escaped form of in[0..n) (without quotes) to out, which must hold 6*n bytes, and returns
 * the number of bytes written (no NUL terminator). Quote, backslash and every control character below 0x20
 * are escaped (\n \r \t \b \f short forms, others \u00XX); '<' '>' '&' and U+2028/U+2029 are escaped as
 * \u003c \u003e \u0026 \u2028 \u2029 like Go's encoding/json (what dockerd writes). Valid UTF-8 passes
 * through; each byte of an invalid sequence becomes \ufffd (RFC 3629 section 3: overlongs, surrogates and
 * code points above U+10FFFF are invalid). */
#ifndef WHARF_SHIM_JSON_ESCAPE_H
#define WHARF_SHIM_JSON_ESCAPE_H

#include <stddef.h>

size_t json_escape(char *out, const char *in, size_t n);
/* Length of the longest prefix of in[0..n) that does not end inside a (possibly valid) unfinished UTF-8
 * sequence; used to split a full buffer on a character boundary. */
size_t utf8_complete_prefix(const char *in, size_t n);

#endif
