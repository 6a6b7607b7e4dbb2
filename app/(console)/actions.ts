"use server";
import { signOutCurrentUser } from "@/server/auth/session-actions";

export async function signOutAction(): Promise<void> {
  await signOutCurrentUser();
}
