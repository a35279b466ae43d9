import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildMetricsApp } from '../../src/http/plugins/metrics.js';
import { DIALECTS } from '../helpers/databases.js';
import { fakeStatus, startFakeOpenAI } from '../helpers/fake-openai.js';
import type { FakeOpenAI } from '../helpers/fake-openai.js';
import { simulatedCall, startApp } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';
import { getText, sampleValue } from './support.js';

const TOKEN = 'metrics-token-0123456789abcdefghijklmnop';

describe('GET /metrics is protected', () => {
  let t: TestApp | undefined;
  let side: FastifyInstance | undefined;
  afterEach(async () => {
    await side?.close();
    await t?.close();
    t = side = undefined;
  });

  it('is not there (404) when neither METRICS_TOKEN nor METRICS_PORT is configured', async () => {
    t = await startApp({ dialect: 'sqlite' });
    expect((await getText(`${t.url}/metrics`)).status).toBe(404);
    expect((await getText(`${t.url}/metrics`, TOKEN)).status).toBe(404);
  });

  it('refuses a request without the token or with a wrong one (401), and serves Prometheus text with it', async () => {
    t = await startApp({ dialect: 'sqlite', env: { METRICS_TOKEN: TOKEN } });
    expect((await getText(`${t.url}/metrics`)).status).toBe(401);
    expect((await getText(`${t.url}/metrics`, `${TOKEN}x`)).status).toBe(401);
    expect((await getText(`${t.url}/metrics`, 'test-admin-key-0123456789abcdefghij')).status).toBe(401);
    await getText(`${t.url}/health`);
    const served = await getText(`${t.url}/metrics`, TOKEN);
    expect(served.status).toBe(200);
    expect(served.type).toContain('text/plain');
    // Default process metrics, event-loop lag among them, and the registered-at-zero campaign series.
    for (const name of ['process_cpu_user_seconds_total', 'nodejs_eventloop_lag_seconds', 'campaign_attempts_due', 'messages_queued']) {
      expect(served.text).toContain(`# TYPE ${name} `);
    }
    expect(sampleValue(served.text, 'http_request_duration_seconds_count', { route: '/health', method: 'GET', status_code: '200' })).toBe(
      1,
    );
    expect(sampleValue(served.text, 'http_request_duration_seconds_count', { route: '/metrics', status_code: '401' })).toBe(3);
  });

  it('times requests by route pattern, never by the raw URL', async () => {
    t = await startApp({ dialect: 'sqlite', env: { METRICS_TOKEN: TOKEN } });
    await t.admin('GET', '/conversations/CAnot-a-real-call-1');
    await t.admin('GET', '/conversations/CAnot-a-real-call-2');
    const { text } = await getText(`${t.url}/metrics`, TOKEN);
    expect(sampleValue(text, 'http_request_duration_seconds_count', { route: '/conversations/:call_sid', status_code: '404' })).toBe(2);
    expect(text).not.toContain('CAnot-a-real-call');
  });

  it('serves the same registry without a token on the separate metrics server (METRICS_PORT)', async () => {
    t = await startApp({ dialect: 'sqlite' });
    side = buildMetricsApp(t.deps.metrics);
    await side.listen({ port: 0, host: '127.0.0.1' });
    await getText(`${t.url}/health`);
    const address = side.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const served = await getText(`http://127.0.0.1:${port}/metrics`);
    expect(served.status).toBe(200);
    expect(sampleValue(served.text, 'http_request_duration_seconds_count', { route: '/health' })).toBe(1);
  });

  it('keeps one registry per app: two apps in one process count separately', async () => {
    t = await startApp({ dialect: 'sqlite', env: { METRICS_TOKEN: TOKEN } });
    const other = await startApp({ dialect: 'sqlite', env: { METRICS_TOKEN: TOKEN } });
    try {
      await getText(`${other.url}/health`);
      await getText(`${other.url}/health`);
      const mine = await getText(`${t.url}/metrics`, TOKEN);
      expect(sampleValue(mine.text, 'http_request_duration_seconds_count', { route: '/health' })).toBe(0);
    } finally {
      await other.close();
    }
  });
});

describe.each(DIALECTS)('the counters move with simulated calls on %s', (dialect) => {
  let t: TestApp | undefined;
  let openai: FakeOpenAI | undefined;
  afterEach(async () => {
    await t?.close();
    await openai?.close();
    t = openai = undefined;
  });

  it('a booked call adds its turns, one scheduled call and one booking; a declined one no booking', async () => {
    t = await startApp({ dialect, env: { METRICS_TOKEN: TOKEN } });
    const before = (await getText(`${t.url}/metrics`, TOKEN)).text;
    expect(sampleValue(before, 'bookings_total')).toBe(0);
    const booked = await simulatedCall(t, ['tuesday works for me', 'yes that is right']);
    expect(booked.conversation.outcome).toBe('scheduled');
    const after = (await getText(`${t.url}/metrics`, TOKEN)).text;
    expect(sampleValue(after, 'bookings_total')).toBe(1);
    expect(sampleValue(after, 'calls_total', { outcome: 'scheduled' })).toBe(1);
    expect(sampleValue(after, 'turns_total', { intent: 'greeting', engine: 'none' })).toBe(1);
    // "tuesday works for me" and "yes that is right" are both accepts.
    expect(sampleValue(after, 'turns_total', { intent: 'accept', engine: 'local' })).toBe(2);
    expect(sampleValue(after, 'turns_total')).toBe(3);
    expect(sampleValue(after, 'understanding_duration_seconds_count', { engine: 'local' })).toBe(2);
    expect(sampleValue(after, 'http_request_duration_seconds_count', { route: '/twilio-process', status_code: '200' })).toBe(2);

    const declined = await simulatedCall(t, ["no thanks, I'm not interested anymore"], { phone: '+14155550124' });
    expect(declined.conversation.outcome).toBe('declined');
    const last = (await getText(`${t.url}/metrics`, TOKEN)).text;
    expect(sampleValue(last, 'bookings_total')).toBe(1);
    expect(sampleValue(last, 'calls_total', { outcome: 'declined' })).toBe(1);
  });

  it('a failing remote engine counts a fallback by reason, and the turn is answered by the local engine', async () => {
    openai = await startFakeOpenAI({ behaviour: fakeStatus(500) });
    t = await startApp({ dialect, env: { METRICS_TOKEN: TOKEN, OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseURL } });
    const call = await simulatedCall(t, ['tuesday works for me', 'yes that is right']);
    expect(call.conversation.outcome).toBe('scheduled');
    const text = (await getText(`${t.url}/metrics`, TOKEN)).text;
    expect(sampleValue(text, 'understanding_fallbacks_total', { reason: 'server_error' })).toBe(2);
    expect(sampleValue(text, 'turns_total', { intent: 'accept', engine: 'local' })).toBe(2);
    expect(sampleValue(text, 'turns_total', { engine: 'openai' })).toBe(0);
    expect(sampleValue(text, 'bookings_total')).toBe(1);
  });
});
