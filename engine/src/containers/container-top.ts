// docker top: `ps <ps_args>` on the host (default -ef, as dockerd), keeping the header and the rows whose PID is
// in the container's cgroup (cgroup.procs of the pids controller on v1, the unified dir on v2).
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { promisify } from "node:util";
import { conflict, EngineError, invalidArgument } from "../errors.js";
import type { ContainerRecord } from "./container-record.js";

const run = promisify(execFile);

export function containerPids(id: string): number[] {
  for (const dir of [`/sys/fs/cgroup/pids/wharf/${id}`, `/sys/fs/cgroup/wharf/${id}`]) {
    const f = `${dir}/cgroup.procs`;
    if (existsSync(f)) return readFileSync(f, "utf8").split("\n").filter(Boolean).map(Number);
  }
  return [];
}

export async function topContainer(rec: ContainerRecord, psArgs: string): Promise<{ Titles: string[]; Processes: string[][] }> {
  if (rec.state.status === "restarting") throw conflict(`Container ${rec.id} is restarting, wait until the container is running`, rec.id);
  if (rec.state.status !== "running" && rec.state.status !== "paused") throw conflict(`Container ${rec.id} is not running`, rec.id);
  const args = (psArgs || "-ef").split(/\s+/).filter(Boolean);
  let out: string;
  try {
    out = (await run("ps", args)).stdout;
  } catch (err) {
    throw new EngineError("Internal", `Error running ps: ${(err as { stderr?: string }).stderr?.trim() || String(err)}`);
  }
  const lines = out.split("\n").filter((l) => l.trim() !== "");
  const titles = lines[0]!.trim().split(/\s+/);
  const pidCol = titles.indexOf("PID");
  if (pidCol < 0) throw invalidArgument(`Couldn't find PID field in ps output`);
  const pids = new Set(containerPids(rec.id));
  const processes: string[][] = [];
  for (const l of lines.slice(1)) {
    const fields = l.trim().split(/\s+/);
    if (!pids.has(Number(fields[pidCol]))) continue;
    // The last column (CMD/COMMAND) keeps its spaces.
    processes.push([...fields.slice(0, titles.length - 1), fields.slice(titles.length - 1).join(" ")]);
  }
  return { Titles: titles, Processes: processes };
}
