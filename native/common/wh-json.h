/* A small JSON (RFC 8259) reader producing a read-only tree, plus an escaper for writers.
 * Contract: wh_json_parse() returns NULL and records an error (wh-error.h) naming the byte offset on bad
 * input. Lookups on NULL or mismatched types return NULL/defaults, so optional fields read flatly. */
#ifndef WH_JSON_H
#define WH_JSON_H
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

enum wh_json_type { WH_JSON_NULL, WH_JSON_BOOL, WH_JSON_NUMBER, WH_JSON_STRING, WH_JSON_ARRAY, WH_JSON_OBJECT };

typedef struct wh_json {
  enum wh_json_type type;
  bool boolean;
  double number;
  int64_t integer;   /* exact value when the number is an integer literal */
  char *string;      /* STRING value */
  size_t len;        /* ARRAY/OBJECT element count */
  char **keys;       /* OBJECT keys, parallel to items */
  struct wh_json **items;
} wh_json;

wh_json *wh_json_parse(const char *text, size_t len);
void wh_json_free(wh_json *v);

wh_json *wh_json_get(const wh_json *obj, const char *key);          /* object member or NULL */
wh_json *wh_json_path(const wh_json *v, const char *dotted);        /* "linux.resources.memory" */
const char *wh_json_str(const wh_json *v, const char *def);         /* string value or def */
int64_t wh_json_int(const wh_json *v, int64_t def);
bool wh_json_bool(const wh_json *v, bool def);
size_t wh_json_count(const wh_json *v);                              /* array/object length, else 0 */
wh_json *wh_json_at(const wh_json *v, size_t i);

/* Writes `s` escaped for a JSON string body into out (always NUL-terminated, truncating). */
void wh_json_escape(char *out, size_t cap, const char *s);
/* Serializes v compactly into a malloc'd string. */
char *wh_json_dump(const wh_json *v);
#endif
