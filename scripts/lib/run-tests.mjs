// `npm test`: installs what the suite needs, then runs every tier and ends with one summary line
// ("summary: N passed, N failed"). Tiers: typecheck, unit (vitest), integration (vitest, root, real
// engine/runtime/registry/dockerd), e2e (Playwright in Debian's Chromium). `npm test -- unit integration` runs a subset.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, isRoot, log, runGroup } from "./proc.mjs";
import { TEST_PACKAGES, buildNative, ensureNodeModules, ensurePackages, ensurePrismaClient, ensureWebBuild } from "./setup.mjs";

export const STAGES = ["typecheck", "unit", "integration", "e2e"];
/** Upper bounds per tier; a tier past its bound is killed and counted as failed. A normal run takes well under half of
 * each (README); the bounds keep a hung test from eating CI's 90-minute limit. */
const STAGE_TIMEOUT_MIN = { typecheck: 3, unit: 5, integration: 25, e2e: 10 };
const bin = (name) => join(ROOT, "node_modules/.bin", name);

async function vitestStage(project, outDir) {
  const out = join(outDir, `${project}.json`);
  const code = await runGroup(bin("vitest"), ["run", "--project", project, "--reporter=default", "--reporter=json", `--outputFile.json=${out}`], { timeoutMs: STAGE_TIMEOUT_MIN[project] * 60_000, env: { FORCE_COLOR: "0" } });
  if (!existsSync(out)) return { passed: 0, failed: 1, skipped: 0, note: code === 124 ? "timed out" : `vitest exited with ${code} and wrote no report` };
  const r = JSON.parse(readFileSync(out, "utf8"));
  // A file that fails to load counts as a failure even when it ran no test.
  const brokenFiles = (r.testResults ?? []).filter((f) => f.status === "failed" && (f.assertionResults ?? []).length === 0).length;
  const failed = r.numFailedTests + brokenFiles;
  return { passed: r.numPassedTests, failed: failed === 0 && code !== 0 ? 1 : failed, skipped: r.numPendingTests + r.numTodoTests, note: code !== 0 && failed === 0 ? `vitest exited with ${code}` : "" };
}

async function playwrightStage(outDir) {
  const out = join(outDir, "e2e.json");
  const code = await runGroup(bin("playwright"), ["test", "-c", "playwright/playwright.config.ts", "--reporter=list,json"], { timeoutMs: STAGE_TIMEOUT_MIN.e2e * 60_000, env: { PLAYWRIGHT_JSON_OUTPUT_NAME: out } });
  if (!existsSync(out)) return { passed: 0, failed: 1, skipped: 0, note: `playwright exited with ${code} and wrote no report` };
  const s = JSON.parse(readFileSync(out, "utf8")).stats ?? {};
  const failed = (s.unexpected ?? 0) + (s.flaky ?? 0);
  return { passed: s.expected ?? 0, failed: failed === 0 && code !== 0 ? 1 : failed, skipped: s.skipped ?? 0, note: (s.flaky ?? 0) ? `${s.flaky} flaky` : "" };
}

async function typecheckStage() {
  const code = await runGroup(bin("tsc"), ["--noEmit", "-p", "tsconfig.json"], { timeoutMs: STAGE_TIMEOUT_MIN.typecheck * 60_000 });
  return code === 0 ? { passed: 1, failed: 0, skipped: 0, note: "" } : { passed: 0, failed: 1, skipped: 0, note: "type errors above" };
}

export async function runTests(argv) {
  const selected = argv.length ? argv : STAGES;
  const unknown = selected.filter((s) => !STAGES.includes(s));
  if (unknown.length) throw new Error(`unknown test stage(s) ${unknown.join(", ")}; stages: ${STAGES.join(", ")}`);
  if (!isRoot() && selected.some((s) => s === "integration" || s === "e2e")) {
    throw new Error("the integration and e2e tiers drive real containers and need root (run as root, as CI does)");
  }
  const started = Date.now();
  ensurePackages(TEST_PACKAGES);
  ensureNodeModules();
  buildNative();
  ensurePrismaClient();
  if (selected.includes("e2e")) ensureWebBuild();
  log(`set-up done in ${Math.round((Date.now() - started) / 1000)} s`);

  const outDir = mkdtempSync(join(tmpdir(), "wharf-test-report-"));
  const results = [];
  for (const stage of selected) {
    const t0 = Date.now();
    log(`── ${stage} ──`);
    const r =
      stage === "typecheck" ? await typecheckStage() : stage === "e2e" ? await playwrightStage(outDir) : await vitestStage(stage, outDir);
    results.push({ stage, ...r, seconds: Math.round((Date.now() - t0) / 1000) });
  }
  rmSync(outDir, { recursive: true, force: true });

  const total = results.reduce((a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed, skipped: a.skipped + r.skipped }), { passed: 0, failed: 0, skipped: 0 });
  process.stdout.write("\n");
  for (const r of results) {
    log(`${r.failed ? "FAIL" : "ok  "} ${r.stage.padEnd(12)} ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped (${r.seconds} s)${r.note ? ` — ${r.note}` : ""}`);
  }
  log(`total time ${Math.round((Date.now() - started) / 1000)} s`);
  process.stdout.write(`summary: ${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}\n`);
  return total.failed === 0 ? 0 : 1;
}
