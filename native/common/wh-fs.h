/* Small filesystem helpers. All return 0 or a negative errno after wh_error() names the path. */
#ifndef WH_FS_H
#define WH_FS_H
#include <stddef.h>
#include <sys/types.h>

int wh_mkdir_p(const char *path, mode_t mode);
/* Reads a whole file into a malloc'd NUL-terminated buffer; *len gets its size (may be NULL). */
int wh_read_file(const char *path, char **out, size_t *len);
int wh_write_file(const char *path, const char *data, size_t len, int flags, mode_t mode);
/* Writes a short string into an existing file such as a cgroup or /proc knob (O_WRONLY, no create). */
int wh_write_knob(const char *path, const char *value);
/* Reads a file's first line (trailing newline removed) into buf. */
int wh_read_line(const char *path, char *buf, size_t cap);
#endif
