/**
 * Abuse beside real calls: the paced turn latency (as the `paced` section measures it) on SQLite, once alone and
 * once with 32 keep-alive connections posting forged webhooks (a wrong X-Twilio-Signature) as fast as the service
 * answers them. The forged form is the one the probe used: Twilio's fields padded to about 50 KB with 6,500 more,
 * the most a request could make the service parse and sign before it was capped. Only to the service started here
 * on 127.0.0.1, and bounded in count and time. Target: the turns' p99 with the flood within 2x of the run without.
 */
import { createClient, type Client } from './lib/load.js';
import type { ServerMode } from './lib/proc.js';
import { twilioForm } from './lib/service.js';
import { benchTurns, type TurnsResult } from './turns.js';

export interface ForgedFlood {
  connections: number;
  requests: number;
  /** How the service answered the forged requests: status code -> count (a refused connection counts as 0). */
  statuses: Record<string, number>;
}

export interface ForgedResult {
  alone: TurnsResult;
  flooded: TurnsResult;
  flood: ForgedFlood;
  /** flooded p99 / alone p99, client-measured and from the service's own Server-Timing. */
  p99_ratio: number;
  server_p99_ratio?: number;
}

const FLOOD_FIELDS = 6_500;

/** A forged webhook body: a Twilio-shaped form with thousands of extra fields, about 50 KB. */
export function forgedBody(index: number): string {
  const form = new URLSearchParams(twilioForm(`CA${String(index).padStart(32, 'f')}`, { SpeechResult: 'yes' }));
  for (let i = 0; i < FLOOD_FIELDS; i++) form.append(`f${i}`, 'x');
  return form.toString();
}

/**
 * `connections` keep-alive connections posting forged webhooks back to back until stopped, or until `maxRequests`
 * were sent or `maxSeconds` passed, whichever comes first.
 */
export function startForgedFlood(
  serviceUrl: string,
  options: { connections: number; maxRequests: number; maxSeconds: number },
): { stop(): Promise<ForgedFlood> } {
  const url = new URL(serviceUrl);
  if (url.hostname !== '127.0.0.1') throw new Error(`forged requests go to 127.0.0.1 only, not ${url.hostname}`);
  const client: Client = createClient(serviceUrl, options.connections);
  const body = forgedBody(0);
  const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'bm90LWEtcmVhbC1zaWduYXR1cmU=' };
  const deadline = performance.now() + options.maxSeconds * 1000;
  const statuses: Record<string, number> = {};
  let sent = 0;
  let stopped = false;
  const worker = async () => {
    while (!stopped && sent < options.maxRequests && performance.now() < deadline) {
      sent++;
      const status = await client.request('POST', '/twilio-process?turn=1', headers, body).then(
        (res) => res.status,
        () => 0,
      );
      statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
    }
  };
  const workers = Promise.all(Array.from({ length: options.connections }, worker));
  return {
    async stop() {
      stopped = true;
      await workers;
      client.close();
      return { connections: options.connections, requests: sent, statuses };
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
  const turns = (beside?: (url: string) => { stop(): Promise<void> }) =>
    benchTurns({
      dialect: 'sqlite',
      mode: options.mode,
      concurrency: options.concurrency,
      calls: options.concurrency * options.callsPerUser,
      thinkMs: options.thinkMs,
      ...(options.thinkMaxMs === undefined ? {} : { thinkMaxMs: options.thinkMaxMs }),
      ...(beside === undefined ? {} : { beside }),
    });
  const alone = await turns();
  let flood: ForgedFlood | undefined;
  const flooded = await turns((url) => {
    const running = startForgedFlood(url, options);
    return {
      async stop() {
        flood = await running.stop();
      },
    };
  });
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
