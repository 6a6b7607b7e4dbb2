// Environments: the Docker hosts Wharf manages.
import "server-only";
import { createTRPCRouter, procedureFor } from "../init";
import { listEnvironments } from "../../services/environments/list-environments";

export const environmentRouter = createTRPCRouter({
  list: procedureFor("environment:read").query(({ ctx }) => listEnvironments(ctx.db)),
});
