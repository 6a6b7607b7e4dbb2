// wharf-runtime's cache of compiled seccomp programs (native/runtime/README.md "Seccomp cache"): the first
// create/exec with a seccomp section compiles it and stores libseccomp's program under --root; later ones load
// that program, and the filter behaves the same; a cache file that fails any check is ignored and rewritten.
// wharf-runtime only: runc and crun have no such cache (their seccomp behaviour is in runtime-isolation).
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SECCOMP_PROFILE, hostSeccompTarget, resolveSeccompProfile } from "../../engine/src/containers/seccomp-profile.js";
import { RuntimeFixture } from "./lib/runtime-fixture.js";
import { RUNTIMES } from "./lib/runtime-table.js";

const fx = new RuntimeFixture();
beforeAll(() => fx.setUp());
afterAll(() => fx.tearDown());

const wharf = RUNTIMES.find((r) => r.name === "wharf")!;
const sh = (script: string) => ["sh", "-c", script];
type Config = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// sethostname → EPERM, mkdir → EACCES (errnoRet 13); everything else allowed. CAP_SYS_ADMIN so that only the
// filter can be what refuses sethostname.
function withFilter(marker: string) {
  return (cfg: Config) => {
    for (const set of ["bounding", "effective", "permitted"]) cfg.process.capabilities[set].push("CAP_SYS_ADMIN");
    cfg.linux.seccomp = {
      defaultAction: "SCMP_ACT_ALLOW",
      architectures: ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
      syscalls: [
        { names: ["sethostname"], action: "SCMP_ACT_ERRNO" },
        { names: ["mkdir", "mkdirat"], action: "SCMP_ACT_ERRNO", errnoRet: 13 },
        // A rule no other test uses, so this test's profile (and cache entry) is its own.
        { names: ["personality"], action: "SCMP_ACT_ERRNO", args: [{ index: 0, value: marker.length, op: "SCMP_CMP_EQ" }] },
      ],
    };
  };
}
const PROBE = "hostname changed; mkdir /tmp/d; echo dir=$?; hostname; echo allowed > /tmp/f && cat /tmp/f";

async function expectFiltered(): Promise<void> {
  const r = await fx.run(fx.prepare(wharf, sh(PROBE), withFilter("probe")));
  expect(r.stderr).toContain("hostname: sethostname: Operation not permitted");
  expect(r.stderr).toContain("mkdir: can't create directory '/tmp/d': Permission denied");
  expect(r.stdout).toBe("dir=1\nwharf-test\nallowed\n");
  expect(r.code).toBe(0);
}

const cacheDir = () => join(fx.stateRoot(wharf), ".seccomp-cache");
const cacheFiles = () => (existsSync(cacheDir()) ? readdirSync(cacheDir()).sort() : []);

describe("wharf-runtime seccomp cache", () => {
  let entry = "";
  let program: Buffer;

  it("stores the compiled program on the first run and loads it on the second, with the same filter", async () => {
    expect(cacheFiles()).toEqual([]);
    await expectFiltered();
    const files = cacheFiles();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f]{64}\.bpf$/);
    entry = join(cacheDir(), files[0]!);
    const st = statSync(entry);
    expect(st.mode & 0o777).toBe(0o600);
    expect(st.uid).toBe(0);
    expect(statSync(cacheDir()).mode & 0o777).toBe(0o700);
    program = readFileSync(entry);
    // struct sock_filter[] (8 bytes each) + a 32-byte digest; this small profile is tens of instructions.
    expect(program.length % 8).toBe(0);
    expect(program.length).toBeGreaterThan(32 + 8 * 10);

    // A miss always renames a fresh file into place; the same inode means the second run read the cache.
    await expectFiltered();
    expect(cacheFiles()).toEqual(files);
    expect(statSync(entry).ino).toBe(st.ino);
    expect(readFileSync(entry).equals(program)).toBe(true);
    // The cache directory is not a container: `list` shows none once the runs are over.
    expect((await fx.exec(wharf, ["list", "-q"])).stdout).toBe("");
  });

  it("uses the cached program for exec into a running container", async () => {
    const c = fx.prepare(wharf, ["sleep", "300"], withFilter("probe"));
    expect((await fx.runDetached(c)).code).toBe(0);
    const ino = statSync(entry).ino;
    const r = await fx.exec(wharf, ["exec", c.id, "sh", "-c", "hostname other; echo rc=$?"]);
    expect(r.stderr).toContain("hostname: sethostname: Operation not permitted");
    expect(r.stdout).toBe("rc=1\n");
    expect(statSync(entry).ino).toBe(ino);
    expect(cacheFiles()).toHaveLength(1);
  });

  it.each([
    ["garbage of a valid size", () => writeFileSync(entry, Buffer.alloc(program.length, 0x41))],
    ["one instruction flipped (digest mismatch)", () => { const b = Buffer.from(program); b[8] = (b[8]! ^ 0xff); writeFileSync(entry, b); }],
    ["truncated to a size that is no program", () => writeFileSync(entry, program.subarray(0, program.length - 3))],
    ["empty", () => writeFileSync(entry, "")],
    ["writable by others", () => chmodSync(entry, 0o666)],
  ])("ignores a cache file that is %s, compiles the profile again and replaces the file", async (_what, spoil) => {
    spoil();
    await expectFiltered();
    expect(readFileSync(entry).equals(program)).toBe(true);
    expect(statSync(entry).mode & 0o777).toBe(0o600);
  });

  it("caches Docker's default profile: a second `true` stores nothing new and a blocked syscall stays EPERM", async () => {
    const caps = ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
      "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE"];
    const docker = resolveSeccompProfile(DEFAULT_SECCOMP_PROFILE, hostSeccompTarget(caps));
    const withDocker = (cfg: Config) => {
      for (const set of ["bounding", "effective", "permitted"]) cfg.process.capabilities[set] = [...caps];
      cfg.linux.seccomp = docker;
    };
    // unshare(2) needs CAP_SYS_ADMIN in Docker's profile; without it the default action answers EPERM.
    const probe = "unshare -m true; echo unshare=$?; echo ok";
    const first = await fx.run(fx.prepare(wharf, sh(probe), withDocker));
    expect(first.stdout).toBe("unshare=1\nok\n");
    expect(first.stderr).toContain("Operation not permitted");
    const files = cacheFiles();
    expect(files).toHaveLength(2);
    const added = files.find((f) => join(cacheDir(), f) !== entry)!;
    const ino = statSync(join(cacheDir(), added)).ino;
    // Docker's profile for three architectures: hundreds of instructions.
    expect(statSync(join(cacheDir(), added)).size).toBeGreaterThan(32 + 8 * 300);
    const second = await fx.run(fx.prepare(wharf, sh(probe), withDocker));
    expect(second.stdout).toBe("unshare=1\nok\n");
    expect(second.stderr).toContain("Operation not permitted");
    expect(cacheFiles()).toEqual(files);
    expect(statSync(join(cacheDir(), added)).ino).toBe(ino);
  });

  it("still refuses a bad profile with the compiler's error (bad profiles are never cached)", async () => {
    const before = cacheFiles();
    for (let i = 0; i < 2; i++) {
      const r = await fx.run(fx.prepare(wharf, ["true"], (cfg) => {
        cfg.linux.seccomp = { defaultAction: "SCMP_ACT_ALLOW", syscalls: [{ names: ["mkdir"], action: "SCMP_ACT_BOGUS" }] };
      }));
      expect(r.code).toBe(1);
      expect(r.stderr).toBe("wharf-runtime: seccomp: unsupported action SCMP_ACT_BOGUS\n");
    }
    expect(cacheFiles()).toEqual(before);
  });
});
