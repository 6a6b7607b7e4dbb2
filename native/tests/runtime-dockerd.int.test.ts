// wharf-runtime under a real engine: dockerd 20.10 + containerd + containerd-shim-runc-v2 configured with
// `--add-runtime wharf=<native/build/wharf-runtime>`, driven by the real docker CLI. This is the runc command
// line as containerd really calls it (--log --log-format json, create with --pid-file and console sockets,
// exec --process, kill, delete, pause, events), with Docker's default seccomp profile, capabilities and masks.
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dockerCli, startDockerd, type Dockerd } from "../../tests/harness/index.js";
import { RuntimeFixture } from "./lib/runtime-fixture.js";
import { WHARF_RUNTIME_PATH } from "./lib/runtime-table.js";

const fx = new RuntimeFixture();
let dockerd: Dockerd;
const IMAGE = "wtest-busybox:latest";
const docker = (...args: string[]) => dockerCli(dockerd.env, args);

beforeAll(async () => {
  fx.setUp(); // builds wharf-runtime and the busybox rootfs
  dockerd = await startDockerd({ iptables: false, extraArgs: ["--add-runtime", `wharf=${WHARF_RUNTIME_PATH}`] });
  const tar = execFileSync("tar", ["-C", fx.rootfs, "-c", "."], { maxBuffer: 64 * 1024 * 1024 });
  const imported = await dockerCli(dockerd.env, ["import", "-", IMAGE], { input: tar });
  if (imported.code !== 0) throw new Error(`docker import: ${imported.stderr}`);
});

afterAll(async () => {
  await dockerd?.stop();
  await fx.tearDown();
});

describe("docker with --runtime wharf", () => {
  it("runs a container to completion with Docker's seccomp profile, caps and masked paths", async () => {
    const r = await docker("run", "--rm", "--runtime", "wharf", "--hostname", "wharfy", IMAGE,
      "sh", "-c", "echo $$ $(hostname); grep CapEff /proc/self/status; wc -c < /proc/timer_list; hostname x 2>&1; exit 3");
    expect(r.stderr).toBe("");
    // Docker's default capability set is 0x00000000a80425fb; sethostname needs CAP_SYS_ADMIN, which it lacks.
    expect(r.stdout).toBe("1 wharfy\nCapEff:\t00000000a80425fb\n0\nhostname: sethostname: Operation not permitted\n");
    expect(r.code).toBe(3);
  });

  it("honours docker run --read-only --user --cap-drop --pids-limit --cpus -e -w", async () => {
    const r = await docker("run", "--rm", "--runtime", "wharf", "--read-only", "--user", "1000:1000", "--cap-drop", "ALL",
      "--pids-limit", "20", "--cpus", "0.5", "-e", "X=from-docker", "-w", "/tmp", IMAGE,
      "sh", "-c", "id -u; id -g; pwd; echo $X; grep CapEff /proc/self/status; touch /x 2>&1 | grep -o 'Read-only file system'");
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("1000\n1000\n/tmp\nfrom-docker\nCapEff:\t0000000000000000\nRead-only file system\n");
    expect(r.code).toBe(0);
  });

  it("enforces docker run --memory with an OOM kill (exit 137)", async () => {
    const r = await docker("run", "--rm", "--runtime", "wharf", "--memory", "32m", "--memory-swap", "32m", IMAGE, "tail", "/dev/zero");
    expect(r.code).toBe(137);
  });

  it("supports detached run, exec, pause/unpause, stats, stop and rm", async () => {
    const name = `wtest-${process.pid}`;
    const started = await docker("run", "-d", "--runtime", "wharf", "--name", name, IMAGE, "sleep", "300");
    expect(started.stderr).toBe("");
    expect(started.code).toBe(0);
    const ex = await docker("exec", name, "sh", "-c", "cat /proc/1/cmdline | tr '\\0' ' '; id -u");
    expect(ex).toMatchObject({ code: 0, stdout: "sleep 300 0\n" });
    const tty = await docker("exec", "-t", name, "tty");
    expect(tty.stdout).toMatch(/^\/dev\/pts\/\d+\r\n$/);
    expect((await docker("pause", name)).code).toBe(0);
    expect((await docker("inspect", "-f", "{{.State.Status}}", name)).stdout.trim()).toBe("paused");
    expect((await docker("unpause", name)).code).toBe(0);
    const stats = await docker("stats", "--no-stream", "--format", "{{.PIDs}}", name);
    expect(stats).toMatchObject({ code: 0, stdout: "1\n" });
    expect((await docker("stop", "-t", "1", name)).code).toBe(0);
    expect((await docker("inspect", "-f", "{{.State.ExitCode}}", name)).stdout.trim()).toBe("137");
    expect((await docker("rm", name)).code).toBe(0);
  });

  it("gives docker run -t a terminal", async () => {
    const r = await docker("run", "--rm", "-t", "--runtime", "wharf", IMAGE, "sh", "-c", "tty; echo on-tty");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\/dev\/pts\/0\r\non-tty\r\n$/);
  });
});
