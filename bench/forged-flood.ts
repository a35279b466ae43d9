/**
 * The forged webhook flood of the `forged` bench section, in its own process so that its client work does not
 * delay the measured turns' client (an attacker's CPU is not ours). Started by bench/forged.ts:
 *   node --import tsx bench/forged-flood.ts <service url> <connections> <max requests> <max seconds>
 * Writes `started` when its connections are sending, and its figures as one JSON line when its stdin closes (or
 * when the count or time bound is reached).
 */
import { pathToFileURL } from 'node:url';
import { createClient } from './lib/load.js';
import { twilioForm } from './lib/service.js';

export interface ForgedFlood {
  connections: number;
  requests: number;
  /** How the service answered the forged requests: status code -> count (a failed request counts as 0). */
  statuses: Record<string, number>;
}

/** Whether `value` is a ForgedFlood (as parsed from the flood process's output). */
export function isForgedFlood(value: unknown): value is ForgedFlood {
  if (typeof value !== 'object' || value === null) return false;
  const statuses: unknown = Reflect.get(value, 'statuses');
  return (
    typeof Reflect.get(value, 'connections') === 'number' &&
    typeof Reflect.get(value, 'requests') === 'number' &&
    typeof statuses === 'object' &&
    statuses !== null &&
    Object.values(statuses).every((n) => typeof n === 'number')
  );
}

const FLOOD_FIELDS = 6_500;

/** A forged webhook body: a Twilio-shaped form with thousands of extra fields, about 50 KB. */
export function forgedBody(): string {
  const form = new URLSearchParams(twilioForm(`CA${'f'.repeat(32)}`, { SpeechResult: 'yes' }));
  for (let i = 0; i < FLOOD_FIELDS; i++) form.append(`f${i}`, 'x');
  return form.toString();
}

/**
 * `connections` keep-alive connections posting forged webhooks (a wrong X-Twilio-Signature) back to back until
 * stopped, or until `maxRequests` were sent or `maxSeconds` passed, whichever comes first. 127.0.0.1 only.
 */
export function startForgedFlood(
  serviceUrl: string,
  options: { connections: number; maxRequests: number; maxSeconds: number },
): { stop(): Promise<ForgedFlood> } {
  const url = new URL(serviceUrl);
  if (url.hostname !== '127.0.0.1') throw new Error(`forged requests go to 127.0.0.1 only, not ${url.hostname}`);
  const client = createClient(serviceUrl, options.connections);
  const body = forgedBody();
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

async function main(): Promise<void> {
  const [url = '', connections = '32', maxRequests = '1000000', maxSeconds = '300'] = process.argv.slice(2);
  const flood = startForgedFlood(url, {
    connections: Number(connections),
    maxRequests: Number(maxRequests),
    maxSeconds: Number(maxSeconds),
  });
  process.stdout.write('started\n');
  await new Promise<void>((done) => {
    process.stdin.on('end', done).on('close', done).resume();
    setTimeout(done, Number(maxSeconds) * 1000).unref();
  });
  process.stdout.write(`${JSON.stringify(await flood.stop())}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
