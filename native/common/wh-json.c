#include "wh-json.h"
#include "wh-error.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser { const char *s; size_t n, i; int depth; };

static void skip_ws(struct parser *p) {
  while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' || p->s[p->i] == '\r')) p->i++;
}

static wh_json *fail(struct parser *p, const char *what) {
  wh_error(0, "invalid JSON at byte %zu: %s", p->i, what);
  return NULL;
}

static void put_utf8(char *out, size_t *o, unsigned cp) {
  if (cp < 0x80) out[(*o)++] = (char)cp;
  else if (cp < 0x800) { out[(*o)++] = (char)(0xC0 | (cp >> 6)); out[(*o)++] = (char)(0x80 | (cp & 0x3F)); }
  else if (cp < 0x10000) {
    out[(*o)++] = (char)(0xE0 | (cp >> 12)); out[(*o)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[(*o)++] = (char)(0x80 | (cp & 0x3F));
  } else {
    out[(*o)++] = (char)(0xF0 | (cp >> 18)); out[(*o)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[(*o)++] = (char)(0x80 | ((cp >> 6) & 0x3F)); out[(*o)++] = (char)(0x80 | (cp & 0x3F));
  }
}

static int hex4(struct parser *p, unsigned *cp) {
  if (p->i + 4 > p->n) return -1;
  *cp = 0;
  for (int k = 0; k < 4; k++) {
    char c = p->s[p->i++];
    *cp <<= 4;
    if (c >= '0' && c <= '9') *cp |= (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f') *cp |= (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') *cp |= (unsigned)(c - 'A' + 10);
    else return -1;
  }
  return 0;
}

static char *parse_string(struct parser *p) {
  p->i++; /* opening quote */
  /* Sized by the raw text up to the closing quote (escapes only shrink): sizing by the rest of the input made
   * parsing quadratic, and a config.json with Docker's seccomp profile (~1,000 strings) page-faulted through MBs. */
  size_t end = p->i;
  while (end < p->n && p->s[end] != '"') end += p->s[end] == '\\' ? 2 : 1;
  char *out = malloc((end < p->n ? end : p->n) - p->i + 1);
  size_t o = 0;
  while (p->i < p->n) {
    char c = p->s[p->i++];
    if (c == '"') { out[o] = 0; return out; }
    if ((unsigned char)c < 0x20) break;
    if (c != '\\') { out[o++] = c; continue; }
    if (p->i >= p->n) break;
    c = p->s[p->i++];
    switch (c) {
      case '"': case '\\': case '/': out[o++] = c; break;
      case 'b': out[o++] = '\b'; break;
      case 'f': out[o++] = '\f'; break;
      case 'n': out[o++] = '\n'; break;
      case 'r': out[o++] = '\r'; break;
      case 't': out[o++] = '\t'; break;
      case 'u': {
        unsigned cp, lo;
        if (hex4(p, &cp) < 0) goto bad;
        if (cp >= 0xD800 && cp < 0xDC00 && p->i + 6 <= p->n && p->s[p->i] == '\\' && p->s[p->i + 1] == 'u') {
          p->i += 2;
          if (hex4(p, &lo) < 0) goto bad;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        }
        put_utf8(out, &o, cp);
        break;
      }
      default: goto bad;
    }
  }
bad:
  free(out);
  fail(p, "bad string");
  return NULL;
}

static wh_json *parse_value(struct parser *p);

static wh_json *new_node(enum wh_json_type t) {
  wh_json *v = calloc(1, sizeof *v);
  v->type = t;
  return v;
}

static int push(wh_json *v, char *key, wh_json *item) {
  if ((v->len & (v->len - 1)) == 0) { /* grow at powers of two */
    size_t cap = v->len ? v->len * 2 : 4;
    v->items = realloc(v->items, cap * sizeof *v->items);
    if (v->type == WH_JSON_OBJECT) v->keys = realloc(v->keys, cap * sizeof *v->keys);
  }
  if (v->type == WH_JSON_OBJECT) v->keys[v->len] = key;
  v->items[v->len++] = item;
  return 0;
}

static wh_json *parse_container(struct parser *p, bool object) {
  if (++p->depth > 200) return fail(p, "nesting too deep");
  wh_json *v = new_node(object ? WH_JSON_OBJECT : WH_JSON_ARRAY);
  p->i++;
  skip_ws(p);
  char close = object ? '}' : ']';
  if (p->i < p->n && p->s[p->i] == close) { p->i++; p->depth--; return v; }
  for (;;) {
    char *key = NULL;
    skip_ws(p);
    if (object) {
      if (p->i >= p->n || p->s[p->i] != '"') { fail(p, "expected a key"); goto bad; }
      if (!(key = parse_string(p))) goto bad;
      skip_ws(p);
      if (p->i >= p->n || p->s[p->i] != ':') { free(key); fail(p, "expected ':'"); goto bad; }
      p->i++;
    }
    wh_json *item = parse_value(p);
    if (!item) { free(key); goto bad; }
    push(v, key, item);
    skip_ws(p);
    if (p->i < p->n && p->s[p->i] == ',') { p->i++; continue; }
    if (p->i < p->n && p->s[p->i] == close) { p->i++; p->depth--; return v; }
    fail(p, object ? "expected ',' or '}'" : "expected ',' or ']'");
    goto bad;
  }
bad:
  wh_json_free(v);
  return NULL;
}

static wh_json *parse_value(struct parser *p) {
  skip_ws(p);
  if (p->i >= p->n) return fail(p, "unexpected end");
  char c = p->s[p->i];
  if (c == '{') return parse_container(p, true);
  if (c == '[') return parse_container(p, false);
  if (c == '"') {
    char *s = parse_string(p);
    if (!s) return NULL;
    wh_json *v = new_node(WH_JSON_STRING);
    v->string = s;
    v->len = strlen(s);
    return v;
  }
  static const struct { const char *word; enum wh_json_type t; bool b; } words[] = {
    {"true", WH_JSON_BOOL, true}, {"false", WH_JSON_BOOL, false}, {"null", WH_JSON_NULL, false}};
  for (size_t k = 0; k < 3; k++) {
    size_t wl = strlen(words[k].word);
    if (p->n - p->i >= wl && memcmp(p->s + p->i, words[k].word, wl) == 0) {
      p->i += wl;
      wh_json *v = new_node(words[k].t);
      v->boolean = words[k].b;
      return v;
    }
  }
  if (c == '-' || (c >= '0' && c <= '9')) {
    char buf[64];
    size_t k = 0;
    bool integral = true;
    while (p->i < p->n && k < sizeof buf - 1 && strchr("+-0123456789.eE", p->s[p->i])) {
      if (strchr(".eE", p->s[p->i])) integral = false;
      buf[k++] = p->s[p->i++];
    }
    buf[k] = 0;
    char *end;
    wh_json *v = new_node(WH_JSON_NUMBER);
    v->number = strtod(buf, &end);
    if (*end) { free(v); return fail(p, "bad number"); }
    v->integer = integral ? strtoll(buf, NULL, 10) : (int64_t)v->number;
    return v;
  }
  return fail(p, "unexpected character");
}

wh_json *wh_json_parse(const char *text, size_t len) {
  struct parser p = {text, len, 0, 0};
  wh_json *v = parse_value(&p);
  if (!v) return NULL;
  skip_ws(&p);
  if (p.i != p.n) { wh_json_free(v); return fail(&p, "trailing data"); }
  return v;
}

void wh_json_free(wh_json *v) {
  if (!v) return;
  for (size_t i = 0; i < v->len && v->items; i++) {
    wh_json_free(v->items[i]);
    if (v->keys) free(v->keys[i]);
  }
  free(v->items);
  free(v->keys);
  free(v->string);
  free(v);
}

wh_json *wh_json_get(const wh_json *obj, const char *key) {
  if (!obj || obj->type != WH_JSON_OBJECT) return NULL;
  for (size_t i = 0; i < obj->len; i++)
    if (strcmp(obj->keys[i], key) == 0) return obj->items[i];
  return NULL;
}

wh_json *wh_json_path(const wh_json *v, const char *dotted) {
  char part[128];
  const char *s = dotted;
  while (v && *s) {
    const char *dot = strchr(s, '.');
    size_t l = dot ? (size_t)(dot - s) : strlen(s);
    if (l >= sizeof part) return NULL;
    memcpy(part, s, l);
    part[l] = 0;
    v = wh_json_get(v, part);
    s += l + (dot ? 1 : 0);
  }
  return (wh_json *)v;
}

const char *wh_json_str(const wh_json *v, const char *def) { return v && v->type == WH_JSON_STRING ? v->string : def; }
int64_t wh_json_int(const wh_json *v, int64_t def) { return v && v->type == WH_JSON_NUMBER ? v->integer : def; }
bool wh_json_bool(const wh_json *v, bool def) { return v && v->type == WH_JSON_BOOL ? v->boolean : def; }
size_t wh_json_count(const wh_json *v) {
  return v && (v->type == WH_JSON_ARRAY || v->type == WH_JSON_OBJECT) ? v->len : 0;
}
wh_json *wh_json_at(const wh_json *v, size_t i) { return i < wh_json_count(v) ? v->items[i] : NULL; }

void wh_json_escape(char *out, size_t cap, const char *s) {
  size_t o = 0;
  for (; *s && o + 7 < cap; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') { out[o++] = '\\'; out[o++] = (char)c; }
    else if (c == '\n') { out[o++] = '\\'; out[o++] = 'n'; }
    else if (c == '\t') { out[o++] = '\\'; out[o++] = 't'; }
    else if (c < 0x20) o += (size_t)snprintf(out + o, cap - o, "\\u%04x", c);
    else out[o++] = (char)c;
  }
  out[o] = 0;
}

static void dump_into(const wh_json *v, FILE *f) {
  switch (v->type) {
    case WH_JSON_NULL: fputs("null", f); break;
    case WH_JSON_BOOL: fputs(v->boolean ? "true" : "false", f); break;
    case WH_JSON_NUMBER:
      if ((double)v->integer == v->number) fprintf(f, "%lld", (long long)v->integer);
      else fprintf(f, "%.17g", v->number);
      break;
    case WH_JSON_STRING: {
      size_t cap = v->len * 6 + 8;
      char *e = malloc(cap);
      wh_json_escape(e, cap, v->string);
      fprintf(f, "\"%s\"", e);
      free(e);
      break;
    }
    case WH_JSON_ARRAY: case WH_JSON_OBJECT:
      fputc(v->type == WH_JSON_ARRAY ? '[' : '{', f);
      for (size_t i = 0; i < v->len; i++) {
        if (i) fputc(',', f);
        if (v->type == WH_JSON_OBJECT) {
          size_t cap = strlen(v->keys[i]) * 6 + 8;
          char *e = malloc(cap);
          wh_json_escape(e, cap, v->keys[i]);
          fprintf(f, "\"%s\":", e);
          free(e);
        }
        dump_into(v->items[i], f);
      }
      fputc(v->type == WH_JSON_ARRAY ? ']' : '}', f);
      break;
  }
}

char *wh_json_dump(const wh_json *v) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (v) dump_into(v, f); else fputs("null", f);
  fclose(f);
  return buf;
}
