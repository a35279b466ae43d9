import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../helpers/databases.js';
import type { FreshDatabase } from '../helpers/databases.js';
import { startApp } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';
import { admin, freePort, killService, spawnService } from '../durability/support.js';
import type { ServiceProcess } from '../durability/support.js';
import { getText } from './support.js';

async function ready(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}/ready`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A TCP server that accepts connections and never answers: a Redis that hangs. */
async function silentServer(): Promise<{ port: number; server: Server }> {
  const server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { port: typeof address === 'object' && address !== null ? address.port : 0, server };
}

describe.each(DIALECTS)('GET /ready on %s', (dialect) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('is 200 with the database writable and migrated; Redis is checked only when REDIS_URL is set', async () => {
    t = await startApp({ dialect });
    expect(await ready(t.url)).toEqual({
      status: 200,
      body: { ready: true, instance: 'ok', database: 'ok', migrations: 'current', redis: 'not configured' },
    });
    await t.close();
    t = await startApp({ dialect, env: { REDIS_URL: 'redis://127.0.0.1:6379' } });
    expect((await ready(t.url)).body).toMatchObject({ ready: true, redis: 'ok' });
  });

  it('is 503 when a migration this build ships is not recorded in the database', async () => {
    t = await startApp({ dialect });
    await sql`delete from kysely_migration where name = '001_initial'`.execute(t.deps.database.db);
    const answer = await ready(t.url);
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ ready: false, migrations: 'pending: 001_initial' });
    expect((await getText(`${t.url}/health`)).status).toBe(200); // liveness is not readiness
  });

  it('is 503 when the configured Redis refuses connections or does not answer', async () => {
    const closedPort = await freePort();
    t = await startApp({ dialect, env: { REDIS_URL: `redis://127.0.0.1:${closedPort}` } });
    expect(await ready(t.url)).toMatchObject({ status: 503, body: { ready: false, redis: expect.stringMatching(/^unreachable: /) } });
    await t.close();
    const silent = await silentServer();
    try {
      t = await startApp({ dialect, env: { REDIS_URL: `redis://127.0.0.1:${silent.port}` } });
      expect(await ready(t.url)).toMatchObject({ status: 503, body: { redis: 'unreachable: no answer in 1000 ms' } });
    } finally {
      silent.server.close();
    }
  });

  it('is 503 while the instance drains', async () => {
    t = await startApp({ dialect });
    t.deps.lifecycle.draining = true;
    expect(await ready(t.url)).toMatchObject({ status: 503, body: { ready: false, instance: 'draining', database: 'ok' } });
  });
});

/** The real process: SIGTERM turns /ready to 503 while requests are still served, then the service closes and exits 0. */
describe('draining on SIGTERM', () => {
  let service: ServiceProcess | undefined;
  let database: FreshDatabase | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await killService(service);
    await database?.drop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    service = database = dir = undefined;
  });

  it(
    'answers 503 on /ready for DRAIN_SECONDS while still serving, then exits 0; metrics on METRICS_PORT',
    { timeout: 60_000 },
    async () => {
      database = await freshDatabase('sqlite');
      dir = await mkdtemp(join(tmpdir(), 'ic-drain-'));
      const metricsPort = await freePort();
      service = await spawnService({
        DATABASE_URL: database.url,
        DATA_DIR: dir,
        LOG_FILE: join(dir, 'conversation.log'),
        DRAIN_SECONDS: '3',
        METRICS_PORT: String(metricsPort),
      });
      expect((await ready(service.url)).status).toBe(200);
      // The separate metrics server answers without a token; the main port has no /metrics without METRICS_TOKEN.
      const metrics = await getText(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.text).toContain('http_request_duration_seconds_count{');
      expect((await getText(`${service.url}/metrics`)).status).toBe(404);

      const signalled = Date.now();
      service.child.kill('SIGTERM');
      let answer = await ready(service.url);
      for (let i = 0; i < 100 && answer.status === 200; i++) {
        await new Promise((r) => setTimeout(r, 20));
        answer = await ready(service.url);
      }
      expect(answer, service.output()).toMatchObject({ status: 503, body: { instance: 'draining' } });
      // Still taking work while the load balancer notices: liveness, the admin API, a new call.
      expect((await getText(`${service.url}/health`)).status).toBe(200);
      const call = await admin(service.url, 'POST', '/make-actual-call', { simulate: { replies: ['tuesday works for me', 'yes'] } });
      expect(call.status, JSON.stringify(call.body)).toBe(201);
      expect(await service.exited, service.output()).toBe(0);
      expect(Date.now() - signalled).toBeGreaterThanOrEqual(2_500);
      expect(service.output()).not.toMatch(/"level":(50|60)/);
    },
  );
});
