// The engine's own version and name, reported by /version, /info and the Server header.
export const ENGINE_NAME = "Wharf Engine";
export const ENGINE_VERSION = "0.1.0";
export const SERVER_HEADER = `Wharf/${ENGINE_VERSION} (linux)`;
