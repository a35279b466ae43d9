import { afterEach, describe, expect, it } from 'vitest';
import { simulatedCall, startApp } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/databases.js';
import { fakeAnswer, fakeHang, fakeMalformed, fakeRateLimited, fakeSlow, fakeStatus, startFakeOpenAI } from '../helpers/fake-openai.js';
import type { FakeBehaviour, FakeOpenAI } from '../helpers/fake-openai.js';

/** The understanding budget these calls run under. */
const BUDGET_MS = 300;
/** "No extra delay beyond the budget": a stored turn's latency (understanding + transaction) stays under this. */
const TURN_BOUND_MS = BUDGET_MS + 500;

/** What a good model would answer to the two replies of these calls (the Tuesday 2 PM slot, then yes). */
const GOOD: Record<string, unknown> = {
  'tuesday at two': { intent: 'propose_time', slot: null, time: '14:00', date: '2026-12-01', confidence: 0.92 },
  yes: { intent: 'accept', slot: null, time: null, date: null, confidence: 0.97 },
};

const FAULTS: Array<{ name: string; behaviour: FakeBehaviour; aborts?: boolean }> = [
  { name: 'slow (2 s, past the budget)', behaviour: fakeSlow(2_000, GOOD.yes), aborts: true },
  { name: 'hanging (never answers)', behaviour: fakeHang(), aborts: true },
  { name: 'failing with 500', behaviour: fakeStatus(500) },
  { name: 'rate limited (429)', behaviour: fakeRateLimited(1) },
  { name: 'answering malformed JSON', behaviour: fakeMalformed() },
  { name: 'answering the wrong schema', behaviour: fakeAnswer({ intent: 'book_it', when: 'tuesday', confidence: 'high' }) },
  {
    name: 'answering an HTML error page',
    behaviour: { kind: 'raw', body: '<html><body>Bad gateway</body></html>', contentType: 'text/html' },
  },
];

interface StoredTurn {
  turn_number: number;
  user_input: string | null;
  engine: string | null;
  latency_ms: number | null;
}

/**
 * Whole calls (the simulator plays Twilio over HTTP) with OpenAI configured against a fake that is slow, fails or
 * answers garbage: every call still books through the local engine within the budget, and the fallbacks are
 * counted on the status page.
 */
describe.each(DIALECTS)('understanding faults on %s', (dialect) => {
  let t: TestApp | undefined;
  let openai: FakeOpenAI | undefined;
  afterEach(async () => {
    await t?.close();
    await openai?.close();
    t = openai = undefined;
  });

  async function start(behaviour: FakeBehaviour | ((utterance: string) => FakeBehaviour)) {
    openai = await startFakeOpenAI();
    openai.setBehaviour(typeof behaviour === 'function' ? (req) => behaviour(utteranceOf(req.body)) : behaviour);
    t = await startApp({
      dialect,
      env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseURL, UNDERSTANDING_TIMEOUT_MS: String(BUDGET_MS) },
    });
    return t;
  }

  it.each(FAULTS)('OpenAI $name: the call books through the local engine within the budget', async ({ behaviour, aborts }) => {
    const app = await start(behaviour);
    const { conversation, transcript } = await simulatedCall(app, ['tuesday at two', 'yes']);
    expect(conversation.outcome, JSON.stringify(transcript)).toBe('scheduled');
    expect(conversation.confirmed_slot_start).toBe('2026-12-01T14:00:00-05:00');
    const turns = conversation.turns as StoredTurn[];
    expect(turns.map((x) => [x.turn_number, x.user_input, x.engine])).toEqual([
      [0, null, null],
      [1, 'tuesday at two', 'local'],
      [2, 'yes', 'local'],
    ]);
    for (const turn of turns.slice(1)) expect(turn.latency_ms).toBeLessThan(TURN_BOUND_MS);
    expect(openai!.requests).toHaveLength(2); // OpenAI was asked each turn, and never retried
    if (aborts === true) await openai!.waitForAborted(2); // at the budget the request's connection really closed
    const status = (await app.admin('GET', '/')).body;
    expect(status.understanding).toBe('openai');
    expect(status.understanding_fallbacks).toBe(2);
  });

  it('OpenAI answering well: turns record engine openai and no fallback', async () => {
    const app = await start((utterance) =>
      fakeAnswer(GOOD[utterance] ?? { intent: 'unclear', slot: null, time: null, date: null, confidence: 0.1 }),
    );
    const { conversation } = await simulatedCall(app, ['tuesday at two', 'yes']);
    expect(conversation.outcome).toBe('scheduled');
    expect(conversation.confirmed_slot_start).toBe('2026-12-01T14:00:00-05:00');
    const turns = conversation.turns as Array<StoredTurn & { intent: string; confidence: number }>;
    expect(turns.slice(1).map((x) => [x.intent, x.engine, x.confidence])).toEqual([
      ['propose_time', 'openai', 0.92],
      ['accept', 'openai', 0.97],
    ]);
    expect((await app.admin('GET', '/')).body.understanding_fallbacks).toBe(0);
  });

  it('a fault on one turn only: that turn falls back, the next one uses OpenAI again', async () => {
    const app = await start((utterance) => fakeAnswer(GOOD[utterance]));
    openai!.enqueue(fakeStatus(503));
    const { conversation } = await simulatedCall(app, ['tuesday at two', 'yes']);
    expect(conversation.outcome).toBe('scheduled');
    expect((conversation.turns as StoredTurn[]).slice(1).map((x) => x.engine)).toEqual(['local', 'openai']);
    expect((await app.admin('GET', '/')).body.understanding_fallbacks).toBe(1);
  });
});

/** The candidate's words in the per-turn user message ("Candidate said: <JSON string>", see prompt.ts). */
function utteranceOf(body: unknown): string {
  const messages = isRecord(body) && Array.isArray(body.messages) ? body.messages : [];
  const user = messages.filter((m) => isRecord(m) && m.role === 'user').at(-1);
  const content = isRecord(user) && typeof user.content === 'string' ? user.content : '';
  const said = /^Candidate said: (".*")$/m.exec(content);
  const parsed: unknown = said === null ? '' : JSON.parse(said[1] ?? '""');
  return typeof parsed === 'string' ? parsed : '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
