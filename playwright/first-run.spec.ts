// The first-run journey on a fresh install: setup → sign in → dashboard → sign out → setup is gone.
// Then the sign-in rate limit, on another account so the journey's account is not affected.
import { expect, test, type Page } from "@playwright/test";
import path from "node:path";
import { fileURLToPath } from "node:url";

test.describe.configure({ mode: "serial" });

const ADMIN = "admin";
const PASSWORD = "correct-horse-battery-staple";
const SESSION_COOKIE = "authjs.session-token";
const screenshotPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../docs/screenshots/dashboard.png");

async function sessionCookie(page: Page) {
  return (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE);
}

async function signIn(page: Page, username: string, password: string) {
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  // Wait for the server action's answer so the next attempt never overlaps this one.
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login"),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
}

/** Opens a websocket to the gateway from the page and reports what happened. */
async function pingGateway(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(`ws://${location.host}/ws/gateway`);
        ws.onopen = () => ws.send(JSON.stringify({ type: "ping", id: "e2e" }));
        ws.onmessage = (event) => {
          resolve(String(event.data));
          ws.close();
        };
        ws.onclose = () => resolve("closed");
        setTimeout(() => resolve("timeout"), 5000);
      }),
  );
}

test("first run: setup, sign in, dashboard, sign out, setup is gone", async ({ page, request }) => {
  // Fresh install: every page leads to setup.
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await page.goto("/login");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Welcome to Wharf" })).toBeVisible();

  // A too-short password and mismatched confirmation are explained next to their fields.
  await page.getByLabel("Username").fill(ADMIN);
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByLabel("Confirm password").fill("short");
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page.getByTestId("password-error")).toHaveText("Password must be at least 12 characters");

  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Confirm password").fill(`${PASSWORD}-typo`);
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page.getByTestId("confirmPassword-error")).toHaveText("Passwords do not match");
  await expect(page.getByTestId("password-error")).toHaveCount(0);

  await page.getByLabel("Confirm password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page).toHaveURL(/\/login\?created=1$/);
  await expect(page.getByText("Administrator created. Sign in with it now.")).toBeVisible();

  // A wrong password shows an error and leaves no session.
  await signIn(page, ADMIN, "not-the-password");
  await expect(page.getByTestId("form-error")).toHaveText("Invalid username or password.");
  expect(await sessionCookie(page)).toBeUndefined();
  expect(await pingGateway(page)).toBe("closed");

  // The right password signs in; the session cookie is httpOnly and SameSite=Lax.
  await signIn(page, ADMIN, PASSWORD);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("signed-in-user")).toHaveText(ADMIN);
  const cookie = await sessionCookie(page);
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });

  // The dashboard lists the local engine, up, with its version.
  const local = page.getByTestId("environment-local");
  await expect(local).toBeVisible();
  await expect(local.getByTestId("environment-status")).toHaveText("Up", { timeout: 20_000 });
  await expect(local.getByTestId("environment-engine")).not.toBeEmpty();
  await expect(local.getByText(/^unix:\/\/\/.*\/run\/wharf\.sock$/)).toBeVisible();

  // The websocket gateway accepts the signed-in session.
  expect(JSON.parse(await pingGateway(page))).toMatchObject({ type: "pong", id: "e2e" });

  if (process.env.WHARF_SCREENSHOTS === "1") {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: screenshotPath });
  }

  // Sign out: back to the sign-in page, no session, pages need a session again.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect(await sessionCookie(page)).toBeUndefined();
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);

  // Setup is gone: the page is 404 and the procedure refuses.
  const setupPage = await page.goto("/setup");
  expect(setupPage?.status()).toBe(404);
  const direct = await request.post("/api/trpc/setup.createAdmin", {
    data: { json: { username: "intruder", password: PASSWORD, confirmPassword: PASSWORD } },
  });
  expect(direct.status()).toBe(409);
  expect((await direct.json()).error.json.message).toBe(
    "Setup is already complete: an administrator exists. Sign in instead.",
  );
});

test("repeated failed sign-ins are slowed down", async ({ page }) => {
  await page.goto("/login");
  for (let attempt = 1; attempt <= 5; attempt++) {
    await signIn(page, "rate-limit-probe", `wrong-password-${attempt}`);
    await expect(page.getByTestId("form-error")).toHaveText("Invalid username or password.");
  }
  await signIn(page, "rate-limit-probe", "wrong-password-6");
  await expect(page.getByTestId("form-error")).toHaveText(/^Too many failed sign-ins\. Try again in \d+ seconds\.$/);
  expect(await sessionCookie(page)).toBeUndefined();
});

test("sign-ins, the failed sign-in, setup and sign-out are in the audit log", async ({ page }) => {
  await page.goto("/login");
  await signIn(page, ADMIN, PASSWORD);
  await expect(page).toHaveURL(/\/$/);
  const response = await page.request.get(`/api/trpc/audit.list?input=${encodeURIComponent(JSON.stringify({ json: { limit: 200 } }))}`);
  expect(response.status()).toBe(200);
  const entries: Array<{ action: string; result: string; username: string | null; address: string | null }> = (
    await response.json()
  ).result.data.json;
  const seen = entries.map((e) => `${e.action} ${e.result} ${e.username}`).reverse();
  expect(seen.slice(0, 4)).toEqual([
    "setup.create-admin success admin",
    "auth.sign-in failure admin",
    "auth.sign-in success admin",
    "auth.sign-out success admin",
  ]);
  expect(seen).toContain("auth.sign-in refused rate-limit-probe");
  expect(entries.every((e) => e.address === "127.0.0.1")).toBe(true);
});
