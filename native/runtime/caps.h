/* Capability names (capabilities(7)) and applying a process's five sets. */
#ifndef WR_CAPS_H
#define WR_CAPS_H
#include "spec.h"
/* Returns the capability number for "CAP_CHOWN"-style names, or -1. */
int caps_from_name(const char *name);
int caps_last_cap(void);
/* The name of capability c ("CAP_CHOWN"), or NULL when unknown to this build. */
const char *caps_name(int c);
/* Drops from the bounding set every capability not in caps[CAPSET_BOUNDING]. Needs CAP_SETPCAP. */
int caps_drop_bounding(const struct wr_process *p);
/* Sets effective/permitted/inheritable with capset(2) and raises the ambient set. Call after setuid. */
int caps_apply(const struct wr_process *p);
#endif
