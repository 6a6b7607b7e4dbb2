// Password hashing: argon2id (RFC 9106) with @node-rs/argon2's defaults (m=19 MiB, t=2, p=1, the OWASP
// minimum). Hashes are PHC strings carrying their own parameters, so they can be raised later.
import { hash, verify } from "@node-rs/argon2";

export const MIN_PASSWORD_LENGTH = 12;

export async function hashPassword(password: string): Promise<string> {
  // @node-rs/argon2 defaults to Argon2id (its Algorithm enum is an ambient const enum, unusable under
  // isolatedModules); password.test.ts checks the "$argon2id$" prefix of the PHC string.
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Spends the same time as a real verification; used for unknown usernames so timing reveals nothing. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword("wharf-dummy-password-for-timing");
  await verifyPassword(await dummyHash, password);
  return false;
}
