// Reads a JSON request body; malformed JSON is Docker's 400 ("invalid character ..." in dockerd's wording is Go's;
// ours names the parser's complaint).
import type { IncomingMessage } from "node:http";
import { invalidArgument } from "../../errors.js";

export async function readJsonBody(req: IncomingMessage, limit = 10 * 1024 * 1024): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > limit) throw invalidArgument("request body too large");
    chunks.push(c as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (!text) return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw invalidArgument(`invalid JSON: ${(err as Error).message}`);
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw invalidArgument("invalid JSON: expected an object");
  return v as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}
