// The create-container form: its schema and the pure translation to Docker's create body, with field
// errors for everything that can be checked before asking the engine.
import { z } from "zod";

export const RESTART_POLICIES = ["no", "always", "unless-stopped", "on-failure"] as const;

export const containerFormSchema = z.object({
  environmentId: z.string().min(1),
  image: z.string(),
  name: z.string().default(""),
  /** shell-like words; quotes group, backslash escapes */
  command: z.string().default(""),
  /** one KEY=VALUE per line */
  env: z.string().default(""),
  /** one per line: [hostIp:]hostPort:containerPort[/tcp|udp] */
  ports: z.string().default(""),
  /** one per line: source:/container/path[:ro] (source = host path or volume name) */
  volumes: z.string().default(""),
  network: z.string().default(""),
  restartPolicy: z.enum(RESTART_POLICIES).default("no"),
  memoryMb: z.number().int().min(0).max(1 << 20).default(0),
  cpus: z.number().min(0).max(1024).default(0),
  user: z.string().default(""),
  /** pull the image when the host does not have it */
  pullIfMissing: z.boolean().default(true),
  start: z.boolean().default(true),
});
export type ContainerForm = z.infer<typeof containerFormSchema>;

// Distribution reference grammar (distribution/reference, reference.go): lowercase path components
// separated by [._-] or "__", optional :tag, optional @digest. The first component is a registry host only
// when it contains "." or ":" or is "localhost" (the docker CLI's rule, splitDockerDomain).
const COMPONENT = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
const PATH = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`);
const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?$/;
const CONTAINER_NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const ENV_NAME = /^[^=\s]+$/;

export function isValidImageReference(reference: string): boolean {
  if (reference.length > 255) return false;
  const slash = reference.indexOf("/");
  const first = slash < 0 ? "" : reference.slice(0, slash);
  const hasHost = slash >= 0 && (first.includes(".") || first.includes(":") || first === "localhost");
  if (hasHost && !HOST.test(first)) return false;
  return PATH.test(hasHost ? reference.slice(slash + 1) : reference);
}

/** Splits a command line into words: single/double quotes group, backslash escapes outside single quotes. */
export function splitCommand(line: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === "\\" && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === "\\" && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) throw new Error("unterminated quote");
  if (inWord) words.push(word);
  return words;
}

export type PortBinding = { containerPort: string; hostIp: string; hostPort: string };

/** The Docker create body (POST /containers/create) and field errors; body is null when there are errors. */
export function buildCreateBody(form: ContainerForm): {
  body: Record<string, unknown> | null;
  fieldErrors: Record<string, string[]>;
} {
  const errors: Record<string, string[]> = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);
  const lines = (text: string) => text.split("\n").map((l) => l.trim()).filter(Boolean);

  const image = form.image.trim();
  if (!image) add("image", "Image is required");
  else if (!isValidImageReference(image)) {
    add("image", `"${image}" is not a valid image reference (lowercase name, optional registry, :tag or @sha256:digest)`);
  }
  const name = form.name.trim();
  if (name && !CONTAINER_NAME.test(name)) add("name", "Name must be 2+ letters, digits, '_', '.' or '-', starting with a letter or digit");

  let cmd: string[] = [];
  try {
    cmd = splitCommand(form.command.trim());
  } catch (e) {
    add("command", `Command: ${(e as Error).message}`);
  }

  const env = lines(form.env);
  for (const entry of env) {
    const key = entry.split("=")[0]!;
    if (!entry.includes("=") || !ENV_NAME.test(key)) add("env", `"${entry}" is not KEY=VALUE`);
  }

  const portBindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  const exposed: Record<string, object> = {};
  for (const spec of lines(form.ports)) {
    const m = /^(?:(\d{1,3}(?:\.\d{1,3}){3}):)?(\d{1,5})?:(\d{1,5})(?:\/(tcp|udp|sctp))?$/.exec(spec);
    const hostPort = m?.[2] ? Number(m[2]) : 0;
    const containerPort = m ? Number(m[3]) : 0;
    if (!m || containerPort < 1 || containerPort > 65535 || hostPort > 65535) {
      add("ports", `"${spec}" is not [hostIp:]hostPort:containerPort[/tcp|udp]`);
      continue;
    }
    const key = `${containerPort}/${m[4] ?? "tcp"}`;
    exposed[key] = {};
    (portBindings[key] ??= []).push({ HostIp: m[1] ?? "", HostPort: m[2] ?? "" });
  }

  const binds: string[] = [];
  for (const spec of lines(form.volumes)) {
    const parts = spec.split(":");
    const [source, target, mode] = parts;
    if (parts.length < 2 || parts.length > 3 || !source || !target?.startsWith("/") || (mode && !/^(ro|rw)$/.test(mode))) {
      add("volumes", `"${spec}" is not source:/container/path[:ro]`);
      continue;
    }
    binds.push(spec);
  }

  if (Object.keys(errors).length > 0) return { body: null, fieldErrors: errors };
  return {
    fieldErrors: {},
    body: {
      Image: image,
      ...(cmd.length ? { Cmd: cmd } : {}),
      Env: env,
      ...(form.user.trim() ? { User: form.user.trim() } : {}),
      ExposedPorts: exposed,
      HostConfig: {
        PortBindings: portBindings,
        Binds: binds,
        RestartPolicy: { Name: form.restartPolicy === "no" ? "" : form.restartPolicy },
        ...(form.memoryMb > 0 ? { Memory: form.memoryMb * 1024 * 1024 } : {}),
        ...(form.cpus > 0 ? { NanoCpus: Math.round(form.cpus * 1e9) } : {}),
        ...(form.network.trim() ? { NetworkMode: form.network.trim() } : {}),
      },
    },
  };
}
