import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOpenAIUnderstander, UnderstandingError } from '../../src/adapters/openai/openai-understander.js';
import { createUnderstander, describeEngine } from '../../src/understander.js';
import { RESPONSE_SCHEMA_NAME } from '../../src/adapters/openai/schema.js';
import { withFallback, type FallbackEvent } from '../../src/core/understanding/fallback.js';
import { createLocalUnderstander, understandLocal } from '../../src/core/understanding/local/index.js';
import type { UnderstandInput } from '../../src/core/understanding/types.js';
import {
  fakeAnswer,
  fakeMalformed,
  fakeRateLimited,
  fakeRefusal,
  fakeSlow,
  fakeStatus,
  startFakeOpenAI,
  type FakeBehaviour,
  type FakeOpenAI,
} from '../helpers/fake-openai.js';

const MODEL = 'gpt-4o-mini';
const BUDGET_MS = 200;

const input: UnderstandInput = {
  utterance: 'the second one works for me',
  offered: [
    { label: 'Monday, November 30 at 10 AM', start: '2026-11-30T10:00-05:00' },
    { label: 'Tuesday, December 1 at 2 PM', start: '2026-12-01T14:00-05:00' },
  ],
  now: '2026-11-23T09:15:00-05:00',
  timezone: 'America/New_York',
  expecting: 'choice',
  history: [{ speaker: 'caller', text: 'I can offer Monday, November 30 at 10 AM or Tuesday, December 1 at 2 PM. Which works for you?' }],
};

const GOOD = { intent: 'accept', slot: 1, time: null, date: null, confidence: 0.93 };

let server: FakeOpenAI;

beforeAll(async () => {
  server = await startFakeOpenAI();
});
afterEach(() => server.reset());
afterAll(async () => {
  await server.close();
});

function engine(budgetMs = BUDGET_MS) {
  const events: FallbackEvent[] = [];
  const openai = createOpenAIUnderstander({ apiKey: 'sk-test', baseURL: server.baseURL, model: MODEL, timeoutMs: budgetMs + 250 });
  const understander = withFallback(openai, createLocalUnderstander(), {
    timeoutMs: budgetMs,
    onFallback: (e) => events.push(e),
  });
  return { understander, events };
}

describe('OpenAI understander against a fake OpenAI server', () => {
  it('uses a good answer: engine openai and its values', async () => {
    server.setBehaviour(fakeAnswer(GOOD));
    const { understander, events } = engine();
    const result = await understander.understand(input);
    expect(result).toEqual({ intent: 'accept', slot: 1, time: null, date: null, topic: null, confidence: 0.93, engine: 'openai' });
    expect(events).toEqual([]);
    expect(understander.stats()).toEqual({ calls: 1, fallbacks: 0, byReason: {} });
  });

  it('sends the model, the strict json_schema, the slot tokens, now, what was asked, recent lines and the utterance', async () => {
    server.setBehaviour(fakeAnswer(GOOD));
    const { understander } = engine();
    await understander.understand(input);
    expect(server.requests).toHaveLength(1);
    const req = server.requests[0]!;
    expect(req.path).toBe('/v1/chat/completions');
    expect(req.headers.authorization).toBe('Bearer sk-test');
    expect(req.body.model).toBe(MODEL);
    expect(req.body.response_format.type).toBe('json_schema');
    expect(req.body.response_format.json_schema.name).toBe(RESPONSE_SCHEMA_NAME);
    expect(req.body.response_format.json_schema.strict).toBe(true);
    const schema = req.body.response_format.json_schema.schema;
    expect(schema.required).toEqual(['intent', 'slot', 'time', 'date', 'topic', 'callback_at', 'confidence']);
    expect(schema.properties.intent.enum).toHaveLength(10);
    expect(schema.additionalProperties).toBe(false);
    const text = req.body.messages.map((m: { content: string }) => m.content).join('\n');
    expect(req.body.messages[0].role).toBe('system');
    expect(text).toContain('S0: Monday, November 30 at 10 AM (2026-11-30T10:00-05:00)');
    expect(text).toContain('S1: Tuesday, December 1 at 2 PM (2026-12-01T14:00-05:00)');
    expect(text).toContain('Monday 2026-11-23 09:15');
    expect(text).toContain('Asked: choice');
    expect(text).toContain('Caller: "I can offer Monday');
    expect(text).toContain('the second one works for me');
  });

  it('falls back to the local engine when the answer is slower than the budget, and aborts the request', async () => {
    server.setBehaviour(fakeSlow(2_000, GOOD));
    const { understander, events } = engine();
    const started = performance.now();
    const result = await understander.understand(input);
    const elapsed = performance.now() - started;
    expect(result).toEqual(understandLocal(input));
    expect(result).toMatchObject({ intent: 'accept', slot: 1, engine: 'local' });
    expect(elapsed).toBeLessThan(BUDGET_MS + 1_000);
    expect(events).toHaveLength(1);
    expect(events[0]!.reason).toBe('timeout');
    expect(understander.stats()).toEqual({ calls: 1, fallbacks: 1, byReason: { timeout: 1 } });
    await server.waitForAborted(1);
    expect(server.requests[0]!.aborted).toBe(true);
    expect(server.inFlight).toBe(0);
  });

  it.each([
    ['server_error', () => fakeStatus(500)],
    ['server_error', () => fakeStatus(503)],
    ['rate_limited', () => fakeRateLimited(1)],
    ['malformed', () => fakeMalformed()],
    ['malformed', () => fakeAnswer('')],
    ['malformed', () => fakeAnswer(GOOD, { finishReason: 'length' })],
    ['malformed', (): FakeBehaviour => ({ kind: 'raw', body: '<html>bad gateway</html>' })],
    ['schema', () => fakeAnswer({ ...GOOD, intent: 'maybe' })],
    ['schema', () => fakeAnswer({ slot: 0 })],
    ['schema', () => fakeAnswer({ ...GOOD, intent: 'propose_time', slot: null, time: 'two-ish' })],
    ['refused', () => fakeRefusal()],
    ['auth', () => fakeStatus(401)],
  ])('falls back with reason %s', async (reason, behaviour) => {
    server.setBehaviour(behaviour());
    const { understander, events } = engine();
    const result = await understander.understand(input);
    expect(result).toEqual(understandLocal(input));
    expect(events.map((e) => e.reason)).toEqual([reason]);
    expect(events[0]!.error).toBeInstanceOf(UnderstandingError);
    expect(understander.stats().byReason).toEqual({ [reason]: 1 });
    // no SDK retries: one request per turn, even for 429 and 5xx
    expect(server.requests).toHaveLength(1);
  });

  it('falls back with reason network when the server is down', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const events: FallbackEvent[] = [];
    const understander = withFallback(
      createOpenAIUnderstander({ apiKey: 'sk-test', baseURL: `http://127.0.0.1:${port}/v1`, model: MODEL, timeoutMs: 2_000 }),
      createLocalUnderstander(),
      { timeoutMs: 2_000, onFallback: (e) => events.push(e) },
    );
    const result = await understander.understand(input);
    expect(result).toEqual(understandLocal(input));
    expect(events.map((e) => e.reason)).toEqual(['network']);
  });

  it('the bare adapter throws a typed UnderstandingError with the reason', async () => {
    server.setBehaviour(fakeRateLimited(2));
    const openai = createOpenAIUnderstander({ apiKey: 'sk-test', baseURL: server.baseURL, model: MODEL, timeoutMs: 1_000 });
    const error = await openai.understand(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnderstandingError);
    expect((error as UnderstandingError).reason).toBe('rate_limited');
  });

  it('the bare adapter times out on its own (SDK timeout) with reason timeout', async () => {
    server.setBehaviour(fakeSlow(2_000, GOOD));
    const openai = createOpenAIUnderstander({ apiKey: 'sk-test', baseURL: server.baseURL, model: MODEL, timeoutMs: 150 });
    const error = await openai.understand(input).catch((e: unknown) => e);
    expect((error as UnderstandingError).reason).toBe('timeout');
    await server.waitForAborted(1);
  });

  it('the caller signal aborts the request: fallback with reason aborted', async () => {
    server.setBehaviour(fakeSlow(2_000, GOOD));
    const { understander, events } = engine(5_000);
    const controller = new AbortController();
    const pending = understander.understand(input, controller.signal);
    await server.waitForRequests(1);
    controller.abort();
    const result = await pending;
    expect(result.engine).toBe('local');
    expect(events.map((e) => e.reason)).toEqual(['aborted']);
    await server.waitForAborted(1);
  });

  describe('slot handling', () => {
    it('coerces an out-of-range slot to null', async () => {
      server.setBehaviour(fakeAnswer({ ...GOOD, slot: 5 }));
      const { understander } = engine();
      const result = await understander.understand(input);
      expect(result).toMatchObject({ intent: 'accept', slot: null, engine: 'openai' });
    });

    it('coerces a slot on a non-accept intent to null', async () => {
      server.setBehaviour(fakeAnswer({ intent: 'propose_time', slot: 0, time: '14:00', date: '2026-11-27', confidence: 0.8 }));
      const { understander } = engine();
      const result = await understander.understand(input);
      expect(result).toEqual({
        intent: 'propose_time',
        slot: null,
        time: '14:00',
        date: '2026-11-27',
        topic: null,
        confidence: 0.8,
        engine: 'openai',
      });
    });

    it('reads a plain yes to a single offered slot as slot 0, and clamps confidence', async () => {
      server.setBehaviour(fakeAnswer({ intent: 'accept', slot: null, time: null, date: null, confidence: 1.7 }));
      const { understander } = engine();
      const single = { ...input, utterance: 'yes', offered: input.offered.slice(0, 1) };
      const result = await understander.understand(single);
      expect(result).toEqual({ intent: 'accept', slot: 0, time: null, date: null, topic: null, confidence: 1, engine: 'openai' });
    });

    it('normalises "9:30" to "09:30"', async () => {
      server.setBehaviour(fakeAnswer({ intent: 'propose_time', slot: null, time: '9:30', date: null, confidence: 0.7 }));
      const { understander } = engine();
      expect((await understander.understand(input)).time).toBe('09:30');
    });
  });

  describe('createUnderstander', () => {
    const base = { OPENAI_MODEL: MODEL, OPENAI_BASE_URL: undefined, UNDERSTANDING_TIMEOUT_MS: BUDGET_MS };

    it('is the local engine without a key', async () => {
      const understander = createUnderstander({ ...base, OPENAI_API_KEY: undefined });
      expect(understander.name).toBe('local');
      expect(describeEngine({ OPENAI_API_KEY: undefined })).toBe('local');
      expect(await understander.understand(input)).toEqual(understandLocal(input));
      expect(understander.stats()).toEqual({ calls: 1, fallbacks: 0, byReason: {} });
      expect(server.requests).toHaveLength(0);
    });

    it('is OpenAI with the local fallback with a key', async () => {
      server.setBehaviour(fakeAnswer(GOOD));
      const events: FallbackEvent[] = [];
      const understander = createUnderstander({ ...base, OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.baseURL }, (e) =>
        events.push(e),
      );
      expect(understander.name).toBe('openai');
      expect(describeEngine({ OPENAI_API_KEY: 'sk-test' })).toBe('openai');
      expect((await understander.understand(input)).engine).toBe('openai');
      server.setBehaviour(fakeStatus(500));
      expect((await understander.understand(input)).engine).toBe('local');
      expect(events.map((e) => e.reason)).toEqual(['server_error']);
      expect(understander.stats()).toEqual({ calls: 2, fallbacks: 1, byReason: { server_error: 1 } });
    });
  });
});
