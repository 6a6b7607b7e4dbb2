// The OCI runtimes a container may run under (dockerd's --runtime / HostConfig.Runtime): a name → binary table from
// the daemon config (daemon-config.ts runtimeTable), one state root per runtime so runc's and crun's state never
// mixes with wharf-runtime's, and the create hook that validates and records the choice. Every runtime command of
// a container (shim, kill/pause/resume/delete, exec, health probes, cp freeze) goes through ContainerService.runtimeFor.
import { join } from "node:path";
import { invalidArgument } from "../errors.js";
import type { ContainerHooks } from "./container-hooks.js";
import type { ContainerRecord } from "./container-record.js";

export interface RuntimeChoice {
  name: string;
  /** The runtime binary (runc CLI). */
  path: string;
  /** Its --root: the runtime's state dir for this daemon. */
  root: string;
}

export class Runtimes {
  constructor(
    private readonly table: Record<string, string>,
    readonly defaultName: string,
    private readonly execRoot: string,
  ) {}

  /** `docker info` Runtimes: name → { path }. */
  info(): Record<string, { path: string }> {
    return Object.fromEntries(Object.entries(this.table).map(([n, p]) => [n, { path: p }]));
  }

  /** A runtime by name; dockerd's 400 for an unknown one. */
  get(name: string): RuntimeChoice {
    const path = this.table[name];
    if (!path) throw invalidArgument(`Unknown runtime specified ${name}`);
    // wharf keeps the pre-registry root (<exec-root>/runtime) so containers left running by an older wharfd restore.
    return { name, path, root: name === "wharf" ? join(this.execRoot, "runtime") : join(this.execRoot, "runtimes", name) };
  }

  /** The container's runtime: the one recorded at create; records from before the registry ran under wharf. */
  of(rec: ContainerRecord): RuntimeChoice {
    return this.get((rec.hostConfig.Runtime as string | undefined) || "wharf");
  }

  /** Create: an empty HostConfig.Runtime means the default; the chosen name is recorded (inspect shows it). */
  hooks(): ContainerHooks {
    return {
      name: "runtimes",
      create: (rec) => {
        const name = (rec.hostConfig.Runtime as string | undefined) || this.defaultName;
        this.get(name);
        rec.hostConfig.Runtime = name;
      },
    };
  }
}
