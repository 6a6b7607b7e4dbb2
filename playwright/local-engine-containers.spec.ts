// Issue 7's container journey on the LOCAL engine (wharfd), all through the UI: the harness busybox image
// pulled by the create form from the harness registry on 127.0.0.1 (wharfd treats loopback registries as
// insecure), a container created from the form, found in the cross-environment list, its live logs, a web
// console answering `echo hello`, a moving stats chart, stop and remove. Also: a port mapping made in the form is
// published by the local engine (engine/src/networks/README.md): the page a busybox httpd serves in the container
// is fetched from the host on 127.0.0.1:<port>; and no container is left behind.
//
// This file starts its OWN stack (a free port, fresh data dir) like environments-containers.spec.ts, so the
// first-run setup never disturbs first-run.spec.ts.
import { execFileSync } from "node:child_process";
import { startOwnStack, type OwnStack } from "./lib/own-stack.js";
import { expect, test, type Page } from "@playwright/test";
import { freePort, pushFixtures, startRegistry, type Registry } from "../tests/harness/index.js";
import { expectConsoleAnswers, expectLiveStats, stopAndRemove } from "./lib/container-page.js";

test.describe.configure({ mode: "serial" });

let BASE = "";
const ADMIN = "admin";
const PASSWORD = "correct-horse-battery-staple";

let registry: Registry;
let busyboxRef: string;
let stack: OwnStack;
const CONTAINER_NAMES = ["e2e-local", "e2e-local-ports"] as const;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  registry = await startRegistry();
  busyboxRef = (await pushFixtures(registry.host)).busybox.reference;
  stack = await startOwnStack("wharf-e2e-local-");
  BASE = stack.baseUrl;
});

test.afterAll(async () => {
  test.setTimeout(60_000);
  // The journey removes its container through the UI; if it failed half-way, the containers it named are
  // force-removed on the stack's wharfd (its socket is <data dir>/run/wharf.sock) before the stack stops, so no
  // shim, overlay mount or cgroup outlives the run (wharfd keeps containers running across its own restart).
  if (stack?.running()) {
    for (const name of CONTAINER_NAMES) {
      try {
        execFileSync("docker", ["-H", stack.engineHost, "rm", "-f", name], { stdio: "ignore", timeout: 20_000 });
      } catch {
        // not there: nothing to clean
      }
    }
  }
  await stack?.stop();
  await registry?.stop();
});

async function setUpAndSignIn(page: Page) {
  await page.goto("/setup");
  await page.getByLabel("Username").fill(ADMIN);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Confirm password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page).toHaveURL(/\/login\?created=1$/);
  await page.getByLabel("Username").fill(ADMIN);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/$/);
}

test("on the local engine: pull, create, list, logs, console, stats, stop and remove; a port mapping is published", async ({ browser }) => {
  test.setTimeout(90_000);
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await setUpAndSignIn(page);
  await page.goto("/environments");
  await expect(page.getByTestId("environment-local").getByTestId("environment-status")).toHaveText("Up", { timeout: 20_000 });

  // --- create from the form; the image is missing on wharfd, so the form pulls it ---------------------------
  await page.goto("/containers/new");
  await page.getByLabel("Environment", { exact: true }).selectOption({ label: "local (up)" });
  await page.getByLabel("Image", { exact: true }).fill(busyboxRef);
  await page.getByLabel("Name", { exact: true }).fill("e2e-local");
  await page.getByLabel("Command").fill(`sh -c 'i=0; while true; do echo tick-$i; i=$((i+1)); sleep 1; done'`);
  await page.getByRole("button", { name: "Create container" }).click();
  await expect(page.getByTestId("container-name")).toHaveText("e2e-local", { timeout: 30_000 });
  const containerUrl = page.url();

  // --- a port mapping: published by the engine, the container's page fetched from the host --------------------
  const hostPort = await freePort();
  await page.goto("/containers/new");
  await page.getByLabel("Environment", { exact: true }).selectOption({ label: "local (up)" });
  await page.getByLabel("Image", { exact: true }).fill(busyboxRef);
  await page.getByLabel("Name", { exact: true }).fill("e2e-local-ports");
  await page.getByLabel(/^Published ports/).fill(`127.0.0.1:${hostPort}:80`);
  await page.getByLabel("Command").fill(`sh -c 'mkdir -p /w && echo published-from-wharfd > /w/index.html && exec httpd -f -p 80 -h /w'`);
  await page.getByRole("button", { name: "Create container" }).click();
  await expect(page.getByTestId("container-name")).toHaveText("e2e-local-ports", { timeout: 30_000 });
  const portsUrl = page.url();
  await expect.poll(() => fetch(`http://127.0.0.1:${hostPort}/`).then((r) => r.text(), () => ""), { timeout: 15_000 }).toContain("published-from-wharfd");

  // --- the cross-environment list ----------------------------------------------------------------------------
  await page.goto("/containers");
  const row = page.getByTestId("container-row-e2e-local");
  await expect(row).toContainText("local");
  await expect(row.getByTestId("container-state")).toHaveText("running");
  await expect(page.getByTestId("container-row-e2e-local-ports").getByTestId("container-state")).toHaveText("running");

  // --- container page: live logs -------------------------------------------------------------------------------
  await row.getByRole("link", { name: "e2e-local" }).click();
  await page.getByRole("tab", { name: "Logs" }).click();
  const logView = page.getByTestId("log-view");
  await expect(logView.locator('[data-stream="stdout"]').filter({ hasText: /tick-\d+/ }).first()).toBeVisible();
  const before = await logView.locator('[data-stream="stdout"]').count();
  await expect.poll(() => logView.locator('[data-stream="stdout"]').count()).toBeGreaterThan(before);

  // --- web console ---------------------------------------------------------------------------------------------
  await expectConsoleAnswers(page);

  // --- stats ------------------------------------------------------------------------------------------------------
  await expectLiveStats(page);

  // --- stop and remove, confirmed ---------------------------------------------------------------------------------
  await stopAndRemove(page, "e2e-local");
  await page.goto(containerUrl);
  await expect(page.getByTestId("form-error")).toContainText("No such container");

  // The published one goes the same way; then nothing of this spec is left and the port is free again.
  await page.goto(portsUrl);
  await stopAndRemove(page, "e2e-local-ports");
  expect(await fetch(`http://127.0.0.1:${hostPort}/`).then((r) => r.status, () => "refused")).toBe("refused");
  await context.close();
});
