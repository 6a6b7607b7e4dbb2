/* list [--format table|json] [-q]: the containers under --root. */
#include "container.h"
#include "runtime.h"
#include "wh-error.h"
#include "wh-json.h"
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

int cmd_list(int argc, char **argv) {
  static const struct option opts[] = {{"format", required_argument, 0, 'f'}, {"quiet", no_argument, 0, 'q'}, {0, 0, 0, 0}};
  bool json = false, quiet = false;
  int c;
  while ((c = getopt_long(argc, argv, "+f:q", opts, NULL)) != -1) {
    if (c == 'f') json = strcmp(optarg, "json") == 0;
    else if (c == 'q') quiet = true;
    else { wh_error(0, "list: bad option"); return wh_fail(); }
  }
  DIR *d = opendir(wr_globals.root);
  if (json) putchar('[');
  else if (!quiet) printf("%-24s %-8s %-10s %-40s %s\n", "ID", "PID", "STATUS", "BUNDLE", "CREATED");
  int n = 0;
  for (struct dirent *e; d && (e = readdir(d));) {
    struct wr_state st;
    if (e->d_name[0] == '.' || state_load(e->d_name, &st) < 0) continue;
    const char *status = state_status(&st);
    int pid = strcmp(status, "stopped") ? st.pid : 0;
    char bundle[8200];
    wh_json_escape(bundle, sizeof bundle, st.bundle);
    if (json) printf("%s{\"id\":\"%s\",\"pid\":%d,\"status\":\"%s\",\"bundle\":\"%s\",\"created\":\"%s\"}", n ? "," : "", st.id, pid, status, bundle, st.created);
    else if (quiet) puts(st.id);
    else printf("%-24s %-8d %-10s %-40s %s\n", st.id, pid, status, st.bundle, st.created);
    n++;
  }
  if (json) puts("]");
  if (d) closedir(d);
  return 0;
}
