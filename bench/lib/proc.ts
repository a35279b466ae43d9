/** Child processes for the benchmark: the built service, the baseline server; ports, readiness, RSS. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

export interface Child {
  proc: ChildProcess;
  url: string;
  port: number;
  /** Resident set size of the child in MB (Linux /proc), or NaN elsewhere. */
  rssMb(): number;
  stop(): Promise<void>;
  output(): string;
}

/**
 * How the service is started: `dist` (the `npm start` build, `node dist/src/main.js`) or `tsx` (from
 * source, for the quick smoke run). Extra node flags (e.g. --cpu-prof) come from BENCH_NODE_FLAGS.
 */
export type ServerMode = 'dist' | 'tsx';

export function serviceCommand(mode: ServerMode): string[] {
  const flags = [...startFlags(), ...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter((f) => f !== '')];
  return mode === 'dist' ? [...flags, 'dist/src/main.js'] : [...flags, '--import', 'tsx', 'src/main.ts'];
}

/** The node flags of `npm start` (package.json `node <flags> dist/src/main.js`): the service is measured as it runs. */
function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { scripts?: { start?: string } };
  const words = (pkg.scripts?.start ?? '').split(/\s+/);
  return words[0] === 'node' ? words.slice(1).filter((w) => w.startsWith('--')) : [];
}

/** Spawns `node args…` with `env`, waits until GET `readyPath` answers 200. */
export async function startChild(args: string[], env: Record<string, string>, port: number, readyPath = '/health'): Promise<Child> {
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (c: Buffer) => {
    out = (out + c.toString('utf8')).slice(-20_000);
  });
  proc.stderr?.on('data', (c: Buffer) => {
    out = (out + c.toString('utf8')).slice(-20_000);
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((done) => proc.once('exit', () => done()));
  let dead = false;
  void exited.then(() => {
    dead = true;
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (dead) throw new Error(`${args.join(' ')} exited before it was ready:\n${out}`);
    try {
      const res = await fetch(`${url}${readyPath}`);
      await res.text();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`${args.join(' ')} was not ready after 120 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    proc,
    url,
    port,
    rssMb() {
      try {
        const status = readFileSync(`/proc/${proc.pid}/status`, 'utf8');
        const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
        return kb / 1024;
      } catch {
        return Number.NaN;
      }
    },
    async stop() {
      if (dead) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
    output: () => out,
  };
}
