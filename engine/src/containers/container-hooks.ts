// Extension points of the container lifecycle. Subsystems that add to a container (networks, volumes, health
// checks, …) implement some of these instead of growing container-service.ts; the service calls every hook in
// registration order. A hook that throws in create/prepare/created refuses the operation with its EngineError.
import type { ContainerRecord } from "./container-record.js";

/** One OCI runtime-spec mount (config.md "Mounts"). */
export interface OciMount {
  destination: string;
  type?: string;
  source?: string;
  options?: string[];
}

/** What a start is assembling before config.json is written; hooks add to it. */
export interface StartContext {
  rec: ContainerRecord;
  /** The container dir (bundle): <data-root>/containers/<id>. */
  dir: string;
  /** The mounted overlay rootfs. */
  rootfs: string;
  /** Mounts appended after the default ones (and after /etc/hosts, /etc/hostname, /etc/resolv.conf). */
  mounts: OciMount[];
  /** Lines appended to /etc/hosts after the localhost block. */
  hosts: string[];
  /** /etc/resolv.conf content; defaults to the host's. */
  resolvConf: string;
  hostname: string;
  /** A network namespace to join instead of a new one (e.g. `--network container:x`). */
  netnsPath?: string;
}

export interface RemoveOptions {
  force: boolean;
  /** `docker rm -v`: remove anonymous volumes too. */
  volumes?: boolean;
}

export interface ContainerHooks {
  readonly name: string;
  /** After the create body is merged, before the record is saved; may refuse (throw) or add to the record. */
  create?(rec: ContainerRecord, body: Record<string, unknown>): void | Promise<void>;
  /** Before config.json is written: add mounts, hosts lines, resolv.conf, a netns to join. */
  prepare?(ctx: StartContext): void | Promise<void>;
  /** The runtime created the container (init pid known, not started yet): e.g. move a veth into its netns. */
  created?(rec: ContainerRecord, pid: number): void | Promise<void>;
  /** The container has started (after START succeeded). */
  started?(rec: ContainerRecord): void | Promise<void>;
  /** The run ended (exit recorded) or the start failed after prepare: release what prepare/created took. */
  stopped?(rec: ContainerRecord): void | Promise<void>;
  /** The record is being deleted (after stopped). */
  removed?(rec: ContainerRecord, opts: RemoveOptions): void | Promise<void>;
  /** Live restore found this container still running under its shim. */
  restored?(rec: ContainerRecord): void | Promise<void>;
}
