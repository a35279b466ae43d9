import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, freePort } from '../durability/support.js';

/**
 * No Docker engine runs here, so the Dockerfile's steps are checked with plain npm and node: what it copies exists,
 * its production install resolves without the dev tools, and the build it runs produces the file its CMD starts,
 * which then serves /health without tsx. IMAGE_STEPS=full also runs the real `npm ci --omit=dev` (with the native
 * better-sqlite3 build, a minute or two) in a clean folder and starts the service from there.
 */

const run = promisify(execFile);
const FULL = process.env.IMAGE_STEPS === 'full';

async function dockerfile(): Promise<string[]> {
  return (await readFile(join(ROOT, 'Dockerfile'), 'utf8')).split('\n').map((l) => l.trim());
}

/** Starts `node <main>` from `cwd` with a throwaway data folder; resolves the /health status, then stops it. */
async function bootHealth(cwd: string, main: string, dataDir: string): Promise<number> {
  const port = await freePort();
  const child = spawn(process.execPath, [main], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: `sqlite:${join(dataDir, 'interview-caller.db')}`,
      LOG_FILE: join(dataDir, 'conversation.log'),
      LOG_LEVEL: 'warn',
      DRAIN_SECONDS: '0',
    },
    stdio: 'ignore',
  });
  try {
    for (let i = 0; i < 300; i++) {
      const status = await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.status,
        () => undefined,
      );
      if (status !== undefined) return status;
      if (child.exitCode !== null) return -1;
      await new Promise((r) => setTimeout(r, 100));
    }
    return -2;
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  }
}

describe('the Dockerfile, checked without an engine', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('builds in stages on node:20-slim and runs as a non-root user, health-checked, on port 8000, with a data volume', async () => {
    const lines = await dockerfile();
    expect(lines).toContain('ARG NODE_IMAGE=node:20-slim');
    expect(lines.filter((l) => l.startsWith('FROM '))).toHaveLength(4);
    expect(lines).toContain('RUN npm ci --omit=dev && npm cache clean --force');
    expect(lines).toContain('COPY --from=prod-deps /app/node_modules ./node_modules');
    expect(lines).toContain('USER node');
    expect(lines).toContain('EXPOSE 8000');
    expect(lines).toContain('VOLUME ["/data"]');
    expect(lines.find((l) => l.startsWith('HEALTHCHECK'))).toBeDefined();
    expect(lines.join('\n')).toMatch(/CMD \["node", "-e", "fetch\('http:\/\/127\.0\.0\.1:'\+\(process\.env\.PORT\|\|8000\)\+'\/health'\)/);
    expect(lines).toContain('CMD ["node", "--max-semi-space-size=8", "dist/src/main.js"]');
  });

  it('copies only files that exist, none of them excluded by .dockerignore', async () => {
    const sources = (await dockerfile())
      .filter((l) => l.startsWith('COPY ') && !l.includes('--from='))
      .flatMap((l) => l.split(/\s+/).slice(1, -1));
    expect(new Set(sources)).toEqual(new Set(['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'src', 'web']));
    for (const source of sources) expect(existsSync(join(ROOT, source)), source).toBe(true);
    const ignored = (await readFile(join(ROOT, '.dockerignore'), 'utf8')).split('\n').map((l) => l.trim());
    for (const source of sources) expect(ignored).not.toContain(source);
  });

  it('resolves the production install from the lock file alone, without the dev tools', { timeout: 60_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'ic-image-'));
    await copyFile(join(ROOT, 'package.json'), join(dir, 'package.json'));
    await copyFile(join(ROOT, 'package-lock.json'), join(dir, 'package-lock.json'));
    const { stdout } = await run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--dry-run', '--no-audit', '--no-fund'], { cwd: dir });
    for (const needed of ['better-sqlite3', 'fastify', 'pg', 'prom-client', 'pino'])
      expect(stdout).toMatch(new RegExp(`^add ${needed} `, 'm'));
    for (const dev of ['typescript', 'vitest', 'tsx', 'eslint']) expect(stdout).not.toMatch(new RegExp(`^add ${dev} `, 'm'));
  });

  it(
    'builds dist/src/main.js as `npm run build` does, and the built service answers /health with plain node',
    { timeout: 180_000 },
    async () => {
      // Under the project's node_modules (not /tmp), so the built files resolve the installed packages as in the image.
      const cache = join(ROOT, 'node_modules', '.cache');
      await mkdir(cache, { recursive: true });
      dir = await mkdtemp(join(cache, 'ic-image-steps-'));
      await run('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', join(dir, 'dist')], { cwd: ROOT });
      expect(existsSync(join(dir, 'dist', 'src', 'main.js'))).toBe(true);
      expect(existsSync(join(dir, 'dist', 'src', 'cli', 'index.js'))).toBe(true);
      expect(await bootHealth(ROOT, join(dir, 'dist', 'src', 'main.js'), join(dir, 'data'))).toBe(200);
    },
  );

  it.runIf(FULL)(
    'installs the production dependencies in a clean folder (native build) and starts from there',
    { timeout: 600_000 },
    async () => {
      dir = await mkdtemp(join(tmpdir(), 'ic-image-full-'));
      await copyFile(join(ROOT, 'package.json'), join(dir, 'package.json'));
      await copyFile(join(ROOT, 'package-lock.json'), join(dir, 'package-lock.json'));
      await run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
      expect(existsSync(join(dir, 'node_modules', 'tsx'))).toBe(false);
      await run('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', join(dir, 'dist')], { cwd: ROOT });
      expect(await bootHealth(dir, join(dir, 'dist', 'src', 'main.js'), join(dir, 'data'))).toBe(200);
    },
  );
});
