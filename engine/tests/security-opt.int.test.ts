// `docker run --security-opt` (HostConfig.SecurityOpt) with the real docker CLI against wharfd and the harness
// dockerd: Docker's default seccomp profile (a filter is loaded; unshare(CLONE_NEWUSER) gets EPERM unless the
// container has CAP_SYS_ADMIN), seccomp=unconfined, a custom profile file, no-new-privileges, LSM options on a
// host without AppArmor/SELinux, and dockerd's refusals. `--privileged` is not compared: on this VM both engines
// fail to start privileged containers (the bounding set lacks CAP_SYS_RESOURCE).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dockerCli, startDockerd, tempDir, type Dockerd, type TempDir } from "../../tests/harness/index.js";
import { engineRequest } from "./lib/engine-request.js";
import { startWharfd, type Wharfd } from "./lib/start-wharfd.js";

const BUSYBOX = inject("fixtures").busybox.reference;

type Env = Record<string, string>;
interface Engine {
  name: "wharfd" | "dockerd";
  env: Env;
  socketPath: string;
}

// Prints the kernel's view of the process and tries a user namespace, which the default profile closes.
const PROBE = 'grep -E "^(Seccomp|NoNewPrivs):" /proc/self/status; unshare -U true; echo unshare=$?';
const EPERM_UNSHARE = "unshare: unshare(0x10000000): Operation not permitted\n";

describe("docker run --security-opt against wharfd and dockerd", () => {
  let wharfd: Wharfd;
  let dockerd: Dockerd;
  let dir: TempDir;
  const engines: Engine[] = [];
  const both = async <T>(f: (e: Engine) => Promise<T>): Promise<T[]> => Promise.all(engines.map(f));
  const docker = (e: Engine, args: string[]) => dockerCli(e.env, args, { timeout: 60_000 });
  const prefix = `secopt-${process.pid}`;
  const ours = async (e: Engine) => (await docker(e, ["ps", "-a", "--filter", `name=${prefix}`, "--format", "{{.Names}} {{.State}}"])).stdout;

  beforeAll(async () => {
    [wharfd, dockerd, dir] = await Promise.all([startWharfd(), startDockerd({ iptables: false }), tempDir("secopt-")]);
    engines.push(
      { name: "wharfd", env: { DOCKER_HOST: wharfd.dockerHost, DOCKER_CONFIG: wharfd.dir }, socketPath: wharfd.socketPath },
      { name: "dockerd", env: dockerd.env as Env, socketPath: String(dockerd.env.DOCKER_HOST).replace(/^unix:\/\//, "") },
    );
    await both((e) => docker(e, ["pull", "-q", BUSYBOX]));
  }, 120_000);

  afterAll(async () => {
    await both(async (e) => {
      const left = (await docker(e, ["ps", "-aq", "--filter", `name=${prefix}`])).stdout.split("\n").filter(Boolean);
      if (left.length) await docker(e, ["rm", "-f", ...left]);
    });
    dir?.remove();
    await Promise.all([wharfd?.stop(), dockerd?.stop()]);
    wharfd?.cleanup();
  }, 120_000);

  it("default profile: a seccomp filter, NoNewPrivs 0, unshare -U gets EPERM; seccomp=unconfined: no filter and unshare works; CAP_SYS_ADMIN opens unshare", async () => {
    const results = await both(async (e) => {
      const run = async (opts: string[]) => {
        const r = await docker(e, ["run", "--rm", ...opts, BUSYBOX, "sh", "-c", PROBE]);
        return { code: r.code, stdout: r.stdout, stderr: r.stderr };
      };
      return { default: await run([]), unconfined: await run(["--security-opt", "seccomp=unconfined"]), sysAdmin: await run(["--cap-add", "SYS_ADMIN"]) };
    });
    expect(results[0]).toEqual(results[1]);
    expect(results[0]).toEqual({
      default: { code: 0, stdout: "NoNewPrivs:\t0\nSeccomp:\t2\nunshare=1\n", stderr: EPERM_UNSHARE },
      unconfined: { code: 0, stdout: "NoNewPrivs:\t0\nSeccomp:\t0\nunshare=0\n", stderr: "" },
      sysAdmin: { code: 0, stdout: "NoNewPrivs:\t0\nSeccomp:\t2\nunshare=0\n", stderr: "" },
    });
  }, 60_000);

  it("a custom profile file that answers mkdir with EPERM: mkdir fails, everything else runs", async () => {
    const profile = join(dir.path, "no-mkdir.json");
    writeFileSync(profile, JSON.stringify({ defaultAction: "SCMP_ACT_ALLOW", syscalls: [{ names: ["mkdir", "mkdirat"], action: "SCMP_ACT_ERRNO", errnoRet: 1 }] }, null, 2));
    const results = await both(async (e) => {
      const r = await docker(e, ["run", "--rm", "--security-opt", `seccomp=${profile}`, BUSYBOX, "sh", "-c", 'mkdir /tmp/d; echo mkdir=$?; touch /tmp/f && echo touched; grep "^Seccomp:" /proc/self/status']);
      return [r.code, r.stdout, r.stderr];
    });
    expect(results).toEqual([
      [0, "mkdir=1\ntouched\nSeccomp:\t2\n", "mkdir: can't create directory '/tmp/d': Operation not permitted\n"],
      [0, "mkdir=1\ntouched\nSeccomp:\t2\n", "mkdir: can't create directory '/tmp/d': Operation not permitted\n"],
    ]);
  }, 60_000);

  it("no-new-privileges (bare, :true) sets NoNewPrivs 1, =false leaves 0; apparmor= and label= are accepted on this host without AppArmor/SELinux; inspect shows the options as sent and the AppArmor profile named", async () => {
    const results = await both(async (e) => {
      const nnp = async (opt: string) => (await docker(e, ["run", "--rm", "--security-opt", opt, BUSYBOX, "grep", "^NoNewPrivs:", "/proc/self/status"])).stdout;
      const lsm = await docker(e, ["run", "--rm", "--security-opt", "apparmor=unconfined", "--security-opt", "label=disable", BUSYBOX, "true"]);
      const name = `${prefix}-inspect`;
      await docker(e, ["create", "--name", name, "--security-opt", "no-new-privileges", "--security-opt", "seccomp=unconfined", "--security-opt", "apparmor=unconfined", BUSYBOX, "true"]);
      const inspect = await docker(e, ["inspect", "-f", "{{json .HostConfig.SecurityOpt}} {{json .AppArmorProfile}}", name]);
      await docker(e, ["rm", name]);
      return { bare: await nnp("no-new-privileges"), colon: await nnp("no-new-privileges:true"), off: await nnp("no-new-privileges=false"), lsm: lsm.code, inspect: inspect.stdout };
    });
    expect(results[0]).toEqual(results[1]);
    expect(results[0]).toEqual({ bare: "NoNewPrivs:\t1\n", colon: "NoNewPrivs:\t1\n", off: "NoNewPrivs:\t0\n", lsm: 0, inspect: '["no-new-privileges","seccomp=unconfined","apparmor=unconfined"] "unconfined"\n' });
  }, 60_000);

  it("bad options get dockerd's message and create nothing; a profile that does not decode is refused at create by wharfd (dockerd leaves the container Created)", async () => {
    const profile = join(dir.path, "array.json");
    writeFileSync(profile, "[1,2]\n"); // valid JSON (the CLI compacts it) but not a profile
    const results = await both(async (e) => {
      const run = async (opt: string, name: string) => {
        const r = await docker(e, ["run", "--name", `${prefix}-${name}`, "--security-opt", opt, BUSYBOX, "true"]);
        return [r.code, r.stderr.split("\n")[0]];
      };
      // `bogus` never leaves the CLI; the raw API shows the daemon's own answer.
      const raw = await engineRequest(e.socketPath, "POST", `/containers/create?name=${prefix}-raw`, { Image: BUSYBOX, Cmd: ["true"], HostConfig: { SecurityOpt: ["bogus"] } });
      return {
        foo: await run("foo=bar", "foo"),
        nnp: await run("no-new-privileges=maybe", "nnp"),
        array: await run(`seccomp=${profile}`, "array"),
        raw: [raw.status, JSON.parse(raw.body).message],
        left: await ours(e),
      };
    });
    const decode = "docker: Error response from daemon: Decoding seccomp profile failed: json: cannot unmarshal array into Go value of type seccomp.Seccomp";
    const same = {
      foo: [125, 'docker: Error response from daemon: invalid --security-opt 2: "foo=bar"'],
      nnp: [125, 'docker: Error response from daemon: invalid --security-opt 2: "no-new-privileges=maybe"'],
      array: [125, decode],
    };
    // dockerd 20.10 answers option errors with 500 (an untyped error); wharfd with 400, as for other bad create bodies.
    expect(results[0]).toEqual({ ...same, raw: [400, 'invalid --security-opt 1: "bogus"'], left: "" });
    expect(results[1]).toEqual({ ...same, raw: [500, 'invalid --security-opt 1: "bogus"'], left: `${prefix}-array created\n` });
  }, 60_000);
});
