// The caller's own API tokens. Only a browser session may list, mint or revoke them (a token cannot mint
// tokens). The secret is returned once by create.
import "server-only";
import { z } from "zod";
import { createTRPCRouter, procedureFor } from "../init";
import { createOwnToken, listOwnTokens, revokeOwnToken } from "../../services/tokens/manage-tokens";

export const tokenRouter = createTRPCRouter({
  list: procedureFor("session").query(({ ctx }) => listOwnTokens(ctx)),

  // The scope's environment is what the token will be tied to, not the target of this action.
  create: procedureFor("session", { environmentIdFrom: null })
    .input(
      z.object({
        name: z.string(),
        permissions: z.array(z.string()),
        environmentId: z.string().min(1).nullish(),
        expiresInDays: z.number().nullish(),
      }),
    )
    .mutation(({ ctx, input }) => createOwnToken(ctx, input as Parameters<typeof createOwnToken>[1])),

  revoke: procedureFor("session")
    .input(z.object({ tokenId: z.string().min(1) }))
    .mutation(({ ctx, input }) => revokeOwnToken(ctx, input)),
});
