import { Writable } from 'node:stream';
import fc from 'fast-check';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signTwilioRequest } from '../../src/adapters/twilio/signature.js';
import type { SignedForm } from '../../src/adapters/twilio/signature.js';
import { MAX_FORM_BYTES } from '../../src/http/plugins/twilio-webhook.js';
import { ADMIN_KEY, startApp } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';
import type { TestDialect } from '../helpers/databases.js';
import { DIALECTS } from '../helpers/databases.js';
import { startFakeTwilio, twilioEnv } from '../helpers/fake-twilio.js';

/**
 * Property-based abuse: thousands of signed Twilio form posts and admin requests with random, malformed, huge and
 * hostile input. The service must never answer a 5xx or leak a stack trace, and must still be healthy afterwards.
 * SQLite runs the full count; PostgreSQL a smaller one.
 */

const ACCOUNT = `AC${'3'.repeat(32)}`;
const TOKEN = 'fuzz-token-0123456789';
const RUNS: Record<TestDialect, { twilio: number; admin: number; query: number }> = {
  sqlite: { twilio: 1500, admin: 700, query: 500 },
  postgres: { twilio: 250, admin: 120, query: 80 },
};

/** What the form parser will hand the service: well-formed strings (lone surrogates become U+FFFD on the wire). */
const wire = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

const anyText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.integer({ min: 2_000, max: 40_000 }).map((n) => 'é'.repeat(n / 2)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '-1',
      '0',
      '1e9',
      'NaN',
      'null',
      'undefined',
      '[]',
      '{}',
      '<Say>hi</Say>',
      ']]>',
      '&amp;',
      '%00',
      '\u0000',
      '1; DROP TABLE conversation_sessions; --',
      "' OR 1=1 --",
    ),
  },
);

const speech = fc.oneof(
  anyText,
  fc.constantFrom(
    'yes',
    'no',
    'tuesday works for me',
    'stop calling me',
    'wrong number',
    'call me back later',
    'what times do you have',
    'the second one',
    'monday at 10',
    'yes that is right',
  ),
);

const TWILIO_KEYS = [
  'SpeechResult',
  'Digits',
  'CallStatus',
  'AccountSid',
  'From',
  'To',
  'Confidence',
  'CallDuration',
  'AnsweredBy',
  'SequenceNumber',
  'Timestamp',
  'ErrorCode',
  'ErrorMessage',
  'Direction',
  'ApiVersion',
];

const turnQuery = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('-1', '0', '1', '2', '3', '7', '1e9', 'abc', '', '1.5', '99999999999', '0x10', ' 1', '%'),
  fc.array(fc.constantFrom('1', '2', 'x'), { minLength: 2, maxLength: 3 }),
  fc.string({ maxLength: 20 }),
);

type Form = Array<[string, string]>;

/** The fields of a pino log line these tests read. */
interface LogLine {
  level: number;
  msg?: string;
  err?: { message?: string };
}

function formArbitrary(callSids: () => string[]) {
  const callSid = fc.oneof(
    { weight: 5, arbitrary: fc.integer({ min: 0, max: 1000 }).map((i) => callSids()[i % callSids().length] ?? 'CA0') },
    { weight: 2, arbitrary: fc.stringMatching(/^CA[0-9a-f]{32}$/) },
    { weight: 1, arbitrary: anyText },
  );
  const known = fc.tuple(fc.constantFrom(...TWILIO_KEYS), fc.oneof(speech, anyText));
  const random = fc.tuple(fc.string({ minLength: 1, maxLength: 20 }), anyText);
  return fc
    .record({
      callSid: fc.option(callSid, { nil: undefined, freq: 8 }),
      speech: fc.option(speech, { nil: undefined }),
      digits: fc.option(fc.oneof(fc.stringMatching(/^[0-9*#]{1,4}$/), anyText), { nil: undefined, freq: 3 }),
      fields: fc.array(fc.oneof(known, random), { maxLength: 8 }),
      duplicate: fc.boolean(),
    })
    .map(({ callSid, speech: said, digits, fields, duplicate }): Form => {
      const form: Form = [];
      if (callSid !== undefined) form.push(['CallSid', callSid]);
      if (said !== undefined) form.push(['SpeechResult', said]);
      if (digits !== undefined) form.push(['Digits', digits]);
      form.push(...fields);
      if (duplicate && form[0] !== undefined) form.push([form[0][0], 'second value']);
      return form.map(([k, v]) => [wire(k), wire(v)]);
    });
}

/**
 * The fields as Twilio signs them: a repeated field as an array of its values (twilio's getExpectedTwilioSignature
 * signs each distinct value, sorted). Without a prototype, so a generated `__proto__` key is a field like any other.
 */
function signedParams(form: Form): SignedForm {
  const params: SignedForm = Object.create(null);
  for (const [k, v] of form) {
    const seen = params[k];
    params[k] = seen === undefined ? v : [...(Array.isArray(seen) ? seen : [seen]), v];
  }
  return params;
}

function expectCleanError(status: number, text: string, what: string) {
  expect(status, what).toBeLessThan(500);
  expect(text, what).not.toMatch(/"stack"|\n\s+at |node_modules|\/src\//);
  if (status >= 400) {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof body.error?.code, what).toBe('string');
    expect(typeof body.error?.message, what).toBe('string');
  }
}

describe.each(DIALECTS)('fuzzing the HTTP surface on %s', (dialect) => {
  let t: TestApp;
  let fake: Awaited<ReturnType<typeof startFakeTwilio>>;
  let callSids: string[] = [];
  const runs = RUNS[dialect];

  /** Error-level log lines: a failure hidden behind the spoken apology still shows here. */
  const errors: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const line: LogLine = JSON.parse(chunk.toString('utf8'));
      if (line.level >= 50) errors.push(line);
      done();
    },
  });

  beforeAll(async () => {
    fake = await startFakeTwilio(TOKEN);
    t = await startApp({
      dialect,
      logger: pino({ level: 'error' }, sink),
      env: {
        ...twilioEnv(fake.url, ACCOUNT, TOKEN, 'https://fuzz.example.com/hooks'),
        INTERVIEW_SLOTS: '2026-11-30T10:00,2026-12-01T14:00,2026-12-02T11:00,2026-12-03T15:00',
        SLOT_CAPACITY: '1000',
        MAX_TURNS: '50',
        CALL_RATE_LIMIT: '100000',
        ADMIN_RATE_LIMIT: '100000',
      },
    });
    // Real calls (placed through the fake Twilio, never played) whose webhooks the fuzzer drives.
    for (let i = 0; i < 8; i++) {
      const res = await t.admin('POST', '/make-actual-call', { candidate: { phone: `+1415555${String(100 + i).padStart(4, '0')}` } });
      expect(res.status).toBe(201);
      callSids.push(res.body.call_sid as string);
    }
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
    callSids = [];
  });

  async function postTwilio(path: string, turn: string | string[] | undefined, form: Form) {
    const query =
      turn === undefined ? '' : `?${new URLSearchParams((Array.isArray(turn) ? turn : [turn]).map((v) => ['turn', v])).toString()}`;
    const pathAndQuery = `${path}${query}`;
    const signature = signTwilioRequest(t.deps.authToken, `${t.deps.webhookBase.url}${pathAndQuery}`, signedParams(form));
    const res = await fetch(`${t.url}${pathAndQuery}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(form).toString(),
    });
    return { status: res.status, text: await res.text() };
  }

  it('signed Twilio form posts always get TwiML (or 204 for status), never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/twilio-voice', '/twilio-process', '/twilio-process', '/twilio-status'),
        turnQuery,
        formArbitrary(() => callSids),
        async (path, turn, form) => {
          const res = await postTwilio(path, turn, form);
          const what = `${path} ${JSON.stringify(turn)} ${JSON.stringify(form).slice(0, 300)}`;
          expect(res.text, what).not.toMatch(/\n\s+at |Error:/);
          if (new URLSearchParams(form).toString().length > Math.min(MAX_FORM_BYTES, t.deps.config.BODY_LIMIT_BYTES)) {
            // Past the Twilio routes' cap: never read, so never verified; a client error with a hang-up, not a turn.
            expect(res.status, what).toBe(413);
            expect(res.text, what).toContain('<Hangup/>');
            return;
          }
          if (path === '/twilio-status' && res.status === 204) return;
          expect(res.status, what).toBe(200);
          expect(res.text, what).toContain('<Response');
        },
      ),
      { numRuns: runs.twilio },
    );
    // Nothing failed behind the apology either, and the fuzzer really drove conversations.
    expect(errors.map((e) => `${e.msg}: ${e.err?.message}`)).toEqual([]);
    const turns = await t.deps.database.db
      .selectFrom('conversation_turns')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    // Most random bodies are rejected politely; a few percent of them still reach a live call and store a turn.
    expect(Number(turns.n)).toBeGreaterThan(runs.twilio / 50);
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
  });

  const jsonish = fc.jsonValue({ maxDepth: 4 });
  const candidateField = fc.oneof(
    { weight: 3, arbitrary: jsonish },
    { weight: 3, arbitrary: anyText },
    {
      weight: 1,
      arbitrary: fc.constantFrom('+14155550123', '+442079460958', '+1 (415) 555-0123', '+999', 'America/Chicago', 'Mars/Base', 'a@b.co'),
    },
  );
  const candidate = fc.dictionary(
    fc.oneof(fc.constantFrom('name', 'phone', 'email', 'position', 'company', 'timezone'), fc.string({ maxLength: 12 })),
    candidateField,
    { maxKeys: 7 },
  );
  const simulate = fc.record(
    {
      replies: fc.oneof(fc.array(fc.oneof(anyText, fc.constant(null), fc.record({ digits: anyText })), { maxLength: 60 }), jsonish),
      result: fc.oneof(fc.constantFrom('answered', 'busy', 'no-answer', 'failed'), jsonish),
      answeredBy: jsonish,
    },
    { requiredKeys: [] },
  );
  const deep = fc.integer({ min: 10, max: 20_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`);
  const deepObject = fc.integer({ min: 10, max: 5_000 }).map((n) => `{"candidate":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`);
  const nearlyValid = fc
    .record(
      {
        phone: fc.constantFrom('+14155550123', '+442079460958', '+919876543210', '+999', '12345', '+1415555012', '+80012345678'),
        timezone: fc.constantFrom('America/Chicago', 'Asia/Tokyo', 'Mars/Base', 'UTC', ''),
        name: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map(wire),
      },
      { requiredKeys: ['phone'] },
    )
    .map((candidate) => JSON.stringify({ candidate }));
  const makeCallBody = fc.oneof(
    { weight: 2, arbitrary: nearlyValid },
    { weight: 4, arbitrary: fc.record({ candidate, simulate }, { requiredKeys: [] }).map((b) => JSON.stringify(b)) },
    { weight: 2, arbitrary: fc.dictionary(fc.string({ maxLength: 10 }), jsonish, { maxKeys: 5 }).map((b) => JSON.stringify(b)) },
    { weight: 2, arbitrary: jsonish.map((b) => JSON.stringify(b)) },
    { weight: 2, arbitrary: fc.string({ maxLength: 80 }) },
    { weight: 1, arbitrary: deep },
    { weight: 1, arbitrary: deepObject },
    { weight: 1, arbitrary: fc.integer({ min: 70_000, max: 200_000 }).map((n) => JSON.stringify({ candidate: { name: 'x'.repeat(n) } })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        '{',
        '{"candidate":',
        'null',
        '[]',
        '"str"',
        '{"__proto__":{"admin":true}}',
        '{"constructor":{"prototype":{"x":1}}}',
        '\u0000',
      ),
    },
  );
  const contentType = fc.constantFrom(
    'application/json',
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    'application/x-www-form-urlencoded',
    undefined,
  );

  it('admin JSON bodies to POST /make-actual-call and /do-not-call never get a 5xx or a stack trace', async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/make-actual-call', '/make-actual-call', '/do-not-call'),
        makeCallBody,
        contentType,
        async (path, body, type) => {
          const res = await fetch(`${t.url}${path}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(type === undefined ? {} : { 'content-type': type }) },
            body,
          });
          const text = await res.text();
          const what = `${path} ${type} ${body.slice(0, 300)}`;
          expectCleanError(res.status, text, what);
          if (res.status >= 400) expect([400, 404, 409, 413, 415, 422], what).toContain(res.status);
          if (res.status === 413) expect(JSON.parse(text).error.code).toBe('body_too_large');
          seen.add(res.status);
        },
      ),
      {
        numRuns: runs.admin,
        // A plain valid body and a plain bad one always run, so both sides are reached on every run, not only by chance.
        examples: [
          ['/make-actual-call', JSON.stringify({ candidate: { phone: '+14155550123', timezone: 'America/Chicago' } }), 'application/json'],
          ['/make-actual-call', '{"candidate":', 'application/json'],
        ],
      },
    );
    // The generator reached both sides: calls placed and bodies refused (which refusals varies with the random run).
    expect([...seen]).toEqual(expect.arrayContaining([201, 400]));
    expect(errors.map((e) => `${e.msg}: ${e.err?.message}`)).toEqual([]);
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
  });

  it('admin queries and path parameters never get a 5xx or a stack trace', async () => {
    const value = fc.oneof(anyText, fc.constantFrom('1', '100', '101', '0', '-1', '1e9', '20.5', 'active', 'completed', 'failed', 'nope'));
    const cursor = fc.oneof(
      anyText,
      fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
      fc.tuple(anyText, anyText).map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
    );
    const request = fc.oneof(
      fc
        .record(
          {
            limit: fc.oneof(value, fc.array(value, { maxLength: 3 })),
            cursor,
            status: fc.oneof(value, fc.array(value, { maxLength: 3 })),
            extra: value,
          },
          { requiredKeys: [] },
        )
        .map((q) => {
          const params = new URLSearchParams();
          for (const [k, v] of Object.entries(q)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, wire(one));
          return { method: 'GET', path: `/conversations?${params.toString()}` };
        }),
      fc
        .tuple(fc.constantFrom('GET', 'DELETE'), anyText)
        .map(([method, sid]) => ({ method, path: `/conversations/${encodeURIComponent(wire(sid))}` })),
      fc
        .tuple(fc.constantFrom('/do-not-call/', '/candidates/'), anyText)
        .map(([prefix, phone]) => ({ method: 'DELETE', path: `${prefix}${encodeURIComponent(wire(phone))}` })),
      fc.string({ maxLength: 60 }).map((raw) => ({ method: 'GET', path: `/conversations?${raw.replace(/[#\s]/g, '')}` })),
    );
    await fc.assert(
      fc.asyncProperty(request, async ({ method, path }) => {
        const res = await fetch(`${t.url}${path}`, { method, headers: { authorization: `Bearer ${ADMIN_KEY}` } });
        const text = await res.text();
        expectCleanError(res.status, text, `${method} ${path.slice(0, 300)}`);
      }),
      { numRuns: runs.query },
    );
    expect(errors.map((e) => `${e.msg}: ${e.err?.message}`)).toEqual([]);
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
    // Still fully working: a fresh call is placed and its first webhook answered.
    const placed = await t.admin('POST', '/make-actual-call', { candidate: { phone: '+14155550999' } });
    expect(placed.status).toBe(201);
    const voice = await t.twilio('/twilio-voice', { CallSid: placed.body.call_sid, CallStatus: 'in-progress', AccountSid: ACCOUNT });
    expect(voice.status).toBe(200);
    expect(voice.text).toContain('<Gather');
  });
});
