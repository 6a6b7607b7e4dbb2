// Steps on a container's page that every container journey takes: the web console answering, the stats charts
// moving, and stop + remove through their confirmation dialogs. Each asserts what the user sees.
import { expect, type Page } from "@playwright/test";

/** Connects the console, types a command and expects the shell's answer (not just the echoed keystrokes). */
export async function expectConsoleAnswers(page: Page): Promise<void> {
  await page.getByRole("tab", { name: "Console" }).click();
  await page.getByRole("button", { name: "Connect" }).click();
  await expect(page.getByTestId("console-status")).toHaveText("connected");
  await page.getByTestId("console").click();
  await page.keyboard.type("echo hel''lo\n");
  // The typed line shows hel''lo; only the shell's answer shows the joined word.
  await expect(page.getByTestId("console").locator(".xterm-rows")).toContainText(/hello/);
}

/** The Stats tab fills its charts and keeps redrawing them with new samples. */
export async function expectLiveStats(page: Page): Promise<void> {
  await page.getByRole("tab", { name: "Stats" }).click();
  await expect.poll(async () => Number(await page.getByTestId("chart-cpu").getAttribute("data-samples")), { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
  await expect(page.getByTestId("chart-memory-value")).toHaveText(/^\d+(\.\d)? (B|KiB|MiB|GiB) \/ \d+(\.\d)? (B|KiB|MiB|GiB)$/);
  const line = page.getByTestId("chart-memory").locator("polyline");
  const first = await line.getAttribute("points");
  await expect.poll(() => line.getAttribute("points")).not.toBe(first);
}

/** Stops and removes the container whose page is open, confirming both; ends on the list without its row. */
export async function stopAndRemove(page: Page, name: string): Promise<void> {
  await page.getByRole("button", { name: "stop", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Stop" }).click();
  await expect(page.getByTestId("container-state")).toHaveText("exited", { timeout: 20_000 });
  await page.getByRole("button", { name: "remove", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove" }).click();
  await expect(page).toHaveURL(/\/containers$/);
  await expect(page.getByTestId(`container-row-${name}`)).toHaveCount(0);
}
