import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The admin API key: ADMIN_API_KEY when set; otherwise a random key made on first start and kept in the data
 * folder, readable by its owner only. The service never runs with the admin API open.
 */
export function resolveAdminKey(configured: string | undefined, dataDir: string): { key: string; file?: string; created: boolean } {
  if (configured !== undefined) return { key: configured, created: false };
  const file = resolve(join(dataDir, 'admin-api-key'));
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    if (key.length >= 16) {
      // A key file someone copied in with wider permissions is tightened back to owner-only.
      if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
      return { key, file, created: false };
    }
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(24).toString('base64url');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { key, file, created: true };
}
