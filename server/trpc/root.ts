// The root router: one router per resource.
import "server-only";
import { createCallerFactory, createTRPCRouter } from "./init";
import { setupRouter } from "./routers/setup";
import { environmentRouter } from "./routers/environment";
import { containerRouter } from "./routers/container";
import { auditRouter } from "./routers/audit";
import { userRouter } from "./routers/user";
import { accountRouter } from "./routers/account";
import { teamRouter } from "./routers/team";
import { roleRouter, bindingRouter } from "./routers/role";
import { tokenRouter } from "./routers/token";
import { imageRouter } from "./routers/image";
import { volumeRouter } from "./routers/volume";
import { networkRouter } from "./routers/network";
import { topologyRouter } from "./routers/topology";

export const appRouter = createTRPCRouter({
  setup: setupRouter,
  environment: environmentRouter,
  container: containerRouter,
  audit: auditRouter,
  user: userRouter,
  account: accountRouter,
  team: teamRouter,
  role: roleRouter,
  binding: bindingRouter,
  token: tokenRouter,
  image: imageRouter,
  volume: volumeRouter,
  network: networkRouter,
  topology: topologyRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
