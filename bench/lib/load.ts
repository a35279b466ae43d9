/**
 * The load generator shared by every part of the benchmark: keep-alive HTTP/1.1 from node:http, one
 * connection per virtual user, and a latency recorded per request with process.hrtime (sub-millisecond).
 * The baseline and the service are driven by this same code at the same concurrency, so ratios are fair.
 */
import http from 'node:http';

export interface Reply {
  status: number;
  body: string;
  /** The server's own time for this request, from its `Server-Timing: app;dur=<ms>` header, when it sends one. */
  serverMs?: number;
}

export interface Client {
  request(method: string, path: string, headers?: Record<string, string>, body?: string): Promise<Reply>;
  close(): void;
}

/** A keep-alive client to `base` (http://host:port) with at most `connections` sockets. */
export function createClient(base: string, connections: number): Client {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  return {
    request(method, path, headers = {}, body) {
      return new Promise<Reply>((resolve, reject) => {
        const req = http.request(
          {
            host: url.hostname,
            port: url.port,
            method,
            path,
            agent,
            headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const serverMs = serverTime(res.headers['server-timing']);
              resolve({
                status: res.statusCode ?? 0,
                body: Buffer.concat(chunks).toString('utf8'),
                ...(serverMs === undefined ? {} : { serverMs }),
              });
            });
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        if (body !== undefined) req.write(body);
        req.end();
      });
    },
    close() {
      agent.destroy();
    },
  };
}

/** `app;dur=1.23` (a Server-Timing header) as 1.23, or undefined. */
function serverTime(header: string | string[] | undefined): number | undefined {
  const m = /\bapp;dur=([\d.]+)/.exec(Array.isArray(header) ? header.join(',') : (header ?? ''));
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

/** Latencies in milliseconds (fractional), with percentiles. */
export class Latencies {
  #values: number[] = [];
  add(ms: number): void {
    this.#values.push(ms);
  }
  get count(): number {
    return this.#values.length;
  }
  percentile(p: number): number {
    if (this.#values.length === 0) return 0;
    const sorted = Float64Array.from(this.#values).sort();
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
  }
  summary(): { p50: number; p99: number; mean: number; max: number } {
    if (this.#values.length === 0) return { p50: 0, p99: 0, mean: 0, max: 0 };
    const sorted = Float64Array.from(this.#values).sort();
    const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
    let sum = 0;
    for (const v of sorted) sum += v;
    return { p50: at(50), p99: at(99), mean: sum / sorted.length, max: sorted[sorted.length - 1] ?? 0 };
  }
}

/** Runs `fn`, adding its duration (ms, from hrtime) to `into`. */
export async function timed<T>(into: Latencies, fn: () => Promise<T>): Promise<T> {
  const start = process.hrtime.bigint();
  const out = await fn();
  into.add(Number(process.hrtime.bigint() - start) / 1e6);
  return out;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  mean_ms: number;
  max_ms: number;
  errors: number;
}

/**
 * `concurrency` virtual users each call `step(user, latencies)` in a loop until `total` steps have been
 * started (or `seconds` have passed, when given). A step makes one or more timed requests.
 */
export async function runUsers(options: {
  concurrency: number;
  total: number;
  seconds?: number;
  step: (user: number, latencies: Latencies) => Promise<void>;
}): Promise<{ latencies: Latencies; seconds: number; errors: number; firstError?: unknown }> {
  const latencies = new Latencies();
  let started = 0;
  let errors = 0;
  let firstError: unknown;
  const t0 = process.hrtime.bigint();
  const deadline = options.seconds === undefined ? undefined : t0 + BigInt(Math.round(options.seconds * 1e9));
  await Promise.all(
    Array.from({ length: options.concurrency }, async (_, user) => {
      while (started < options.total && (deadline === undefined || process.hrtime.bigint() < deadline)) {
        started++;
        try {
          await options.step(user, latencies);
        } catch (err) {
          errors++;
          firstError ??= err;
          if (errors > 100) throw err;
        }
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { latencies, seconds, errors, ...(firstError === undefined ? {} : { firstError }) };
}

/** The server's own time (Server-Timing) as the client saw it, when the server sent it. */
export interface ServerTimes {
  server_p50_ms?: number;
  server_p99_ms?: number;
}

export function serverTimes(server: Latencies): ServerTimes {
  if (server.count === 0) return {};
  const s = server.summary();
  return { server_p50_ms: round(s.p50, 3), server_p99_ms: round(s.p99, 3) };
}

export function loadResult(latencies: Latencies, seconds: number, errors: number): LoadResult {
  const s = latencies.summary();
  return {
    requests: latencies.count,
    seconds: round(seconds, 3),
    rps: round(latencies.count / seconds, 1),
    p50_ms: round(s.p50, 3),
    p99_ms: round(s.p99, 3),
    mean_ms: round(s.mean, 3),
    max_ms: round(s.max, 3),
    errors,
  };
}

/** A seeded PRNG (mulberry32): uniform in [0, 1), the same sequence for the same seed, so runs are comparable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
