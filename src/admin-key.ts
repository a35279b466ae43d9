import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The shortest secret accepted from a file (config.ts holds settings to the same length). */
const MIN_SECRET_LENGTH = 32;

export interface ResolvedSecret {
  key: string;
  /** The file the key was read from or written to; absent when it came from the environment. */
  file?: string;
  created: boolean;
}

/**
 * A server secret: `configured` when set; otherwise a random one made on first start and kept in `dataDir/name`,
 * readable by its owner only, so it survives restarts.
 */
export function resolveSecret(configured: string | undefined, dataDir: string, name: string): ResolvedSecret {
  if (configured !== undefined) return { key: configured, created: false };
  const file = resolve(join(dataDir, name));
  const existing = readSecretFile(file);
  if (existing !== undefined) return { key: existing, file, created: false };
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(24).toString('base64url');
  try {
    // `wx`: when two processes start at once, the second reads the first one's key instead of replacing it.
    writeFileSync(file, `${key}\n`, { mode: 0o600, flag: existsSync(file) ? 'w' : 'wx' });
  } catch (err) {
    const raced = readSecretFile(file);
    if (raced !== undefined) return { key: raced, file, created: false };
    throw err;
  }
  chmodSync(file, 0o600);
  return { key, file, created: true };
}

function readSecretFile(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const key = readFileSync(file, 'utf8').trim();
  if (key.length < MIN_SECRET_LENGTH) return undefined;
  // A key file someone copied in with wider permissions is tightened back to owner-only.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return key;
}

/**
 * The admin API key: ADMIN_API_KEY when set; otherwise a random key made on first start and kept in the data
 * folder, readable by its owner only. The service never runs with the admin API open.
 */
export function resolveAdminKey(configured: string | undefined, dataDir: string): ResolvedSecret {
  return resolveSecret(configured, dataDir, 'admin-api-key');
}

/** The key do-not-call entries are stored under: DNC_SECRET when set, else generated and kept like the admin key. */
export function resolveDoNotCallSecret(configured: string | undefined, dataDir: string): ResolvedSecret {
  return resolveSecret(configured, dataDir, 'do-not-call-secret');
}
