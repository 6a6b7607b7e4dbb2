import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

// Two tiers (see ARCHITECTURE.md "Testing"):
// - unit: colocated *.test.ts next to the code, pure logic, fast, parallel.
// - integration: *.int.test.ts, against the real engine, runtime, registry and dockerd, as root, one file at a time.
const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    server: { deps: { inline: ["next-auth"] } },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{app,server,engine,tests,scripts}/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["{server,engine,native,tests}/**/*.int.test.ts"],
          exclude: ["node_modules/**"],
          environment: "node",
          globalSetup: ["tests/harness/global-setup.ts"],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
