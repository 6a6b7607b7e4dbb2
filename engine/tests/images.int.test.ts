// Images through the real docker CLI 28 against wharfd, side by side with a real dockerd 20.10 (the harness's),
// both pulling the harness's fixture images from the run's real registry: pull, images, inspect, history, tag,
// push, rmi, save | load, import. Expected IDs and digests come from the harness (what it pushed) and from dockerd.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dockerCli, startDockerd, type Dockerd } from "../../tests/harness/index.js";
import { startWharfd, type Wharfd } from "./lib/start-wharfd.js";

const registryHost = inject("registryHost");
const lines = (s: string) => s.split("\n").filter((l) => l !== "");
const fixtures = inject("fixtures");

describe("docker image commands against wharfd", () => {
  let wharfd: Wharfd;
  let dockerd: Dockerd;
  let env: Record<string, string>;
  const docker = (args: string[], input?: string | Buffer) => dockerCli(env, args, { input });
  const real = (args: string[], input?: string | Buffer) => dockerCli(dockerd.env, args, { input });

  beforeAll(async () => {
    [wharfd, dockerd] = await Promise.all([startWharfd(), startDockerd({ iptables: false })]);
    env = { DOCKER_HOST: wharfd.dockerHost, DOCKER_CONFIG: wharfd.dir };
  });
  afterAll(async () => {
    await Promise.all([wharfd?.stop(), dockerd?.stop()]);
    wharfd?.cleanup();
  });

  it("pulls busybox with dockerd's progress lines and the same image ID as dockerd", async () => {
    const ref = fixtures.busybox.reference;
    const [ours, theirs] = await Promise.all([docker(["pull", ref]), real(["pull", ref])]);
    expect(ours.stderr).toBe("");
    expect(ours.code).toBe(0);
    expect(theirs.code).toBe(0);
    // Layer lines interleave by timing in both engines: compare the same lines, and the fixed first and last ones.
    expect(lines(ours.stdout).sort()).toEqual(lines(theirs.stdout).sort());
    expect(lines(ours.stdout)[0]).toBe("latest: Pulling from busybox");
    expect(lines(ours.stdout).slice(-3)).toEqual(lines(theirs.stdout).slice(-3));
    expect(ours.stdout).toContain(`Digest: ${fixtures.busybox.manifestDigest}`);
    const again = await docker(["pull", ref]);
    expect(again.stdout).toContain(`Status: Image is up to date for ${ref}`);
    const [a, b] = await Promise.all([
      docker(["image", "inspect", "--format", "{{.Id}} {{json .RepoDigests}} {{json .RepoTags}} {{.Size}} {{json .RootFS.Layers}} {{json .Config.Cmd}} {{.Os}}/{{.Architecture}}", ref]),
      real(["image", "inspect", "--format", "{{.Id}} {{json .RepoDigests}} {{json .RepoTags}} {{.Size}} {{json .RootFS.Layers}} {{json .Config.Cmd}} {{.Os}}/{{.Architecture}}", ref]),
    ]);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout.split(" ")[0]).toBe(fixtures.busybox.configDigest);
  });

  it("lists images and shows history as dockerd does", async () => {
    const fmt = ["--format", "{{.Repository}} {{.Tag}} {{.ID}} {{.Size}}"];
    const [a, b] = await Promise.all([docker(["images", ...fmt]), real(["images", ...fmt])]);
    expect(a.stdout).toBe(b.stdout);
    const hist = ["history", "--no-trunc", "--format", "{{.ID}}|{{.CreatedBy}}|{{.Size}}|{{.Comment}}", fixtures.busybox.reference];
    const [h1, h2] = await Promise.all([docker(hist), real(hist)]);
    expect(h1.stdout).toBe(h2.stdout);
    expect(h1.stdout.split("\n")[0]).toContain(fixtures.busybox.configDigest);
  });
});
