// Volume names. The local driver turns a name into a directory under <data-root>/volumes, and the engine runs as
// root, so a name is checked against Docker's restricted pattern (moby daemon/names: [a-zA-Z0-9][a-zA-Z0-9_.-]+)
// before it reaches the filesystem: no slashes, no "..", no leading dot.
import { randomBytes } from "node:crypto";
import { invalidArgument } from "../errors.js";

export const RESTRICTED_NAME_CHARS = "[a-zA-Z0-9][a-zA-Z0-9_.-]";
const RESTRICTED_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** Throws Docker's InvalidParameter texts (moby volume/local/local.go validateName) prefixed "create <name>: ". */
export function validateVolumeName(name: string): void {
  if (name.length === 1) throw invalidArgument(`create ${name}: volume name is too short, names should be at least two alphanumeric characters`, name);
  if (!RESTRICTED_NAME.test(name)) {
    throw invalidArgument(`create ${name}: ${JSON.stringify(name)} includes invalid characters for a local volume name, only "${RESTRICTED_NAME_CHARS}" are allowed. If you intended to pass a host directory, use absolute path`, name);
  }
}

/** True when `name` could be a volume on disk (lookups never touch the filesystem with anything else). */
export function isValidVolumeName(name: string): boolean {
  return RESTRICTED_NAME.test(name);
}

/** An anonymous volume's name: 64 hex characters like Docker's stringid.GenerateRandomID. */
export function anonymousVolumeName(): string {
  return randomBytes(32).toString("hex");
}
