// Roles (named permission sets) and role bindings (a role for a user or team on one environment or all).
import "server-only";
import { z } from "zod";
import { createTRPCRouter, procedureFor } from "../init";
import { PERMISSIONS } from "../../auth/permissions";
import { listRoles } from "../../services/roles/list-roles";
import { createRole, deleteRole, updateRole } from "../../services/roles/save-role";
import { listBindings } from "../../services/bindings/list-bindings";
import { createBinding, deleteBinding } from "../../services/bindings/save-binding";

// Field rules (names, known permissions) are checked by the services so errors come back per field.
const roleInput = z.object({ name: z.string(), description: z.string().optional(), permissions: z.array(z.string()) });

export const roleRouter = createTRPCRouter({
  list: procedureFor("role:manage").query(async ({ ctx }) => ({ roles: await listRoles(ctx.db), permissions: PERMISSIONS })),

  create: procedureFor("role:manage")
    .input(roleInput)
    .mutation(({ ctx, input }) => createRole(ctx, input as Parameters<typeof createRole>[1])),

  update: procedureFor("role:manage")
    .input(roleInput.extend({ roleId: z.string().min(1) }))
    .mutation(({ ctx, input }) => updateRole(ctx, input as Parameters<typeof updateRole>[1])),

  delete: procedureFor("role:manage")
    .input(z.object({ roleId: z.string().min(1) }))
    .mutation(({ ctx, input }) => deleteRole(ctx, input)),
});

export const bindingRouter = createTRPCRouter({
  list: procedureFor("role:manage").query(({ ctx }) => listBindings(ctx.db)),

  // Binding a role on an environment needs role:manage globally (checked without the environment: the
  // input's environmentId is the binding's scope, not the target of the action).
  create: procedureFor("role:manage", { environmentIdFrom: null })
    .input(
      z.object({
        roleId: z.string().min(1),
        userId: z.string().min(1).nullish(),
        teamId: z.string().min(1).nullish(),
        environmentId: z.string().min(1).nullish(),
      }),
    )
    .mutation(({ ctx, input }) => createBinding(ctx, input)),

  delete: procedureFor("role:manage")
    .input(z.object({ bindingId: z.string().min(1) }))
    .mutation(({ ctx, input }) => deleteBinding(ctx, input)),
});
