// Registry credentials end to end: a real registry with HTTP basic auth (the harness's htpasswd mode), the real
// docker CLI's login (POST /auth) and the X-Registry-Auth header it then sends on pull and push.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFixtureImages, dockerCli, pushImage, startRegistry, type Registry } from "../../tests/harness/index.js";
import { startWharfd, type Wharfd } from "./lib/start-wharfd.js";

describe("registry auth", () => {
  let registry: Registry;
  let wharfd: Wharfd;
  let env: Record<string, string>;
  const docker = (args: string[], input?: string) => dockerCli(env, args, { input });
  const user = { username: "wharf", password: "s3cret-pass" };

  beforeAll(async () => {
    [registry, wharfd] = await Promise.all([startRegistry({ basicAuth: user }), startWharfd()]);
    env = { DOCKER_HOST: wharfd.dockerHost, DOCKER_CONFIG: wharfd.dir };
    const { busybox } = await buildFixtureImages();
    await pushImage({ host: registry.host, authorization: registry.authorization }, "private/busybox", "latest", busybox);
  });
  afterAll(async () => {
    await Promise.all([registry?.stop(), wharfd?.stop()]);
    wharfd?.cleanup();
  });

  it("refuses anonymous pulls and wrong passwords with the registry's verdict", async () => {
    const anon = await docker(["pull", `${registry.host}/private/busybox`], "");
    expect(anon.code).toBe(1);
    expect(anon.stderr).toContain("no basic auth credentials");
    const bad = await docker(["login", "-u", user.username, "--password-stdin", registry.host], "wrong");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`login attempt to http://${registry.host}/v2/ failed with status: 401 Unauthorized`);
  });

  it("logs in, then pulls and pushes with the stored credentials", async () => {
    const login = await docker(["login", "-u", user.username, "--password-stdin", registry.host], user.password);
    expect(login.stderr).not.toContain("Error");
    expect(login.stdout).toContain("Login Succeeded");
    const { busybox } = await buildFixtureImages();
    const pull = await docker(["pull", `${registry.host}/private/busybox`]);
    expect(pull.stderr).toBe("");
    expect(pull.stdout).toContain(`Digest: ${busybox.manifestDigest}`);
    expect((await docker(["tag", `${registry.host}/private/busybox`, `${registry.host}/private/copy:v2`])).code).toBe(0);
    const push = await docker(["push", `${registry.host}/private/copy:v2`]);
    expect(push.stderr).toBe("");
    // Same registry: the layers are mounted from private/busybox rather than uploaded again.
    expect(push.stdout).toContain("Mounted from private/busybox");
    expect(push.stdout).toContain(`v2: digest: ${busybox.manifestDigest}`);
    const head = await fetch(`${registry.url}/v2/private/copy/manifests/v2`, { method: "HEAD", headers: { Authorization: registry.authorization!, Accept: busybox.manifestMediaType } });
    expect(head.headers.get("docker-content-digest")).toBe(busybox.manifestDigest);
  });
});
