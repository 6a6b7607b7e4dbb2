// wharfd: the Wharf container engine daemon. `npm run engine -- --host unix:///PATH --data-root DIR --exec-root DIR`
// runs it in the foreground; SIGTERM/SIGINT stop it cleanly (exit 0), leaving containers to their shims.
import { parseDaemonConfig } from "./config/daemon-config.js";
import { createLogger } from "./log.js";
import { startDaemon } from "./daemon/start-daemon.js";
import { isEngineError } from "./errors.js";

async function main(): Promise<void> {
  let config;
  try {
    config = parseDaemonConfig(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`wharfd: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const log = createLogger(config.logLevel);
  if (process.getuid?.() !== 0) log.warn("wharfd is not running as root: containers cannot be created");
  let daemon;
  try {
    daemon = await startDaemon(config, log);
  } catch (err) {
    log.fatal({ err: isEngineError(err) ? err.message : err }, "failed to start");
    process.exit(1);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    await daemon.stop();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

void main();
