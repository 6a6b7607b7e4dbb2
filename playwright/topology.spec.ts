// Issue 8 journey in Debian's Chromium against the real stack and a harness dockerd over TCP + mutual TLS:
// pull an image from the harness registry with live progress, inspect its layers, tag and remove it; create
// a network and a volume, two containers on them from the create form; the topology graph shows both on the
// network with the published port, follows a stop and a disconnect live (engine events, no reload); removals
// the engine refuses show its reason. Then ~50 containers on 5 networks for the topology screenshot.
//
// Like environments-containers.spec.ts this file starts its OWN stack on a free port with a fresh data dir.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startOwnStack, type OwnStack } from "./lib/own-stack.js";
import { expect, test, type Page } from "@playwright/test";
import { dockerCli, freePort, pushFixtures, startDockerd, startRegistry, type Dockerd, type PushedImage, type Registry } from "../tests/harness/index.js";
import { pickFreeSubnet } from "../tests/harness/pick-subnet.js";

test.describe.configure({ mode: "serial" });

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const screenshots = path.join(repoRoot, "docs/screenshots");
const ADMIN = "admin";
const PASSWORD = "correct-horse-battery-staple";
const shoot = process.env.WHARF_SCREENSHOTS === "1";

let BASE = "";
let registry: Registry;
let fixtures: { busybox: PushedImage; httpd: PushedImage };
let dockerd: Dockerd;
let stack: OwnStack;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  registry = await startRegistry();
  fixtures = await pushFixtures(registry.host);
  dockerd = await startDockerd({ tcpTls: true });
  stack = await startOwnStack("wharf-e2e-topology-");
  BASE = stack.baseUrl;
});

test.afterAll(async () => {
  test.setTimeout(60_000);
  await stack?.stop();
  await dockerd?.stop();
  await registry?.stop();
});

async function docker(args: string[]): Promise<string> {
  const r = await dockerCli(dockerd.env, args);
  if (r.code !== 0) throw new Error(`docker ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

async function signIn(page: Page, first: boolean) {
  if (first) {
    await page.goto("/setup");
    await page.getByLabel("Username").fill(ADMIN);
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByLabel("Confirm password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create administrator" }).click();
    await expect(page).toHaveURL(/\/login\?created=1$/);
  }
  await page.goto("/login");
  await page.getByLabel("Username").fill(ADMIN);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/$/);
}

async function addHarness(page: Page) {
  const tcp = dockerd.tcp!;
  await page.goto("/environments/new");
  await page.getByLabel("Name", { exact: true }).fill("harness");
  await page.getByLabel("Docker host URL").fill(`tcp://${tcp.host}:${tcp.port}`);
  await page.getByLabel("CA certificate file").setInputFiles(tcp.ca);
  await page.getByLabel("Client certificate file").setInputFiles(tcp.cert);
  await page.getByLabel("Client key file").setInputFiles(tcp.key);
  await page.getByRole("button", { name: "Add environment" }).click();
  await expect(page).toHaveURL(/\/environments$/);
  await expect(page.getByTestId("environment-harness").getByTestId("environment-status")).toHaveText("Up");
}

test("images: pull with live progress, inspect layers, tag, remove", async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signIn(page, true);
  await addHarness(page);

  await page.goto("/images");
  await page.getByLabel("Environment", { exact: true }).selectOption({ label: "harness (up)" });
  await page.getByLabel("Image to pull").fill("Not A Reference");
  await page.getByRole("button", { name: "Pull", exact: true }).click();
  await expect(page.getByTestId("reference-error")).toContainText("Use [registry/]name");

  await page.getByLabel("Image to pull").fill(fixtures.httpd.reference);
  await page.getByRole("button", { name: "Pull", exact: true }).click();
  const progress = page.getByTestId("pull-progress");
  await expect(progress.getByTestId("pull-state")).toHaveText("pull complete", { timeout: 30_000 });
  await expect(progress.getByTestId("pull-layer")).toHaveCount(fixtures.httpd.layerDigests.length);
  for (const layer of await progress.getByTestId("pull-layer").all()) await expect(layer).toContainText(/Pull complete|Already exists/);

  const row = page.getByTestId("image-row").filter({ hasText: fixtures.httpd.reference });
  await expect(row).toContainText("unused");
  await row.getByRole("link").click();
  await expect(page.getByTestId("image-title")).toHaveText(fixtures.httpd.reference);
  await expect(page.getByTestId("image-layers").locator("li")).toHaveText(fixtures.httpd.diffIds);
  await expect(page.getByTestId("image-ports")).toHaveText("80/tcp");
  await expect(page.getByTestId("image-command")).toHaveText("httpd -f -p 80 -h /var/www");
  await expect(page.getByTestId("history-row").first()).toBeVisible();

  await page.getByLabel("New tag").fill("e2e/web:v2");
  await page.getByRole("button", { name: "Add tag" }).click();
  await expect(page.getByTestId("image-tags")).toContainText("e2e/web:v2");
  expect(await docker(["image", "ls", "--format", "{{.Repository}}:{{.Tag}}"])).toContain("e2e/web:v2");

  await page.getByRole("button", { name: "Remove image" }).click();
  await expect(page.getByRole("dialog")).toContainText("All 2 tags will be removed with it.");
  await page.getByRole("button", { name: "Force remove" }).click();
  await expect(page).toHaveURL(/\/images\?environment=/);
  await expect(page.getByTestId("image-row").filter({ hasText: fixtures.httpd.reference })).toHaveCount(0);
  expect(await docker(["image", "ls", "-q"])).toBe("");
  await context.close();
});

test("network, volume, two containers; the topology follows a stop and a disconnect live; refused removals explained", async ({ browser }) => {
  test.setTimeout(150_000);
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await signIn(page, false);
  await docker(["pull", fixtures.busybox.reference]);

  // --- a network and a volume from the UI -----------------------------------------------------------------
  const { subnet } = await pickFreeSubnet();
  const prefix = subnet.split(".").slice(0, 3).join(".");
  await page.goto("/networks");
  await page.getByLabel("Environment", { exact: true }).selectOption({ label: "harness (up)" });
  await page.getByLabel("Network name").fill("e2e-net");
  await page.getByLabel("Subnet").fill(subnet);
  await page.getByLabel("Gateway").fill("10.0.0.1");
  await page.getByRole("button", { name: "Create network" }).click();
  await expect(page.getByTestId("network-gateway-error")).toHaveText(`10.0.0.1 is not inside ${subnet}`);
  await page.getByLabel("Gateway").fill(`${prefix}.1`);
  await page.getByRole("button", { name: "Create network" }).click();
  await expect(page.getByTestId("network-row").filter({ hasText: "e2e-net" })).toContainText(`${subnet} via ${prefix}.1`);

  await page.goto("/volumes");
  await page.getByLabel("Environment", { exact: true }).selectOption({ label: "harness (up)" });
  await page.getByLabel("Volume name").fill("e2e-data");
  await page.getByLabel("Labels (key=value per line)").fill("team=e2e");
  await page.getByRole("button", { name: "Create volume" }).click();
  await expect(page.getByTestId("volume-row").filter({ hasText: "e2e-data" })).toContainText("team=e2e");

  // --- two containers on them, from the create form ---------------------------------------------------------
  const hostPort = await freePort();
  for (const [name, ports] of [["e2e-web", `127.0.0.1:${hostPort}:80`], ["e2e-worker", ""]] as const) {
    await page.goto("/containers/new");
    await page.getByLabel("Environment", { exact: true }).selectOption({ label: "harness (up)" });
    await page.getByLabel("Image", { exact: true }).fill(fixtures.busybox.reference);
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Command").fill("sleep 300");
    if (ports) await page.getByLabel(/^Published ports/).fill(ports);
    await page.getByLabel(/^Volumes and binds/).fill("e2e-data:/data");
    await page.getByLabel("Network", { exact: true }).fill("e2e-net");
    await page.getByRole("button", { name: "Create container" }).click();
    await expect(page.getByTestId("container-name")).toHaveText(name);
  }

  // --- the topology: both on the network, the port to the host ----------------------------------------------
  await page.goto("/topology");
  await expect(page.getByTestId("live-status")).toHaveText("live");
  const canvas = page.getByTestId("topology-canvas");
  const node = (name: string) => canvas.locator(`[data-testid="topology-container"][data-name="${name}"]`);
  await expect(node("e2e-web")).toHaveAttribute("data-state", "running");
  await expect(node("e2e-worker")).toHaveAttribute("data-state", "running");
  // Both drawn inside the e2e-net box, with their addresses on it; the published port is an edge to the host.
  await expect(node("e2e-web")).toHaveAttribute("data-network", "e2e-net");
  await expect(node("e2e-worker")).toHaveAttribute("data-network", "e2e-net");
  await expect(node("e2e-web")).toContainText(prefix);
  await expect(canvas.locator(`[aria-label="e2e-web publishes ${hostPort}→80/tcp"]`)).toHaveCount(1);
  await expect(canvas.locator('[data-testid="topology-network"][data-name="e2e-net"]')).toContainText(subnet);
  const marker = await page.evaluate(() => ((window as unknown as { __noReload: number }).__noReload = Date.now()));

  // A stop on the engine (not through this page) turns the node grey.
  await docker(["stop", "-t", "1", "e2e-worker"]);
  await expect(node("e2e-worker")).toHaveAttribute("data-state", "exited", { timeout: 15_000 });

  // Connect e2e-web to a second network from another tab: an edge appears; disconnect it: the edge goes.
  const other = await context.newPage();
  await other.goto("/networks");
  await other.getByLabel("Environment", { exact: true }).selectOption({ label: "harness (up)" });
  await other.getByRole("link", { name: "bridge", exact: true }).click();
  await expect(other.getByTestId("network-title")).toHaveText("bridge");
  await other.getByLabel("Container to connect").selectOption({ label: "e2e-web" });
  await other.getByRole("button", { name: "Connect" }).click();
  await expect(other.getByTestId("attachment-row").filter({ hasText: "e2e-web" })).toHaveCount(1);
  const bridgeEdge = canvas.locator('[aria-label="e2e-web on bridge"]');
  await expect(bridgeEdge).toHaveCount(1, { timeout: 15_000 });
  await other.getByTestId("attachment-row").filter({ hasText: "e2e-web" }).getByRole("button", { name: "Disconnect" }).click();
  await expect(other.getByTestId("attachment-row").filter({ hasText: "e2e-web" })).toHaveCount(0);
  await expect(bridgeEdge).toHaveCount(0, { timeout: 15_000 });
  await expect(node("e2e-web")).toHaveAttribute("data-network", "e2e-net");
  expect(await page.evaluate(() => (window as unknown as { __noReload?: number }).__noReload)).toBe(marker);

  // Search highlights and click-through opens the container page.
  await page.getByLabel("Search the topology").fill("worker");
  await expect(page.getByText("1 match(es)")).toBeVisible();
  await node("e2e-worker").click();
  await expect(page).toHaveURL(/\/containers\/[^/]+\/[0-9a-f]{64}$/);
  await expect(page.getByTestId("container-name")).toHaveText("e2e-worker");

  await page.goto("/topology");
  await page.getByLabel("Environment", { exact: true }).selectOption({ label: "harness (up)" });

  // --- removals the engine refuses show its reason ---------------------------------------------------------
  await other.goto("/volumes");
  await other.getByLabel("Environment", { exact: true }).selectOption({ label: "harness (up)" });
  const volumeRow = other.getByTestId("volume-row").filter({ hasText: "e2e-data" });
  await expect(volumeRow.getByTestId("volume-users")).toHaveText("e2e-web (running), e2e-worker (exited)");
  await volumeRow.getByRole("button", { name: "Remove" }).click();
  await other.getByRole("dialog").getByRole("button", { name: "Remove" }).click();
  await expect(other.getByTestId("form-error")).toContainText(/volume "e2e-data": .*volume is in use/);

  // A stopped container holds no endpoint; started again, the worker makes the network busy (and its node green).
  await docker(["start", "e2e-worker"]);
  await expect(node("e2e-worker")).toHaveAttribute("data-state", "running", { timeout: 15_000 });
  await other.goto("/networks");
  await other.getByLabel("Environment", { exact: true }).selectOption({ label: "harness (up)" });
  await other.getByTestId("network-row").filter({ hasText: "e2e-net" }).getByRole("button", { name: "Remove" }).click();
  await other.getByRole("dialog").getByRole("button", { name: "Remove" }).click();
  await expect(other.getByTestId("form-error")).toContainText(/network "e2e-net": .*active endpoints/);

  // Every change went through an audited procedure, refusals with the engine's reason.
  await other.goto("/settings/audit");
  const audit = other.getByTestId("audit-row");
  await expect(audit.filter({ hasText: "network.create" }).filter({ hasText: "e2e-net" }).filter({ hasText: "success" })).toHaveCount(1);
  await expect(audit.filter({ hasText: "volume.create" }).filter({ hasText: "e2e-data" })).toHaveCount(1);
  await expect(audit.filter({ hasText: "network.connect" })).toHaveCount(1);
  await expect(audit.filter({ hasText: "network.disconnect" })).toHaveCount(1);
  await expect(audit.filter({ hasText: "volume.remove" }).filter({ hasText: "failure" })).toContainText("volume is in use");
  await expect(audit.filter({ hasText: "network.remove" }).filter({ hasText: "failure" })).toContainText("active endpoints");
  await expect(audit.filter({ hasText: "image.pull" }).filter({ hasText: "success" })).toHaveCount(1);
  await expect(audit.filter({ hasText: "image.tag" })).toHaveCount(1);
  await expect(audit.filter({ hasText: "image.remove" })).toHaveCount(1);
  await context.close();
});

test("topology of ~50 containers on 5 networks stays readable (screenshot)", async ({ browser }) => {
  test.setTimeout(150_000);
  const networks = ["frontend", "backend", "data", "jobs", "monitoring"];
  for (const n of networks) await docker(["network", "create", `shot-${n}`]);
  const specs = Array.from({ length: 48 }, (_, i) => {
    const network = `shot-${networks[i % networks.length]}`;
    const project = ["shop", "blog", "ops"][i % 3]!;
    return { name: `${project}-${networks[i % networks.length]}-${Math.floor(i / networks.length) + 1}`, network, project, running: i % 7 !== 3 };
  });
  for (let i = 0; i < specs.length; i += 8) {
    await Promise.all(
      specs.slice(i, i + 8).map((s) =>
        docker([s.running ? "run" : "create", ...(s.running ? ["-d"] : []), "--name", s.name, "--network", s.network, "--label", `com.docker.compose.project=${s.project}`, fixtures.busybox.reference, "sleep", "600"]),
      ),
    );
  }
  await docker(["network", "connect", "shot-monitoring", specs[0]!.name]);

  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  await signIn(page, false);
  await page.goto("/topology");
  await page.getByLabel("Environment", { exact: true }).selectOption({ label: "harness (up)" });
  const canvas = page.getByTestId("topology-canvas");
  await expect(canvas.getByTestId("topology-container")).toHaveCount(50, { timeout: 20_000 }); // 48 + e2e-web + e2e-worker
  // 5 + e2e-net + bridge/host/none; created (never started) containers sit in their network's box too
  await expect(canvas.getByTestId("topology-network")).toHaveCount(9);
  await expect(canvas.locator('[data-testid="topology-container"][data-state="created"][data-network^="shot-"]')).toHaveCount(specs.filter((s) => !s.running).length);
  await page.getByLabel("Search the topology").fill("shop");
  await expect(page.getByText(`${specs.filter((s) => s.project === "shop").length} match(es)`)).toBeVisible();
  await page.getByLabel("Search the topology").fill("");
  await page.waitForTimeout(500);
  if (shoot) await page.screenshot({ path: path.join(screenshots, "topology.png") });

  // The dashboard counts per environment.
  await page.goto("/");
  // Columns: name, running, paused, restarting, created, exited, dead, images, volumes, networks.
  const counts = page.locator('[data-testid="environment-counts"][data-name="harness"]').locator("td");
  const created = specs.filter((s) => !s.running).length;
  await expect(counts).toHaveText(["harness", String(specs.length - created + 2), "0", "0", String(created), "0", "0", "1", "1", "9"]);
  await context.close();
});
