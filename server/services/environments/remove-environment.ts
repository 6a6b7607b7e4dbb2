// Removes a remote environment from Wharf (the host and its containers are untouched). The local engine
// cannot be removed: it is registered again on every start.
import type { Database } from "../../db/client";
import { AppError } from "../../errors";
import { forgetEnvironmentHealth } from "./environment-poller";
import { forgetEnvironmentDocker } from "./get-environment-docker";

export async function removeEnvironment(db: Database, id: string): Promise<{ id: string; name: string }> {
  const row = await db.environment.findUnique({ where: { id } });
  if (!row) throw new AppError("NotFound", `environment "${id}": not found`);
  if (row.kind === "local") throw new AppError("InvalidArgument", `environment "${row.name}": the local engine cannot be removed`);
  await db.environment.delete({ where: { id } });
  forgetEnvironmentDocker(id);
  forgetEnvironmentHealth(id);
  return { id, name: row.name };
}
