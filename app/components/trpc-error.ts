// What the UI shows for a failed tRPC call: the server's message (written for people), field errors for
// forms, and a clear line for an expired session.
import { TRPCClientError } from "@trpc/client";

export type ShownError = { message: string; fieldErrors: Record<string, string[]>; signedOut: boolean };

export function describeError(error: unknown): ShownError {
  if (error instanceof TRPCClientError) {
    const data = error.data as { code?: string; fieldErrors?: Record<string, string[]> | null } | undefined;
    if (data?.code === "UNAUTHORIZED") {
      return { message: "Your session has expired. Sign in again to continue.", fieldErrors: {}, signedOut: true };
    }
    return { message: error.message, fieldErrors: data?.fieldErrors ?? {}, signedOut: false };
  }
  return { message: error instanceof Error ? error.message : String(error), fieldErrors: {}, signedOut: false };
}
