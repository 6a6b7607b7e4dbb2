// `docker logs` from the shim's json-file log (native/shim/README.md "Log format"): stdout/stderr selection,
// since/until (unix seconds, fractional allowed), timestamps, tail, and follow (poll the file while the container
// runs). Each entry becomes a Docker stream frame (non-TTY) or raw bytes (TTY).
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from "node:fs";

export interface LogOptions {
  stdout: boolean;
  stderr: boolean;
  /** unix ns bounds, 0 = none */
  sinceNs: bigint;
  untilNs: bigint;
  timestamps: boolean;
  /** lines from the end, -1 = all */
  tail: number;
  follow: boolean;
  tty: boolean;
}

interface Entry {
  log: string;
  stream: "stdout" | "stderr";
  time: string;
}

/** RFC 3339 with up to 9 fractional digits → unix ns. */
export function timeToNs(t: string): bigint {
  const m = /^(.*?)(?:\.(\d+))?Z$/.exec(t);
  if (!m) return 0n;
  const ms = Date.parse(`${m[1]}Z`);
  return BigInt(ms) * 1_000_000n + BigInt((m[2] ?? "").padEnd(9, "0").slice(0, 9));
}

/** Docker's since/until query value ("1700000000", "1700000000.123") → unix ns. */
export function parseUnixParam(v: string | null): bigint {
  if (!v) return 0n;
  const [s, frac = ""] = v.split(".", 2) as [string, string?];
  if (!/^\d+$/.test(s)) return 0n;
  return BigInt(s) * 1_000_000_000n + BigInt((frac || "0").padEnd(9, "0").slice(0, 9));
}

export function frame(stream: "stdout" | "stderr", data: Buffer, tty: boolean): Buffer {
  if (tty) return data;
  const h = Buffer.alloc(8);
  h[0] = stream === "stdout" ? 1 : 2;
  h.writeUInt32BE(data.length, 4);
  return Buffer.concat([h, data]);
}

function render(e: Entry, o: LogOptions): Buffer | undefined {
  if ((e.stream === "stdout" && !o.stdout) || (e.stream === "stderr" && !o.stderr)) return undefined;
  const ns = timeToNs(e.time);
  if (o.sinceNs && ns < o.sinceNs) return undefined;
  if (o.untilNs && ns > o.untilNs) return undefined;
  const text = o.timestamps ? `${e.time} ${e.log}` : e.log;
  return frame(e.stream, Buffer.from(text, "utf8"), o.tty);
}

function parseLines(text: string): Entry[] {
  const out: Entry[] = [];
  for (const l of text.split("\n")) if (l) out.push(JSON.parse(l) as Entry);
  return out;
}

/**
 * Writes the log to `write`; with follow, keeps reading new entries until `stillRunning()` is false and the file
 * is drained, or `closed()` becomes true. Rotated logs (PATH.1) are read first.
 */
export async function streamLogs(path: string, o: LogOptions, write: (b: Buffer) => void, stillRunning: () => boolean, closed: () => boolean): Promise<void> {
  const initial = [
    ...(existsSync(`${path}.1`) ? parseLines(readFileSync(`${path}.1`, "utf8")) : []),
  ];
  let offset = 0;
  let carry = "";
  const readNew = (): Entry[] => {
    if (!existsSync(path)) return [];
    const size = statSync(path).size;
    if (size < offset) offset = 0; // rotated
    if (size === offset) return [];
    const fd = openSync(path, "r");
    try {
      const buf = Buffer.alloc(size - offset);
      readSync(fd, buf, 0, buf.length, offset);
      offset = size;
      const text = carry + buf.toString("utf8");
      const cut = text.lastIndexOf("\n");
      carry = text.slice(cut + 1);
      return parseLines(text.slice(0, cut + 1));
    } finally {
      closeSync(fd);
    }
  };
  let entries = [...initial, ...readNew()];
  if (o.tail >= 0) entries = o.tail === 0 ? [] : entries.slice(-o.tail);
  for (const e of entries) {
    const b = render(e, o);
    if (b) write(b);
  }
  if (!o.follow) return;
  for (;;) {
    if (closed()) return;
    const running = stillRunning();
    for (const e of readNew()) {
      const b = render(e, o);
      if (b) write(b);
    }
    if (!running) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}
