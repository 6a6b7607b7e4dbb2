// Dependencies point one way: app → server → (Docker API) → engine → native (ARCHITECTURE.md, conventions §1).
// This test reads every import in app/, server/ and engine/ and fails when one crosses a boundary it must not.
import { describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");

/** For each layer: repo paths and packages it must never import. */
const FORBIDDEN: Record<string, { paths: string[]; packages: string[] }> = {
  app: { paths: ["engine/", "prisma/", "server/db/"], packages: ["@prisma/client", "better-sqlite3", "@prisma/adapter-better-sqlite3", "dockerode"] },
  server: { paths: ["engine/", "app/"], packages: [] },
  engine: { paths: ["server/", "app/", "prisma/"], packages: ["next", "next-auth", "@prisma/client", "react"] },
};

function sourceFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: string[];
    try {
      entries = readdirSync(d);
    } catch {
      return;
    }
    for (const e of entries) {
      if (e === "node_modules" || e === "generated" || e.startsWith(".")) continue;
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|tsx|mts|js|mjs)$/.test(e)) out.push(p);
    }
  };
  walk(join(root, dir));
  return out;
}

const IMPORT_RE = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

/** Every import specifier in a file, relative ones resolved to repo-relative paths ("engine/src/x"). */
function importsOf(root: string, file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs: string[] = [];
  for (const m of text.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2] ?? m[3] ?? m[4];
    if (!spec) continue;
    if (spec.startsWith(".")) specs.push(relative(root, resolve(dirname(file), spec)));
    else if (spec.startsWith("@/")) specs.push(spec.slice(2));
    else specs.push(spec);
  }
  return specs;
}

function violations(layer: string, root = ROOT): string[] {
  const rules = FORBIDDEN[layer]!;
  const found: string[] = [];
  for (const file of sourceFiles(root, layer)) {
    for (const spec of importsOf(root, file)) {
      const badPath = rules.paths.some((p) => spec === p.replace(/\/$/, "") || spec.startsWith(p));
      const badPkg = rules.packages.some((p) => spec === p || spec.startsWith(`${p}/`));
      if (badPath || badPkg) found.push(`${relative(root, file)} imports ${spec}`);
    }
  }
  return found;
}

describe("module boundaries", () => {
  for (const layer of Object.keys(FORBIDDEN)) {
    it(`${layer}/ imports nothing it must not`, () => {
      expect(violations(layer)).toEqual([]);
    });
  }

  it("catches forbidden imports (the check itself works)", () => {
    const root = mkdtempSync(join(tmpdir(), "wharf-boundary-"));
    try {
      mkdirSync(join(root, "app/x"), { recursive: true });
      writeFileSync(
        join(root, "app/x/page.tsx"),
        `import { PrismaClient } from "@prisma/client";\nimport main from "../../engine/src/main";\nimport { db } from "@/server/db/client";\nimport ok from "@/server/trpc/react";\n`,
      );
      expect(violations("app", root)).toEqual([
        "app/x/page.tsx imports @prisma/client",
        "app/x/page.tsx imports engine/src/main",
        "app/x/page.tsx imports server/db/client",
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
