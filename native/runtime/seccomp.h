/* Seccomp filters from linux.seccomp (config-linux.md#seccomp) built with libseccomp. The filter is compiled
 * by the runtime before the container process exists (so bad names fail `create` early) and loaded by the
 * container process right before exec. Without libseccomp at build time a seccomp config is an error. */
#ifndef WR_SECCOMP_H
#define WR_SECCOMP_H
#include "wh-json.h"
struct wr_seccomp;
/* *out = NULL when config is NULL. */
int seccomp_build(const wh_json *config, struct wr_seccomp **out);
int seccomp_apply(struct wr_seccomp *filter);
#endif
