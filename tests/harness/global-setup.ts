// Vitest global setup for the integration tier: one real registry per run, with the fixture images pushed to it,
// handed to test files as inject("registryHost") and inject("fixtures") (types in provided-context.ts).
// The returned function stops the registry (by PID) and removes its storage when the run ends.
import type { TestProject } from "vitest/node";
import { pushFixtures } from "./fixture-images.js";
import { harnessLog } from "./harness-log.js";
import "./provided-context.js";
import { startRegistry } from "./start-registry.js";
import { removeEmptyEngineCgroupParents } from "./host-cgroups.js";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const registry = await startRegistry();
  try {
    const fixtures = await pushFixtures(registry.host);
    project.provide("registryHost", registry.host);
    project.provide("fixtures", fixtures);
    harnessLog.info({ registry: registry.host, ms: Date.now() - started }, "integration harness ready");
  } catch (e) {
    await registry.stop();
    throw e;
  }
  return async () => {
    await registry.stop();
    removeEmptyEngineCgroupParents();
  };
}
