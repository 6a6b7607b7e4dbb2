// End-to-end journeys in Debian's Chromium (never `playwright install`) against the real stack started by
// the bootstrap on a fresh data directory and a free port: `node scripts/wharf.mjs start --port <free> --data-dir <temp>`.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// One fresh data directory, results directory and free port per run, chosen by the main process; workers inherit
// them through the environment. The data directory is removed when the main process exits, after Playwright has
// stopped the web server. A free port (not a fixed one) so a run never talks to somebody else's server.
if (!process.env.WHARF_E2E_DATA_DIR) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "wharf-e2e-"));
  process.env.WHARF_E2E_DATA_DIR = dataDir;
  process.env.WHARF_E2E_RESULTS_DIR = mkdtempSync(path.join(os.tmpdir(), "wharf-e2e-results-"));
  process.env.WHARF_E2E_PORT = execFileSync(process.execPath, [
    "-e",
    "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { process.stdout.write(String(s.address().port)); s.close(); });",
  ]).toString();
  process.on("exit", () => {
    rmSync(dataDir, { recursive: true, force: true });
    // Keep the results only when a failure left traces or screenshots in them.
    const results = process.env.WHARF_E2E_RESULTS_DIR!;
    if (readdirSync(results).every((f) => f === ".last-run.json")) rmSync(results, { recursive: true, force: true });
  });
}
const PORT = Number(process.env.WHARF_E2E_PORT);

export default defineConfig({
  testDir: ".",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: "list",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: process.env.WHARF_E2E_RESULTS_DIR,
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1280, height: 800 },
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: `node scripts/wharf.mjs start --port ${PORT} --data-dir ${process.env.WHARF_E2E_DATA_DIR}`,
    cwd: repoRoot,
    url: `http://127.0.0.1:${PORT}/login`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  },
});
