// Detach keys of `docker attach` / `docker run -it` (moby pkg/term ToBytes and escapeProxy): "ctrl-p,ctrl-q" by
// default; a comma-separated list of single characters or ctrl-<key>. As in dockerd they apply only to a TTY
// container's stdin, and only keys that arrive one per read count (a paste containing the bytes does not detach);
// a broken partial sequence is forwarded as typed.
import { invalidArgument } from "../errors.js";

export const DEFAULT_DETACH_KEYS = Buffer.from([16, 17]); // ctrl-p, ctrl-q

const CTRL_KEYS: Record<string, number> = { "ctrl-@": 0, "ctrl-[": 27, "ctrl-\\": 28, "ctrl-]": 29, "ctrl-^": 30, "ctrl-_": 31 };
for (let c = 0; c < 26; c++) CTRL_KEYS[`ctrl-${String.fromCharCode(97 + c)}`] = c + 1;

/** The detachKeys query value → bytes; dockerd's 400 "Invalid detach keys (x) provided" otherwise. */
export function parseDetachKeys(spec: string | null): Buffer {
  if (!spec) return DEFAULT_DETACH_KEYS;
  const codes: number[] = [];
  for (const key of spec.split(",")) {
    if (key.length === 1) codes.push(key.charCodeAt(0));
    else if (CTRL_KEYS[key.toLowerCase()] !== undefined) codes.push(CTRL_KEYS[key.toLowerCase()]!);
    else throw invalidArgument(`Invalid detach keys (${spec}) provided`);
  }
  return Buffer.from(codes);
}

/** Watches stdin chunks for the detach sequence; what is not part of it is returned for forwarding. */
export class DetachScanner {
  private pos = 0;

  constructor(private readonly keys: Buffer) {}

  feed(chunk: Buffer): { forward: Buffer; detach: boolean } {
    const held = this.keys.subarray(0, this.pos);
    if (chunk.length !== 1 || chunk[0] !== this.keys[this.pos]) {
      this.pos = 0;
      return { forward: held.length ? Buffer.concat([held, chunk]) : chunk, detach: false };
    }
    if (this.pos === this.keys.length - 1) {
      this.pos = 0;
      return { forward: Buffer.alloc(0), detach: true };
    }
    this.pos++;
    return { forward: Buffer.alloc(0), detach: false };
  }
}
