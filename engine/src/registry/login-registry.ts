// `docker login` (POST /auth): checks credentials against the registry's /v2/ endpoint (distribution-spec
// "Determining support"), answering through the same challenge flow a pull uses. dockerd's wording on failure.
import { EngineError } from "../errors.js";
import type { Logger } from "../log.js";
import type { RegistryCredentials } from "./registry-auth.js";
import { RegistryTransport } from "./registry-transport.js";

export async function loginRegistry(serverAddress: string, credentials: RegistryCredentials, insecureRegistries: readonly string[], log: Logger): Promise<void> {
  const domain = serverAddress.replace(/^https?:\/\//, "").replace(/\/.*$/, "") || "docker.io";
  const transport = new RegistryTransport({ domain: domain === "index.docker.io" ? "docker.io" : domain, path: "", credentials, insecureRegistries, actions: "pull", log });
  let res: Response;
  try {
    res = await transport.request("GET", "/v2/");
  } catch (e) {
    if (e instanceof EngineError && (e.kind === "Unauthorized" || e.message === "no basic auth credentials")) throw new EngineError("Unauthorized", `login attempt to ${transport.baseUrl}/v2/ failed with status: 401 Unauthorized`);
    throw e;
  }
  await res.body?.cancel();
  if (res.status === 401) throw new EngineError("Unauthorized", `login attempt to ${transport.baseUrl}/v2/ failed with status: 401 Unauthorized`);
  if (!res.ok) throw new EngineError("Unavailable", `login attempt to ${transport.baseUrl}/v2/ failed with status: ${res.status} ${res.statusText}`);
}
