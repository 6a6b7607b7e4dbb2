// What the integration global setup hands to every test file through vitest's provide/inject:
//   const registryHost = inject("registryHost");          // "127.0.0.1:PORT"
//   const { busybox } = inject("fixtures");               // busybox.reference, .configDigest, ...
import type { Fixtures } from "./fixture-images.js";

declare module "vitest" {
  interface ProvidedContext {
    /** "127.0.0.1:PORT" of the run's registry, which holds the fixture images (no auth). */
    registryHost: string;
    /** The fixture images pushed to it (see fixture-images.ts). */
    fixtures: Fixtures;
  }
}

export {};
