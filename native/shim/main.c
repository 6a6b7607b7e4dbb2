/* Placeholder until the native runtime issue lands. */
#include <stdio.h>
int main(void) { fprintf(stderr, "wharf-shim: not implemented yet\n"); return 1; }
