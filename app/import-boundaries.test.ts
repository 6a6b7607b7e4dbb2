// Dependencies point one way: app → server → (Docker API) → engine. app/ never imports the database,
// Prisma, SQLite or engine code; server/ never imports engine/ internals (it speaks the Docker API).
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (entry === "node_modules" || entry === "generated") continue;
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(entry)) out.push(full);
  }
  return out;
}

/** Every module specifier imported (statically, dynamically or re-exported) by a file, resolved for relative ones. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|import\s+["']([^"']+)["']/g)].map(
    (m) => (m[1] ?? m[2] ?? m[3]) as string,
  );
  return specifiers.map((s) => {
    if (s.startsWith(".")) return path.relative(root, path.resolve(path.dirname(file), s));
    if (s.startsWith("@/")) return s.slice(2);
    return s;
  });
}

function violations(dir: string, forbidden: RegExp[]): string[] {
  return sourceFiles(path.join(root, dir)).flatMap((file) =>
    importsOf(file)
      .filter((spec) => forbidden.some((re) => re.test(spec)))
      .map((spec) => `${path.relative(root, file)} imports ${spec}`),
  );
}

describe("import boundaries", () => {
  it("app/ imports no database, Prisma, SQLite or engine module", () => {
    expect(
      violations("app", [/^@prisma\//, /^prisma(\/|$)/, /^better-sqlite3$/, /^server\/db(\/|$)/, /^engine(\/|$)/, /^dockerode$/]),
    ).toEqual([]);
  });

  it("server/ reaches engines only through the Docker API, never engine/ code", () => {
    expect(violations("server", [/^engine(\/|$)/])).toEqual([]);
  });

  it("the checker sees imports (self-test on this repository)", () => {
    expect(importsOf(path.join(root, "app/api/trpc/[trpc]/route.ts"))).toContain("server/trpc/root");
  });
});
