// The client address of a request. server/main.ts sets CLIENT_ADDRESS_HEADER from the socket's
// remoteAddress on every request, overwriting whatever the client sent, so it can be trusted here.
export const CLIENT_ADDRESS_HEADER = "x-wharf-client-address";

export function clientAddressFrom(headers: { get(name: string): string | null }): string {
  return headers.get(CLIENT_ADDRESS_HEADER) || "unknown";
}
