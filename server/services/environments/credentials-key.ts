// The process's credentials key, loaded once from config (see server/crypto/secret-box.ts).
import { getConfig } from "../../config";
import { loadSecretKey } from "../../crypto/secret-box";

const globalForKey = globalThis as unknown as { wharfCredentialsKey?: Buffer };

export function getCredentialsKey(): Buffer {
  if (!globalForKey.wharfCredentialsKey) {
    const config = getConfig();
    globalForKey.wharfCredentialsKey = loadSecretKey({ dataDir: config.dataDir, secretKey: config.secretKey });
  }
  return globalForKey.wharfCredentialsKey;
}
