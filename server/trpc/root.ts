// The root router: one router per resource.
import "server-only";
import { createCallerFactory, createTRPCRouter } from "./init";
import { setupRouter } from "./routers/setup";
import { environmentRouter } from "./routers/environment";
import { containerRouter } from "./routers/container";
import { auditRouter } from "./routers/audit";

export const appRouter = createTRPCRouter({
  setup: setupRouter,
  environment: environmentRouter,
  container: containerRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
