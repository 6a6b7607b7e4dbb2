// Input rules for users (pure zod, shared with forms). Usernames follow first-run setup's rules.
import { z } from "zod";
import { usernameSchema, MIN_ADMIN_PASSWORD_LENGTH } from "../setup/admin-credentials-schema";

export const passwordSchema = z
  .string()
  .min(MIN_ADMIN_PASSWORD_LENGTH, `Password must be at least ${MIN_ADMIN_PASSWORD_LENGTH} characters`)
  .max(256, "Password must be at most 256 characters");

export const createUserSchema = z.object({ username: usernameSchema, password: passwordSchema, isAdmin: z.boolean().default(false) });
export type CreateUserInput = z.input<typeof createUserSchema>;
