/**
 * Abuse beside real calls: the paced turn latency (as the `paced` section measures it) on SQLite, once alone and
 * once with 32 keep-alive connections posting forged webhooks (a wrong X-Twilio-Signature) as fast as the service
 * answers them. The forged form is the one the probe used: Twilio's fields padded to about 50 KB with 6,500 more,
 * the most a request could make the service parse and sign before it was capped. Only to the service started here
 * on 127.0.0.1, and bounded in count and time; from its own process (bench/forged-flood.ts), so the flood's client
 * work does not slow the measuring client. Target: the turns' p99 with the flood within 2x of the run without.
 */
import { spawn } from 'node:child_process';
import { isForgedFlood, type ForgedFlood } from './forged-flood.js';
import { ROOT, type ServerMode } from './lib/proc.js';
import type { RunningService } from './lib/service.js';
import { playTurns, withBenchService, type TurnsResult } from './turns.js';

export interface ForgedResult {
  alone: TurnsResult;
  flooded: TurnsResult;
  flood: ForgedFlood;
  /** flooded p99 / alone p99, client-measured and from the service's own Server-Timing. */
  p99_ratio: number;
  server_p99_ratio?: number;
}

/** The flood in its own process (bench/forged-flood.ts), once its connections are sending. */
async function startFloodProcess(
  serviceUrl: string,
  options: { connections: number; maxRequests: number; maxSeconds: number },
): Promise<{ stop(): Promise<ForgedFlood> }> {
  const args = [serviceUrl, options.connections, options.maxRequests, options.maxSeconds].map(String);
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/forged-flood.ts', ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  const exited = new Promise<number | null>((done) => child.on('exit', done));
  await new Promise<void>((done, fail) => {
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (out.startsWith('started\n')) done();
    });
    void exited.then((code) => fail(new Error(`the forged flood exited early (${String(code)}): ${out}`)));
  });
  return {
    async stop() {
      child.stdin.end();
      const code = await exited;
      const figures: unknown = JSON.parse(out.slice('started\n'.length).trim() || 'null');
      if (code !== 0 || !isForgedFlood(figures)) throw new Error(`the forged flood failed (${String(code)}): ${out}`);
      return figures;
    },
  };
}

/** The paced turns alone, then again beside the forged flood, on SQLite. */
export async function benchForged(options: {
  mode: ServerMode;
  concurrency: number;
  callsPerUser: number;
  thinkMs: number;
  thinkMaxMs?: number;
  connections: number;
  maxRequests: number;
  maxSeconds: number;
}): Promise<ForgedResult> {
  // One service for both runs: the same database, process and warm JIT, so the flood is the only difference.
  const turns = (service: RunningService, beside?: (url: string) => Promise<{ stop(): Promise<void> }>) =>
    playTurns(service, {
      dialect: 'sqlite',
      mode: options.mode,
      concurrency: options.concurrency,
      calls: options.concurrency * options.callsPerUser,
      thinkMs: options.thinkMs,
      ...(options.thinkMaxMs === undefined ? {} : { thinkMaxMs: options.thinkMaxMs }),
      ...(beside === undefined ? {} : { beside }),
    });
  let flood: ForgedFlood | undefined;
  const [alone, flooded] = await withBenchService('sqlite', options.mode, async (service) => [
    await turns(service),
    await turns(service, async (url) => {
      const running = await startFloodProcess(url, options);
      return {
        async stop() {
          flood = await running.stop();
        },
      };
    }),
  ]);
  if (flood === undefined) throw new Error('the forged flood did not run');
  const ratio = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined || b === 0 ? undefined : Math.round((a / b) * 100) / 100;
  const serverRatio = ratio(flooded.server_p99_ms, alone.server_p99_ms);
  return {
    alone,
    flooded,
    flood,
    p99_ratio: ratio(flooded.p99_ms, alone.p99_ms) ?? 0,
    ...(serverRatio === undefined ? {} : { server_p99_ratio: serverRatio }),
  };
}
