// Creates the first administrator on a fresh install. Atomic: the user and the SetupState marker (id = 1)
// are inserted in one transaction, so of two racing calls exactly one commits and the other violates the
// marker's primary key and is refused. Once setup is complete this always refuses (Conflict).
import { adminCredentialsSchema, fieldErrorsOf } from "./admin-credentials-schema";
import { hashPassword } from "../../auth/password";
import { AppError } from "../../errors";
import { isUniqueViolation, type Database } from "../../db/client";
import type { Logger } from "../../log";
import { writeAuditEntry } from "../audit/write-audit-entry";

export const SETUP_ALREADY_COMPLETE = "Setup is already complete: an administrator exists. Sign in instead.";

export type CreateFirstAdminInput = { username: string; password: string; confirmPassword: string };
export type CreatedAdmin = { id: string; username: string };

export async function createFirstAdmin(
  db: Database,
  log: Logger,
  input: CreateFirstAdminInput,
  address: string,
): Promise<CreatedAdmin> {
  const parsed = adminCredentialsSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("InvalidArgument", "Check the highlighted fields.", {
      fieldErrors: fieldErrorsOf(parsed.error),
    });
  }
  const { username, password } = parsed.data;

  if ((await db.setupState.findUnique({ where: { id: 1 } })) !== null) {
    await writeAuditEntry(db, log, { action: "setup.create-admin", result: "refused", username, address });
    throw new AppError("Conflict", SETUP_ALREADY_COMPLETE);
  }

  const passwordHash = await hashPassword(password);
  try {
    const admin = await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { username, passwordHash, isAdmin: true },
        select: { id: true, username: true },
      });
      await tx.setupState.create({ data: { id: 1, adminId: user.id } });
      return user;
    });
    await writeAuditEntry(db, log, {
      action: "setup.create-admin",
      result: "success",
      userId: admin.id,
      username: admin.username,
      target: `user:${admin.username}`,
      address,
    });
    log.info({ userId: admin.id, username: admin.username }, "first administrator created");
    return admin;
  } catch (error) {
    if (isUniqueViolation(error)) {
      await writeAuditEntry(db, log, { action: "setup.create-admin", result: "refused", username, address });
      throw new AppError("Conflict", SETUP_ALREADY_COMPLETE, { cause: error });
    }
    throw error;
  }
}
