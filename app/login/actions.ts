"use server";
import { redirect } from "next/navigation";
import { signInWithPassword } from "@/server/auth/session-actions";

export type SignInState = { error: string | null };

export async function signInAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const username = String(formData.get("username") ?? "");
  const password = String(formData.get("password") ?? "");
  const outcome = await signInWithPassword(username, password);
  if (!outcome.ok) return { error: outcome.error };
  redirect("/");
}
