/* Building the container's root filesystem inside its mount namespace (runtime-spec config.md#root,
 * #mounts, config-linux.md#default-devices, #masked-paths, #readonly-paths). Run by the container process.
 * rootfs_prepare: propagation, bind of rootfs onto itself, config mounts, devices and /dev symlinks.
 * rootfs_pivot: pivot_root and detach of the old root. rootfs_finish: masked/read-only paths, sysctl,
 * read-only root. Errors name the mount/path and the errno. */
#ifndef WR_ROOTFS_H
#define WR_ROOTFS_H
#include "spec.h"
int rootfs_prepare(const struct wr_spec *spec, bool in_userns);
int rootfs_pivot(const struct wr_spec *spec);
int rootfs_finish(const struct wr_spec *spec);
#endif
