// What a process sees inside the container (runtime-spec config.md, config-linux.md): pid namespace,
// hostname, mounts, devices, capabilities, user and groups, rlimits, read-only root, masked and read-only
// paths, sysctl, seccomp, user namespaces and hooks; the same assertions for wharf-runtime, runc and crun.
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "../../tests/harness/run-command.js";
import { RuntimeFixture } from "./lib/runtime-fixture.js";
import { RUNTIMES } from "./lib/runtime-table.js";

const fx = new RuntimeFixture();
beforeAll(() => fx.setUp());
afterAll(() => fx.tearDown());

const sh = (script: string) => ["sh", "-c", script];
const V1_HOST = readFileSync("/proc/self/mountinfo", "utf8").includes(" /sys/fs/cgroup/memory ");

async function expectOk(file: string, args: string[]): Promise<void> {
  const r = await runCommand(file, args);
  if (r.code !== 0) throw new Error(`${file} ${args.join(" ")}: ${r.stderr}`);
}

describe.each(RUNTIMES)("$name", (runtime) => {
  it("runs the process as pid 1 with its own hostname, cwd, env and rlimits", async () => {
    const c = fx.prepare(runtime, sh('echo "$$ $(hostname) $(pwd) $GREETING $(ulimit -n)"'), (cfg) => {
      cfg.process.cwd = "/tmp";
      cfg.process.env.push("GREETING=hello");
      cfg.process.rlimits = [{ type: "RLIMIT_NOFILE", soft: 321, hard: 654 }];
    });
    expect(await fx.run(c)).toMatchObject({ code: 0, stdout: "1 wharf-test /tmp hello 321\n", stderr: "" });
  });

  it("passes env and args through JSON escapes intact (\\u00e9, surrogate pairs, quotes, newlines)", async () => {
    const c = fx.prepare(runtime, ["sh", "-c", 'printf "%s|%s\\n" "$WORD" "$1"', "sh", 'say "hi"\nback\\slash'], (cfg) => {
      cfg.process.env.push("WORD=caf\u00e9 \ud83d\ude00 \t tab");
    });
    // JSON.stringify keeps non-ASCII raw; spell it as \uXXXX escapes (UTF-16 units, so 😀 is a surrogate pair).
    const configPath = join(c.bundle, "config.json");
    const escaped = readFileSync(configPath, "utf8").replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
    expect(escaped).toContain("caf\\u00e9 \\ud83d\\ude00");
    writeFileSync(configPath, escaped);
    expect((await fx.run(c)).stdout).toBe('café 😀 \t tab|say "hi"\nback\\slash\n');
  });

  it("gives exactly the configured capabilities (CapEff/CapBnd in /proc/self/status)", async () => {
    const c = fx.prepare(runtime, sh("grep -E '^Cap(Eff|Bnd|Prm)' /proc/self/status"));
    // CAP_KILL (5), CAP_NET_BIND_SERVICE (10), CAP_AUDIT_WRITE (29).
    expect((await fx.run(c)).stdout).toBe("CapPrm:\t0000000020000420\nCapEff:\t0000000020000420\nCapBnd:\t0000000020000420\n");
  });

  it("applies umask, oomScoreAdj, noNewPrivileges and ambient capabilities for a non-root user", async () => {
    const c = fx.prepare(runtime, sh("umask; cat /proc/self/oom_score_adj; grep -E '^(NoNewPrivs|CapEff|CapAmb)' /proc/self/status"), (cfg) => {
      cfg.process.user = { uid: 1000, gid: 1000, umask: 0o027 };
      cfg.process.oomScoreAdj = 300;
      cfg.process.noNewPrivileges = true;
      const net = ["CAP_NET_BIND_SERVICE"];
      cfg.process.capabilities = { bounding: net, effective: net, permitted: net, inheritable: net, ambient: net };
    });
    expect(await fx.run(c)).toMatchObject({
      code: 0,
      stdout: "0027\n300\nCapEff:\t0000000000000400\nCapAmb:\t0000000000000400\nNoNewPrivs:\t1\n",
    });
  });

  it("switches to the configured uid, gid and additional groups", async () => {
    const c = fx.prepare(runtime, sh("id -u; id -g; id -G; touch /root/x"), (cfg) => {
      cfg.process.user = { uid: 1000, gid: 1000, additionalGids: [65534] };
    });
    const r = await fx.run(c);
    expect(r.stdout).toBe("1000\n1000\n1000 65534\n");
    expect(r.stderr).toContain("Permission denied"); // /root is 0755 root: not writable as uid 1000
  });

  it("mounts proc, tmpfs with options, devpts and a read-only bind mount; creates devices and /dev links", async () => {
    const shared = join(fx.dir, `shared-${runtime.name}`);
    mkdirSync(shared, { recursive: true });
    writeFileSync(join(shared, "hello.txt"), "from the host\n");
    const c = fx.prepare(
      runtime,
      sh(
        "cat /data/hello.txt; touch /data/new 2>&1 | grep -o 'Read-only file system'; " +
          "grep ' /dev/shm ' /proc/self/mountinfo | grep -o 'nosuid,nodev,noexec'; " +
          "grep -c ' /dev/pts ' /proc/self/mountinfo; readlink /dev/stdout; readlink /dev/fd; readlink /dev/ptmx; " +
          "stat -c '%n %F %t:%T %a' /dev/null /dev/zero /dev/urandom /dev/tty /dev/wharf-null",
      ),
      (cfg) => {
        cfg.mounts.push({ destination: "/data", type: "bind", source: shared, options: ["rbind", "ro"] });
        cfg.linux.devices = [{ path: "/dev/wharf-null", type: "c", major: 1, minor: 3, fileMode: 0o600, uid: 0, gid: 0 }];
        cfg.linux.resources.devices.push({ allow: true, type: "c", major: 1, minor: 3, access: "rwm" });
      },
    );
    const r = await fx.run(c);
    expect(r.stdout).toBe(
      "from the host\nRead-only file system\nnosuid,nodev,noexec\n1\n/proc/self/fd/1\n/proc/self/fd\npts/ptmx\n" +
        "/dev/null character special file 1:3 666\n/dev/zero character special file 1:5 666\n" +
        "/dev/urandom character special file 1:9 666\n/dev/tty character special file 5:0 666\n" +
        "/dev/wharf-null character special file 1:3 600\n",
    );
    expect(existsSync(join(shared, "new"))).toBe(false);
  });

  it("enforces the device cgroup: a listed node is unusable until a rule allows it", async () => {
    // /dev/kmsg (c 1:11) opened write-only needs no capability, so only the device cgroup decides.
    const script = "echo wharf-runtime device cgroup test > /dev/wharf-kmsg && echo wrote; cat /dev/null && echo null-ok";
    const node = { path: "/dev/wharf-kmsg", type: "c", major: 1, minor: 11, fileMode: 0o600, uid: 0, gid: 0 };
    const denied = fx.prepare(runtime, sh(script), (cfg) => { cfg.linux.devices = [node]; });
    const r1 = await fx.run(denied);
    expect(r1.stdout).toBe("null-ok\n");
    expect(r1.stderr).toContain("can't create /dev/wharf-kmsg: Operation not permitted");
    const allowed = fx.prepare(runtime, sh(script), (cfg) => {
      cfg.linux.devices = [node];
      cfg.linux.resources.devices.push({ allow: true, type: "c", major: 1, minor: 11, access: "w" });
    });
    expect(await fx.run(allowed)).toMatchObject({ stdout: "wrote\nnull-ok\n", stderr: "" });
  });

  it("resolves symlinks in mount destinations inside the rootfs, never on the host", async () => {
    // An image may ship /wlink -> /var (absolute) or a ../../.. chain; both must land inside the rootfs.
    symlinkSync("/var", join(fx.rootfs, `wlink-${runtime.name}`));
    symlinkSync("../../../../../../../../srv", join(fx.rootfs, `wdots-${runtime.name}`));
    mkdirSync(join(fx.rootfs, "srv"), { recursive: true });
    const c = fx.prepare(runtime, sh("grep -c ' /var ' /proc/self/mountinfo; grep -c ' /srv ' /proc/self/mountinfo"), (cfg) => {
      cfg.mounts.push({ destination: `/wlink-${runtime.name}`, type: "tmpfs", source: "tmpfs" });
      cfg.mounts.push({ destination: `/wdots-${runtime.name}`, type: "tmpfs", source: "tmpfs" });
    });
    expect(await fx.run(c)).toMatchObject({ code: 0, stdout: "1\n1\n" });
  });

  it("keeps the root read-only, masks paths and makes /proc/sys read-only", async () => {
    // /proc/kcore does not exist on this kernel; /proc/timer_list and /sys/firmware are masked by the base config
    // and are not empty on the host, so an empty view inside proves the mask.
    expect(readFileSync("/proc/timer_list", "utf8").length).toBeGreaterThan(0);
    expect(readdirSync("/sys/firmware").length).toBeGreaterThan(0);
    const c = fx.prepare(
      runtime,
      sh("touch /x 2>&1 | grep -o 'Read-only file system'; wc -c < /proc/timer_list; ls /sys/firmware | wc -l; " +
        "(echo 1 > /proc/sys/kernel/ns_last_pid) 2>&1 | grep -o 'Read-only file system'; (echo ok > /tmp/w) 2>/dev/null || echo tmp-ro"),
      (cfg) => {
        cfg.root.readonly = true;
        cfg.process.capabilities.bounding.push("CAP_SYS_ADMIN");
        cfg.process.capabilities.effective.push("CAP_SYS_ADMIN");
        cfg.process.capabilities.permitted.push("CAP_SYS_ADMIN");
      },
    );
    const r = await fx.run(c);
    expect(r.stdout).toBe("Read-only file system\n0\n0\nRead-only file system\ntmp-ro\n");
  });

  it("applies sysctl in the container's network namespace only", async () => {
    const host = readFileSync("/proc/sys/net/ipv4/ip_default_ttl", "utf8").trim();
    const c = fx.prepare(runtime, ["cat", "/proc/sys/net/ipv4/ip_default_ttl"], (cfg) => {
      cfg.linux.sysctl = { "net.ipv4.ip_default_ttl": "42" };
    });
    expect((await fx.run(c)).stdout).toBe("42\n");
    expect(readFileSync("/proc/sys/net/ipv4/ip_default_ttl", "utf8").trim()).toBe(host);
  });

  it("denies syscalls with seccomp: sethostname gets EPERM, mkdir gets the configured errno", async () => {
    const withSysAdmin = (cfg: Record<string, any>) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      for (const set of ["bounding", "effective", "permitted"]) cfg.process.capabilities[set].push("CAP_SYS_ADMIN");
    };
    const allowed = fx.prepare(runtime, sh("hostname changed && hostname"), withSysAdmin);
    expect((await fx.run(allowed)).stdout).toBe("changed\n");

    const denied = fx.prepare(runtime, sh("hostname changed; mkdir /tmp/d; echo dir=$?; hostname"), (cfg) => {
      withSysAdmin(cfg);
      cfg.linux.seccomp = {
        defaultAction: "SCMP_ACT_ALLOW",
        architectures: ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
        syscalls: [
          { names: ["sethostname"], action: "SCMP_ACT_ERRNO" },
          { names: ["mkdir", "mkdirat"], action: "SCMP_ACT_ERRNO", errnoRet: 13 },
          // An argument filter: only personality(0xffffffff) (a query) is allowed to pass through.
          { names: ["personality"], action: "SCMP_ACT_ERRNO", args: [{ index: 0, value: 8, op: "SCMP_CMP_EQ" }] },
        ],
      };
    });
    const r = await fx.run(denied);
    expect(r.stderr).toContain("hostname: sethostname: Operation not permitted");
    expect(r.stderr).toContain("mkdir: can't create directory '/tmp/d': Permission denied");
    expect(r.stdout).toBe("dir=1\nwharf-test\n");
  });

  it("joins an existing network namespace given by path", async () => {
    const ns = `wtest-${runtime.name}-${process.pid}`;
    await expectOk("ip", ["netns", "add", ns]);
    try {
      await expectOk("ip", ["-n", ns, "link", "add", "wtdummy0", "type", "veth", "peer", "name", "wtdummy1"]);
      const c = fx.prepare(runtime, sh("ls /sys/class/net | grep wtdummy"), (cfg) => {
        cfg.linux.namespaces = cfg.linux.namespaces.map((n: { type: string }) =>
          n.type === "network" ? { type: "network", path: `/run/netns/${ns}` } : n);
      });
      expect(await fx.run(c)).toMatchObject({ code: 0, stdout: "wtdummy0\nwtdummy1\n" });
    } finally {
      await runCommand("ip", ["netns", "del", ns]);
    }
  });

  it("joins another container's pid and uts namespaces by path", async () => {
    const first = fx.prepare(runtime, ["sleep", "300"], (cfg) => { cfg.hostname = "first-box"; });
    expect((await fx.runDetached(first)).code).toBe(0);
    const { pid } = await fx.waitForStatus(first, "running");
    const second = fx.prepare(runtime, sh("hostname; tr '\\0' ' ' < /proc/1/cmdline; echo; test $$ -ne 1 && echo not-init"), (cfg) => {
      delete cfg.hostname; // the uts namespace is shared, so its hostname is the first container's
      cfg.linux.namespaces = cfg.linux.namespaces.map((n: { type: string }) =>
        n.type === "pid" ? { type: "pid", path: `/proc/${pid}/ns/pid` } : n.type === "uts" ? { type: "uts", path: `/proc/${pid}/ns/uts` } : n);
    });
    expect(await fx.run(second)).toMatchObject({ code: 0, stdout: "first-box\nsleep 300 \nnot-init\n" });
    expect((await fx.exec(runtime, ["delete", "--force", first.id])).code).toBe(0);
  });

  it("mounts the container's own cgroup tree with a cgroup namespace", async () => {
    const limit = 48 * 1024 * 1024;
    const file = V1_HOST ? "/sys/fs/cgroup/memory/memory.limit_in_bytes" : "/sys/fs/cgroup/memory.max";
    const c = fx.prepare(runtime, sh(`cat ${file}; grep -c . /proc/self/cgroup >/dev/null; cat /proc/self/cgroup | grep -m1 -o ':/$'`), (cfg) => {
      cfg.linux.namespaces.push({ type: "cgroup" });
      cfg.linux.resources.memory = { limit };
      cfg.mounts.push({ destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup", options: ["nosuid", "noexec", "nodev", "relatime", "ro"] });
    });
    const r = await fx.run(c);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`${limit}\n:/\n`);
  });

  it("applies linux.rootfsPropagation to the container's root mount", async () => {
    const c = fx.prepare(runtime, sh("awk '$5 == \"/\"' /proc/self/mountinfo | grep -c 'shared:'"), (cfg) => {
      cfg.linux.rootfsPropagation = "rshared";
    });
    // runc 1.1.5 leaves the new root a plain slave; crun and wharf-runtime make it shared as asked.
    expect((await fx.run(c)).stdout).toBe(runtime.name === "runc" ? "0\n" : "1\n");
    const priv = fx.prepare(runtime, sh("awk '$5 == \"/\"' /proc/self/mountinfo | grep -c 'shared:'"), (cfg) => {
      cfg.linux.rootfsPropagation = "rprivate";
    });
    expect((await fx.run(priv)).stdout).toBe("0\n");
  });

  it("maps ids in a new user namespace", async () => {
    // The mapped root (host uid 200000) must be able to reach the rootfs: open up our temp dir for traversal.
    chmodSync(fx.dir, 0o711);
    const c = fx.prepare(runtime, sh("cat /proc/self/uid_map /proc/self/gid_map | tr -s ' '; id -u"), (cfg) => {
      cfg.linux.namespaces.push({ type: "user" });
      cfg.linux.uidMappings = [{ containerID: 0, hostID: 200000, size: 65536 }];
      cfg.linux.gidMappings = [{ containerID: 0, hostID: 200000, size: 65536 }];
    });
    const r = await fx.run(c);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(" 0 200000 65536\n 0 200000 65536\n0\n");
  });

  it("runs all six hook kinds with the state JSON on stdin", async () => {
    const out = join(fx.dir, `hooks-${runtime.name}`);
    mkdirSync(out, { recursive: true });
    const hook = (name: string, path = out) => ({ path: "/bin/sh", args: ["sh", "-c", `cat > ${path}/${name}.json`] });
    const c = fx.prepare(runtime, ["true"], (cfg) => {
      cfg.hooks = {
        prestart: [hook("prestart")],
        createRuntime: [hook("createRuntime")],
        createContainer: [hook("createContainer")],
        // Runs inside the container after pivot_root: /tmp is the container's.
        startContainer: [hook(`startContainer-${cfg.hostname}-${runtime.name}`, "/tmp")],
        poststart: [hook("poststart")],
        poststop: [hook("poststop")],
      };
    });
    const r = await fx.run(c);
    expect(r.code).toBe(0);
    for (const kind of ["prestart", "createRuntime", "createContainer", "poststart", "poststop"]) {
      const state = JSON.parse(readFileSync(join(out, `${kind}.json`), "utf8"));
      expect(state, kind).toMatchObject({ id: c.id, bundle: c.bundle });
      if (["prestart", "createRuntime", "poststart"].includes(kind)) expect(state.pid, kind).toBeGreaterThan(0);
    }
    const inside = JSON.parse(readFileSync(join(fx.rootfs, "tmp", `startContainer-wharf-test-${runtime.name}.json`), "utf8"));
    expect(inside.id).toBe(c.id);
  });
});
