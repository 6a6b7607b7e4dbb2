import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { chainIds } from "./chain-id.js";

describe("chainIds", () => {
  it("follows the image-spec definition", () => {
    const a = "sha256:" + "1".repeat(64);
    const b = "sha256:" + "2".repeat(64);
    const c = "sha256:" + "3".repeat(64);
    const ab = "sha256:" + createHash("sha256").update(`${a} ${b}`).digest("hex");
    const abc = "sha256:" + createHash("sha256").update(`${ab} ${c}`).digest("hex");
    expect(chainIds([a, b, c])).toEqual([a, ab, abc]);
    expect(chainIds([])).toEqual([]);
  });
});
