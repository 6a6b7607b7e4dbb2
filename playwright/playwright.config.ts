// End-to-end journeys in Debian's Chromium (never `playwright install`) against the real stack started by
// the bootstrap on a fresh data directory: `node scripts/wharf.mjs start --port 3100 --data-dir <temp>`.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PORT = 3100;

// One fresh data directory per run, made by the main process; workers inherit it through the environment.
// It is removed when the main process exits, after Playwright has stopped the web server.
if (!process.env.WHARF_E2E_DATA_DIR) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "wharf-e2e-"));
  process.env.WHARF_E2E_DATA_DIR = dataDir;
  process.on("exit", () => rmSync(dataDir, { recursive: true, force: true }));
}

export default defineConfig({
  testDir: ".",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: "list",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: path.join(os.tmpdir(), "wharf-e2e-results"),
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
