// Has first-run setup been completed (does an administrator exist)?
import type { Database } from "../../db/client";

export type SetupState = { needsSetup: boolean };

export async function getSetupState(db: Database): Promise<SetupState> {
  const marker = await db.setupState.findUnique({ where: { id: 1 }, select: { id: true } });
  return { needsSetup: marker === null };
}
