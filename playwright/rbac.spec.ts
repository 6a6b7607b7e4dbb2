// Role-based access end to end (issue 9), against the real stack and a real dockerd started here with one
// busybox container: an administrator adds the dockerd as an environment, creates users and a team, and
// binds Operator to the team on that environment only. The operator signs in, sees only that environment,
// restarts the container, is refused removing it, removing a network and adding an environment (clear
// messages); a Helpdesk user
// reads but cannot restart. The administrator finds the refusals in the audit log and exports it as CSV.
// Then API tokens over HTTP (Bearer, shown once, revoked) and a tampered session cookie.
import { expect, test, type Page } from "@playwright/test";
import { dockerCli, pushFixtures, startDockerd, startRegistry, type Dockerd, type Registry } from "../tests/harness/index.js";

test.describe.configure({ mode: "serial" });

const ADMIN = "admin";
const ADMIN_PASSWORD = "correct-horse-battery-staple";
const OPERATOR = "olga-operator";
const HELPDESK = "hank-helpdesk";
const USER_PASSWORD = "operator-password-123";
const ENVIRONMENT = "ops-dockerd";
const CONTAINER = "rbac-web";
const NETWORK = "rbac-net";

let registry: Registry | undefined;
let dockerd: Dockerd | undefined;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  registry = await startRegistry();
  const fixtures = await pushFixtures(registry.host);
  dockerd = await startDockerd({ insecureRegistries: [registry.host] });
  const run = await dockerCli(dockerd.env, ["run", "-d", "--name", CONTAINER, fixtures.busybox.reference, "sleep", "3600"], { timeout: 120_000 });
  if (run.code !== 0) throw new Error(`docker run failed: ${run.stderr}`);
  const net = await dockerCli(dockerd.env, ["network", "create", NETWORK]);
  if (net.code !== 0) throw new Error(`docker network create failed: ${net.stderr}`);
});

test.afterAll(async () => {
  await dockerd?.stop();
  await registry?.stop();
});

async function signIn(page: Page, username: string, password: string) {
  await page.goto("/login");
  if (page.url().endsWith("/setup")) {
    // Run on its own (without first-run.spec.ts): create the administrator first.
    await page.getByLabel("Username").fill(ADMIN);
    await page.getByLabel("Password", { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByLabel("Confirm password").fill(ADMIN_PASSWORD);
    await page.getByRole("button", { name: "Create administrator" }).click();
    await expect(page).toHaveURL(/\/login/);
  }
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-user")).toHaveText(username);
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
}

const nav = (page: Page) => page.locator("aside nav");

test("an administrator sets up a team with Operator on one environment", async ({ page }) => {
  await signIn(page, ADMIN, ADMIN_PASSWORD);
  await expect(nav(page).getByRole("link", { name: "Roles & access" })).toBeVisible();

  // The dockerd started above becomes an environment.
  await page.goto("/environments/new");
  await page.getByLabel("Name", { exact: true }).fill(ENVIRONMENT);
  await page.getByLabel("Connection").selectOption("socket");
  await page.getByLabel("Docker host URL").fill(dockerd!.dockerHost);
  await page.getByRole("button", { name: "Add environment" }).click();
  await expect(page).toHaveURL(/\/environments$/);

  // Two users; a duplicate name is refused with a clear message.
  await page.goto("/settings/users");
  for (const username of [OPERATOR, HELPDESK]) {
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password (12+ characters)").fill(USER_PASSWORD);
    await page.getByRole("button", { name: "Add user" }).click();
    await expect(page.getByRole("status")).toHaveText(`User "${username}" created.`);
  }
  await page.getByLabel("Username").fill(OPERATOR);
  await page.getByLabel("Password (12+ characters)").fill(USER_PASSWORD);
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByTestId("error-message").first()).toHaveText(`A user named "${OPERATOR}" already exists. Choose another name.`);

  // The last administrator cannot demote themselves.
  await page.getByTestId(`user-row-${ADMIN}`).getByRole("button", { name: "Remove administrator" }).click();
  await expect(page.getByTestId("error-message").last()).toContainText("You cannot remove your own Administrator role");

  // A team with the operator in it.
  await page.goto("/settings/teams");
  await page.getByLabel("Team name").fill("ops");
  await page.getByRole("button", { name: "Create team" }).click();
  await page.getByLabel("Add member (username)").fill(OPERATOR);
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByTestId("team-ops")).toContainText(OPERATOR);

  // Operator for the team on the dockerd environment only; Helpdesk for the helpdesk user everywhere.
  await page.goto("/settings/roles");
  await page.getByLabel("User or team").selectOption({ label: "Team ops" });
  await page.getByLabel("Role", { exact: true }).selectOption({ label: "Operator" });
  await page.getByLabel("Environment", { exact: true }).selectOption({ label: ENVIRONMENT });
  await page.getByRole("button", { name: "Add binding" }).click();
  await expect(page.getByTestId("binding-row").filter({ hasText: "Team ops" })).toContainText(`Operator${ENVIRONMENT}`);
  await page.getByLabel("User or team").selectOption({ label: `User ${HELPDESK}` });
  await page.getByLabel("Role", { exact: true }).selectOption({ label: "Helpdesk" });
  await page.getByLabel("Environment", { exact: true }).selectOption({ label: "All environments" });
  await page.getByRole("button", { name: "Add binding" }).click();
  await expect(page.getByTestId("binding-row").filter({ hasText: HELPDESK })).toContainText("HelpdeskAll environments");

  // A custom role from the permission list; a built-in role's name cannot be reused.
  await page.getByLabel("Role name").fill("Log reader");
  await page.getByLabel("container:read", { exact: true }).check();
  await page.getByLabel("container:logs", { exact: true }).check();
  await page.getByRole("button", { name: "Create role" }).click();
  await expect(page.getByTestId("role-Log reader")).toContainText("container:readcontainer:logs");
  await page.getByLabel("Role name").fill("Operator");
  await page.getByLabel("environment:read", { exact: true }).check();
  await page.getByRole("button", { name: "Create role" }).click();
  await expect(page.getByText('A role named "Operator" already exists. Choose another name.')).toBeVisible();
  await signOut(page);
});

test("the operator sees only that environment, restarts the container, and is refused removing it or a network", async ({ page }) => {
  await signIn(page, OPERATOR, USER_PASSWORD);
  // What the operator may not do is not offered.
  await expect(nav(page).getByRole("link", { name: "Users" })).toHaveCount(0);
  await expect(nav(page).getByRole("link", { name: "Roles & access" })).toHaveCount(0);
  await expect(nav(page).getByRole("link", { name: "Audit log" })).toHaveCount(0);

  await page.goto("/environments");
  await expect(page.getByText(ENVIRONMENT).first()).toBeVisible();
  await expect(page.getByText("local", { exact: true })).toHaveCount(0);

  await page.goto("/containers");
  const row = page.getByTestId(`container-row-${CONTAINER}`);
  await expect(row).toBeVisible({ timeout: 20_000 });
  await row.getByRole("link").first().click();
  await expect(page.getByTestId("container-name")).toHaveText(CONTAINER);

  const started = await dockerCli(dockerd!.env, ["inspect", "-f", "{{.State.StartedAt}}", CONTAINER]);
  await page.getByRole("button", { name: "restart", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Restart" }).click();
  await expect
    .poll(async () => (await dockerCli(dockerd!.env, ["inspect", "-f", "{{.State.StartedAt}}", CONTAINER])).stdout, { timeout: 30_000 })
    .not.toBe(started.stdout);

  await page.getByRole("button", { name: "remove", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove" }).click();
  await expect(page.getByText('You lack the permission "container:remove".')).toBeVisible();
  expect((await dockerCli(dockerd!.env, ["inspect", "-f", "{{.State.Running}}", CONTAINER])).stdout.trim()).toBe("true");

  // Removing a network needs network:manage, which Operator lacks: refused with a clear message.
  await page.goto("/networks");
  const network = page.getByTestId("network-row").filter({ hasText: NETWORK });
  await expect(network).toBeVisible({ timeout: 20_000 });
  await network.getByRole("button", { name: "Remove" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove" }).click();
  await expect(page.getByText('You lack the permission "network:manage" on environment "' + ENVIRONMENT + '".')).toBeVisible();
  expect((await dockerCli(dockerd!.env, ["network", "inspect", "-f", "{{.Name}}", NETWORK])).stdout.trim()).toBe(NETWORK);

  // Adding an environment is refused by the server even when the form is reached directly.
  await page.goto("/environments/new");
  await page.getByLabel("Name", { exact: true }).fill("sneaky");
  await page.getByLabel("Connection").selectOption("socket");
  await page.getByLabel("Docker host URL").fill("unix:///nonexistent/sneaky.sock");
  await page.getByRole("button", { name: "Add environment" }).click();
  await expect(page.getByText('You lack the permission "environment:manage".')).toBeVisible();
  await signOut(page);
});

test("a Helpdesk user reads everything but cannot restart", async ({ page }) => {
  await signIn(page, HELPDESK, USER_PASSWORD);
  await page.goto("/containers");
  const row = page.getByTestId(`container-row-${CONTAINER}`);
  await expect(row).toBeVisible({ timeout: 20_000 });
  await row.getByRole("link").first().click();
  await page.getByRole("button", { name: "restart", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Restart" }).click();
  await expect(page.getByText(/You lack the permission "container:operate"/)).toBeVisible();
  await signOut(page);
});

test("the administrator finds the refused attempts in the audit log and exports it", async ({ page }) => {
  await signIn(page, ADMIN, ADMIN_PASSWORD);
  await page.goto("/settings/audit");
  await page.getByLabel("Search").fill(OPERATOR);
  await page.getByLabel("Result").selectOption("refused");
  const rows = page.getByTestId("audit-row");
  await expect(rows.filter({ hasText: "container.act" })).toContainText(['You lack the permission "container:remove".']);
  await expect(rows.filter({ hasText: "environment.add" })).toContainText(['You lack the permission "environment:manage".']);
  await expect(rows.filter({ hasText: "network.remove" })).toContainText([`You lack the permission "network:manage" on environment "${ENVIRONMENT}".`]);
  await expect(rows.first()).toContainText("session");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).click()]);
  const csv = await (await import("node:fs/promises")).readFile((await download.path())!, "utf8");
  expect(csv.split("\r\n")[0]).toBe("time,user,via,token,action,target,environment,result,address,detail");
  expect(csv).toContain(`,${OPERATOR},session,,access.denied,container.act,`);
});

test("API tokens: shown once, work as Bearer within their scope, refused once revoked; tampered cookies are refused", async ({ page, request }) => {
  await signIn(page, ADMIN, ADMIN_PASSWORD);
  await page.goto("/settings/tokens");
  await page.getByLabel("Name", { exact: true }).fill("ci-reader");
  await page.getByLabel("environment:read").check();
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  expect(token).toMatch(/^wharf_[A-Za-z0-9_-]{43}$/);
  await page.reload();
  await expect(page.getByTestId("token-row-ci-reader")).toBeVisible();
  await expect(page.getByText(token)).toHaveCount(0);

  const bearer = { Authorization: `Bearer ${token}` };
  const list = await request.get("/api/trpc/environment.list", { headers: bearer });
  expect(list.status()).toBe(200);
  expect(JSON.stringify(await list.json())).toContain(ENVIRONMENT);
  const users = await request.get("/api/trpc/user.list", { headers: bearer });
  expect(users.status()).toBe(403);
  expect((await users.json()).error.json.message).toBe('You lack the permission "user:manage".');

  await page.getByTestId("token-row-ci-reader").getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByTestId("token-row-ci-reader")).toContainText("revoked");
  const revoked = await request.get("/api/trpc/environment.list", { headers: bearer });
  expect(revoked.status()).toBe(401);
  expect((await revoked.json()).error.json.message).toBe("The API token was revoked.");

  // A session cookie with one character changed is not a session.
  const cookie = (await page.context().cookies()).find((c) => c.name === "authjs.session-token")!;
  const flipped = cookie.value.slice(0, -3) + (cookie.value.at(-3) === "A" ? "B" : "A") + cookie.value.slice(-2);
  const tampered = await request.get("/api/trpc/environment.list", { headers: { cookie: `authjs.session-token=${flipped}` } });
  expect(tampered.status()).toBe(401);
  expect((await tampered.json()).error.json.message).toBe("Sign in to continue.");
  const genuine = await request.get("/api/trpc/environment.list", { headers: { cookie: `authjs.session-token=${cookie.value}` } });
  expect(genuine.status()).toBe(200);
});
