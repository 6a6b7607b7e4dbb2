// How the control plane reaches a Docker host.
export const ENVIRONMENT_KINDS = ["local", "tcp", "tls", "ssh", "socket"] as const;
export type EnvironmentKind = (typeof ENVIRONMENT_KINDS)[number];

export const ENVIRONMENT_STATUSES = ["up", "down"] as const;
export type EnvironmentStatus = (typeof ENVIRONMENT_STATUSES)[number];

export const LOCAL_ENVIRONMENT_NAME = "local";
