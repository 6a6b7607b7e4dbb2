/* Foreground waiting for `run` and `exec`: forwards terminating signals to the child and converts its wait
 * status into the runtime's exit status (exit code, or 128 + signal number as shells do). */
#ifndef WR_WAIT_CHILD_H
#define WR_WAIT_CHILD_H
#include <sys/types.h>
int wait_child_forwarding(pid_t pid);
#endif
