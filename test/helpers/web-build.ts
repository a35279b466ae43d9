import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'vite';

/**
 * Vitest's global setup: builds the dashboard (dist/web) once when it is missing or older than its sources, so a fresh
 * `npm test` serves the app the browser tests open. A lock directory keeps parallel vitest runs from building at once.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const WEB = join(ROOT, 'web');
const BUILT = join(ROOT, 'dist', 'web', 'index.html');
const LOCK = join(ROOT, 'dist', '.web-build.lock');

async function newest(dir: string): Promise<number> {
  let latest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? await newest(path) : (await stat(path)).mtimeMs);
  }
  return latest;
}

async function builtAt(): Promise<number> {
  return stat(BUILT).then(
    (s) => s.mtimeMs,
    () => 0,
  );
}

async function stale(): Promise<boolean> {
  return (await builtAt()) < (await newest(WEB));
}

export default async function buildWebOnce(): Promise<void> {
  if (!(await stale())) return;
  await mkdir(join(ROOT, 'dist'), { recursive: true });
  for (let waited = 0; ; waited += 250) {
    try {
      await mkdir(LOCK);
      break;
    } catch {
      // Another run builds it; a lock older than two minutes is left over from a killed run.
      const lock = await stat(LOCK).catch(() => undefined);
      if (lock !== undefined && Date.now() - lock.mtimeMs > 120_000) await rm(LOCK, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
      if (waited > 180_000) throw new Error(`waited 3 minutes for ${LOCK}`);
    }
  }
  try {
    if (await stale()) await build({ configFile: join(WEB, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}
