// Registers the local engine as the environment named "local" (on every start, so its URL follows
// WHARF_ENGINE_HOST if the data directory moves). Idempotent.
import type { Database } from "../../db/client";
import { LOCAL_ENVIRONMENT_NAME } from "./environment-kinds";

export async function registerLocalEnvironment(db: Database, engineHost: string): Promise<{ id: string }> {
  return db.environment.upsert({
    where: { name: LOCAL_ENVIRONMENT_NAME },
    create: { name: LOCAL_ENVIRONMENT_NAME, kind: "local", url: engineHost },
    update: { url: engineHost },
    select: { id: true },
  });
}
