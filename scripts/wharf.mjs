#!/usr/bin/env node
// The one entry point behind package.json's scripts. Uses only Node built-ins, so it works on a fresh clone before
// `npm ci`:   start [--port N] [--data-dir DIR] | test [stage...] | engine [wharfd flags...] | build
import { log } from "./lib/proc.mjs";
import { buildNative, ensureNodeModules, ensurePrismaClient, ensureWebBuild, ensurePackages, ENGINE_PACKAGES } from "./lib/setup.mjs";
import { isRoot, startChild } from "./lib/proc.mjs";

const [command = "start", ...rest] = process.argv.slice(2);

async function main() {
  switch (command) {
    case "start": {
      const { start } = await import("./lib/start.mjs");
      await start(rest);
      return;
    }
    case "test": {
      const { runTests } = await import("./lib/run-tests.mjs");
      process.exit(await runTests(rest));
    }
    case "engine": {
      if (isRoot()) ensurePackages(ENGINE_PACKAGES);
      ensureNodeModules();
      buildNative();
      const child = startChild(process.execPath, ["--import", "tsx", "engine/src/main.ts", ...rest]);
      for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
      child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
      return;
    }
    case "build":
      ensureNodeModules();
      buildNative();
      ensurePrismaClient();
      ensureWebBuild();
      return;
    default:
      throw new Error(`unknown command ${JSON.stringify(command)}: use start, test, engine or build`);
  }
}

main().catch((err) => {
  log(`error: ${err.message}`);
  process.exit(1);
});
