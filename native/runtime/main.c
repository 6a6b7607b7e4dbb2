/* Placeholder until the native runtime issue lands: prints its version. */
#include <stdio.h>
#include <string.h>
int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--version") == 0) { puts("wharf-runtime version 0.0.0"); return 0; }
  fprintf(stderr, "wharf-runtime: not implemented yet\n");
  return 1;
}
