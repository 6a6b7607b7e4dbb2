// Issue 7 journey in Debian's Chromium against the real stack: a harness dockerd (real dockerd 20.10 on
// TCP + mutual TLS) added through the form beside the local engine; a container created from the form,
// found in the cross-environment list, its live logs, a web console answering `echo hello`, moving stats,
// stop and remove — all through the UI; bad input explained; then the dockerd stopped and shown down while
// the local engine stays up.
//
// This file starts its OWN stack (a free port, fresh data dir) so its first-run setup never disturbs
// first-run.spec.ts, which needs a fresh install; the web build made for the main server is reused.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startOwnStack, type OwnStack } from "./lib/own-stack.js";
import { expect, test, type Page } from "@playwright/test";
import { freePort, pushFixtures, startDockerd, startRegistry, type Dockerd, type Registry } from "../tests/harness/index.js";
import { expectConsoleAnswers, expectLiveStats, stopAndRemove } from "./lib/container-page.js";

test.describe.configure({ mode: "serial" });

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const screenshots = path.join(repoRoot, "docs/screenshots");
let BASE = "";
const ADMIN = "admin";
const PASSWORD = "correct-horse-battery-staple";
const shoot = process.env.WHARF_SCREENSHOTS === "1";

let registry: Registry;
let busyboxRef: string;
let dockerd: Dockerd;
let stack: OwnStack;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  registry = await startRegistry();
  busyboxRef = (await pushFixtures(registry.host)).busybox.reference;
  dockerd = await startDockerd({ tcpTls: true });
  stack = await startOwnStack("wharf-e2e-env-");
  BASE = stack.baseUrl;
});

test.afterAll(async () => {
  test.setTimeout(60_000);
  await stack?.stop();
  await dockerd?.stop();
  await registry?.stop();
});

async function setUpAndSignIn(page: Page) {
  await page.goto("/setup");
  await page.getByLabel("Username").fill(ADMIN);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Confirm password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page).toHaveURL(/\/login\?created=1$/);
  await signIn(page);
}

async function signIn(page: Page) {
  await page.goto("/login");
  await page.getByLabel("Username").fill(ADMIN);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/$/);
}

test("add a TLS dockerd, create a container, logs, console, stats, stop and remove, then the dockerd goes down", async ({ browser }) => {
  test.setTimeout(150_000);
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  const tcp = dockerd.tcp!;
  const ca = readFileSync(tcp.ca, "utf8");
  await setUpAndSignIn(page);

  // --- add the environment through the form: bad input first, nothing is saved ---------------------------
  await page.goto("/environments/new");
  await page.getByLabel("Name", { exact: true }).fill("harness");
  await page.getByLabel("Docker host URL").fill(`tcp://${tcp.host}:${tcp.port}`);
  await page.getByLabel("CA certificate", { exact: true }).fill(ca);
  await page.getByLabel("Client certificate", { exact: true }).fill("not a certificate");
  await page.getByLabel("Client key file").setInputFiles(tcp.key);
  await page.getByRole("button", { name: "Add environment" }).click();
  await expect(page.getByTestId("tlsCert-error")).toHaveText("Client certificate is not a PEM certificate");

  // The right certificate (uploaded as a file), but a port where nothing listens: a clear top message.
  await page.getByLabel("Client certificate file").setInputFiles(tcp.cert);
  const deadPort = await freePort();
  await page.getByLabel("Docker host URL").fill(`tcp://127.0.0.1:${deadPort}`);
  await page.getByRole("button", { name: "Add environment" }).click();
  await expect(page.getByTestId("form-error")).toHaveText(
    `Could not reach "harness" at tcp://127.0.0.1:${deadPort}: connection refused. Nothing was saved.`,
  );

  await page.getByLabel("Docker host URL").fill(`tcp://${tcp.host}:${tcp.port}`);
  await page.getByRole("button", { name: "Add environment" }).click();
  await expect(page).toHaveURL(/\/environments$/);
  const harness = page.getByTestId("environment-harness");
  const local = page.getByTestId("environment-local");
  await expect(harness.getByTestId("environment-status")).toHaveText("Up");
  await expect(harness.getByTestId("environment-engine")).toContainText("20.10");
  await expect(local.getByTestId("environment-status")).toHaveText("Up", { timeout: 20_000 });
  if (shoot) await page.screenshot({ path: path.join(screenshots, "environments.png") });

  // Editing keeps the stored (encrypted) certificates when their fields are left empty.
  await harness.getByRole("link", { name: "Edit" }).click();
  await expect(page.getByText("Stored (encrypted). Leave empty to keep it.").first()).toBeVisible();
  await expect(page.getByLabel("CA certificate", { exact: true })).toHaveValue("");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(/\/environments$/);
  await expect(harness.getByTestId("environment-status")).toHaveText("Up");

  // The dashboard lists both with their status.
  await page.goto("/");
  await expect(page.getByTestId("environment-harness").getByTestId("environment-status")).toHaveText("Up");
  await expect(page.getByTestId("environment-local").getByTestId("environment-status")).toHaveText("Up");

  // --- create a container from the form ---------------------------------------------------------------------
  await page.goto("/containers/new");
  await page.getByLabel("Environment", { exact: true }).selectOption({ label: "harness (up)" });
  await page.getByLabel("Image", { exact: true }).fill("Bad Image!");
  await page.getByRole("button", { name: "Create container" }).click();
  await expect(page.getByTestId("image-error")).toContainText('"Bad Image!" is not a valid image reference');

  const hostPort = await freePort();
  await page.getByLabel("Image", { exact: true }).fill(busyboxRef);
  await page.getByLabel("Name", { exact: true }).fill("e2e-blocker");
  await page.getByLabel(/^Published ports/).fill(`${hostPort}:80`);
  await page.getByLabel("Command").fill("sleep 300");
  await page.getByRole("button", { name: "Create container" }).click();
  await expect(page.getByTestId("container-name")).toHaveText("e2e-blocker");

  // A port conflict is explained next to the ports field, and the failed container is not left behind.
  await page.goto("/containers/new");
  await page.getByLabel("Environment", { exact: true }).selectOption({ label: "harness (up)" });
  await page.getByLabel("Image", { exact: true }).fill(busyboxRef);
  await page.getByLabel("Name", { exact: true }).fill("e2e-clash");
  await page.getByLabel(/^Published ports/).fill(`${hostPort}:80`);
  await page.getByLabel("Command").fill("sleep 300");
  await page.getByRole("button", { name: "Create container" }).click();
  await expect(page.getByTestId("ports-error")).toContainText(/already allocated|address already in use/);

  await page.getByLabel("Name", { exact: true }).fill("e2e-web");
  await page.getByLabel(/^Published ports/).fill("");
  await page.getByLabel("Command").fill(`sh -c 'i=0; while true; do echo tick-$i; echo warn-$i >&2; i=$((i+1)); head -c 200000 /dev/zero > /tmp/load; sleep 0.3; done'`);
  await page.getByLabel(/^Environment variables/).fill("GREETING=hello");
  await page.getByRole("button", { name: "Create container" }).click();
  await expect(page.getByTestId("container-name")).toHaveText("e2e-web");
  const containerUrl = page.url();

  // The dashboard counts the harness's containers (refreshed by the poller).
  await page.goto("/");
  await expect(page.getByTestId("environment-harness").getByTestId("environment-counts")).toHaveText("2 (2 running, 0 stopped)", { timeout: 15_000 });

  // --- the cross-environment list --------------------------------------------------------------------------
  await page.goto("/containers");
  const row = page.getByTestId("container-row-e2e-web");
  await expect(row).toContainText("harness");
  await expect(row.getByTestId("container-state")).toHaveText("running");
  await expect(page.getByTestId("container-row-e2e-clash")).toHaveCount(0);
  await page.getByLabel("Search").fill("e2e-");
  await expect(page.getByTestId("container-total")).toContainText("2 containers");
  if (shoot) await page.screenshot({ path: path.join(screenshots, "containers.png") });

  // --- container page: inspect, live logs ----------------------------------------------------------------
  await row.getByRole("link", { name: "e2e-web" }).click();
  await expect(page.getByTestId("inspect-summary")).toContainText("GREETING=hello");
  await page.getByRole("tab", { name: "Logs" }).click();
  const logView = page.getByTestId("log-view");
  await expect(logView.locator('[data-stream="stdout"]').filter({ hasText: /tick-\d+/ }).first()).toBeVisible();
  await expect(logView.locator('[data-stream="stderr"]').filter({ hasText: /warn-\d+/ }).first()).toBeVisible();
  const before = await logView.locator('[data-stream="stdout"]').count();
  await expect.poll(() => logView.locator('[data-stream="stdout"]').count()).toBeGreaterThan(before);
  await page.getByLabel("Filter logs").fill("warn-");
  await expect(logView.locator('[data-stream="stdout"]')).toHaveCount(0);
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download" }).click();
  expect((await download).suggestedFilename()).toBe("e2e-web-logs.txt");
  await page.getByLabel("Filter logs").fill("");
  if (shoot) await page.screenshot({ path: path.join(screenshots, "container-logs.png") });

  // --- web console -------------------------------------------------------------------------------------------
  await expectConsoleAnswers(page);
  if (shoot) await page.screenshot({ path: path.join(screenshots, "console.png") });

  // --- stats ----------------------------------------------------------------------------------------------------
  await expectLiveStats(page);

  // --- stop and remove, confirmed ---------------------------------------------------------------------------
  await stopAndRemove(page, "e2e-web");
  await page.goto(containerUrl);
  await expect(page.getByTestId("form-error")).toContainText("No such container");

  // --- bulk remove from the list (the blocker) ---------------------------------------------------------------
  await page.goto("/containers");
  await page.getByLabel("Select e2e-blocker").check();
  await page.getByTestId("bulk-bar").getByRole("button", { name: "remove" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove" }).click();
  await expect(page.getByTestId("container-row-e2e-blocker")).toHaveCount(0);

  // --- every change is in the audit log, with who, what, where and the result ---------------------------------
  const audit = await page.request.get(`/api/trpc/audit.list?input=${encodeURIComponent(JSON.stringify({ json: { limit: 200 } }))}`);
  const entries: Array<{ action: string; result: string; username: string | null; environmentId: string | null; detail: string | null }> = (
    await audit.json()
  ).result.data.json;
  const seen = new Set(entries.map((e) => `${e.action} ${e.result} ${e.username}`));
  for (const line of [
    "environment.add failure admin",
    "environment.add success admin",
    "container.create failure admin",
    "container.create success admin",
    "container.console success admin",
    "container.stop success admin",
    "container.remove success admin",
  ]) {
    expect(seen, line).toContain(line);
  }
  expect(entries.find((e) => e.action === "container.create" && e.result === "failure" && /allocated|in use/.test(e.detail ?? ""))).toBeTruthy();
  expect(entries.filter((e) => e.action.startsWith("container.")).every((e) => e.environmentId)).toBe(true);

  // --- an expired session is explained ------------------------------------------------------------------------
  await page.goto("/containers/new");
  await expect(page.getByLabel("Environment", { exact: true })).toHaveValue(/.+/);
  await page.context().clearCookies();
  await page.getByLabel("Image", { exact: true }).fill(busyboxRef);
  await page.getByRole("button", { name: "Create container" }).click();
  await expect(page.getByTestId("form-error")).toContainText("Your session has expired. Sign in again to continue.");
  await signIn(page);

  // --- the dockerd stops: it is shown down within the refresh interval, the local engine stays up ----------
  await dockerd.stop();
  await page.goto("/environments");
  await expect(page.getByTestId("environment-harness").getByTestId("environment-status")).toHaveText("Down", { timeout: 12_000 });
  await expect(page.getByTestId("environment-harness").getByTestId("environment-error")).not.toBeEmpty();
  await expect(page.getByTestId("environment-local").getByTestId("environment-status")).toHaveText("Up");
  await page.goto("/containers");
  await expect(page.getByTestId("environment-unavailable").filter({ hasText: "harness" })).toBeVisible();

  // Removing the environment (confirmed) forgets it; the local engine cannot be removed.
  await page.goto("/environments");
  await expect(page.getByTestId("environment-local").getByRole("button", { name: "Remove" })).toHaveCount(0);
  await page.getByTestId("environment-harness").getByRole("button", { name: "Remove" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove" }).click();
  await expect(page.getByTestId("environment-harness")).toHaveCount(0);
  await expect(page.getByTestId("environment-local")).toBeVisible();
  await context.close();
});
