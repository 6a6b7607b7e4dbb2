// Input rules for the first administrator. Pure (zod only) so the setup form can check them in the
// browser too; the server checks them again.
import { z } from "zod";

export const MIN_ADMIN_PASSWORD_LENGTH = 12;

export const usernameSchema = z
  .string()
  .trim()
  .min(3, "Username must be at least 3 characters")
  .max(64, "Username must be at most 64 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "Use letters, digits, dot, dash or underscore, starting with a letter or digit");

export const adminCredentialsSchema = z
  .object({
    username: usernameSchema,
    password: z
      .string()
      .min(MIN_ADMIN_PASSWORD_LENGTH, `Password must be at least ${MIN_ADMIN_PASSWORD_LENGTH} characters`)
      .max(256, "Password must be at most 256 characters"),
    confirmPassword: z.string(),
  })
  .refine((v) => v.password === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "Passwords do not match",
  });

export type AdminCredentials = z.infer<typeof adminCredentialsSchema>;

/** Field name → messages, for showing errors next to each field. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    (out[field] ??= []).push(issue.message);
  }
  return out;
}
