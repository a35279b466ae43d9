import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { phoneKey } from '../../src/db/do-not-call.repo.js';
import { DIALECTS, freshDatabase } from '../helpers/databases.js';
import type { FreshDatabase } from '../helpers/databases.js';
import { FIXED_NOW, simulatedCall, startApp } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';
import { startFakeTwilio, twilioEnv } from '../helpers/fake-twilio.js';

const ACCOUNT = `AC${'2'.repeat(32)}`;
const TOKEN = 'people-token-5678';
const ALEX = '+14155550123';
const SAM = '+14155550199';

/** Do-not-call, erasure, retention and calling hours through the HTTP API, on each database. */
describe.each(DIALECTS)('people on %s', (dialect) => {
  let t: TestApp | undefined;
  let fake: Awaited<ReturnType<typeof startFakeTwilio>> | undefined;
  let database: FreshDatabase | undefined;
  afterEach(async () => {
    await t?.close();
    await fake?.close();
    await database?.drop();
    t = undefined;
    fake = undefined;
    database = undefined;
  });

  /** Twilio mode against the fake REST API, with calling hours on and a clock we choose. */
  async function startTwilio(now: Date, env: Record<string, string> = {}) {
    fake = await startFakeTwilio(TOKEN);
    t = await startApp({
      dialect,
      now: () => now,
      env: {
        ...twilioEnv(fake.url, ACCOUNT, TOKEN),
        CALLING_HOURS: '08:00-21:00',
        ...env,
      },
    });
    return t;
  }

  /** The key the running service stores a number under. */
  const keyOf = (phone: string) => phoneKey(t!.deps.doNotCallSecret, phone);

  describe('do-not-call list', () => {
    it('POST adds a number (201), GET lists keys and dates only, a call to it is refused, DELETE takes it off', async () => {
      t = await startApp({ dialect });
      const added = await t.admin('POST', '/do-not-call', { phone: '+1 415 555 0123', reason: 'asked by email' });
      expect(added.status).toBe(201);
      expect(added.body).toEqual({ phone_hash: keyOf(ALEX), created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
      expect((await t.admin('POST', '/do-not-call', { phone: ALEX })).status).toBe(200); // already there

      const list = await t.admin('GET', '/do-not-call');
      expect(list.status).toBe(200);
      expect(list.body.items).toEqual([{ phone_hash: keyOf(ALEX), created_at: added.body.created_at }]);
      const raw = JSON.stringify(list.body);
      expect(raw).not.toContain('4155550123');
      expect(raw).not.toContain('asked by email');

      const refused = await t.admin('POST', '/make-actual-call', { candidate: { phone: ALEX } });
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('do_not_call');
      expect((await t.admin('GET', '/conversations')).body.items).toHaveLength(0);

      expect((await t.admin('DELETE', `/do-not-call/${encodeURIComponent(ALEX)}`)).status).toBe(204);
      const again = await t.admin('DELETE', `/do-not-call/${encodeURIComponent(ALEX)}`);
      expect(again.status).toBe(404);
      expect(again.body.error.code).toBe('not_found');
      expect((await t.admin('GET', '/do-not-call')).body.items).toEqual([]);
      expect((await simulatedCall(t, ['tuesday works', 'yes'], { phone: ALEX })).conversation.outcome).toBe('scheduled');
    });

    it('an entry stored the old way (bare sha256) still blocks a call, and is listed under its key from then on', async () => {
      t = await startApp({ dialect });
      const legacy = createHash('sha256').update(ALEX).digest('hex');
      await t.deps.database.db
        .insertInto('do_not_call')
        .values({ phone_hash: legacy, reason: 'opted out before keys', created_at: '2025-06-01T00:00:00.000Z' })
        .execute();
      const refused = await t.admin('POST', '/make-actual-call', { candidate: { phone: ALEX } });
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('do_not_call');
      expect((await t.admin('GET', '/do-not-call')).body.items).toEqual([
        { phone_hash: keyOf(ALEX), created_at: '2025-06-01T00:00:00.000Z' },
      ]);
      expect(keyOf(ALEX)).not.toBe(legacy);
      expect((await t.admin('DELETE', `/do-not-call/${encodeURIComponent(ALEX)}`)).status).toBe(204);
      expect((await t.admin('GET', '/do-not-call')).body.items).toEqual([]);
    });

    it('removal and erasure see an entry stored the old way', async () => {
      t = await startApp({ dialect });
      const legacy = createHash('sha256').update(SAM).digest('hex');
      const insertLegacy = () =>
        t!.deps.database.db
          .insertInto('do_not_call')
          .values({ phone_hash: legacy, reason: null, created_at: '2025-06-01T00:00:00.000Z' })
          .execute();
      await insertLegacy();
      expect((await t.admin('DELETE', `/candidates/${encodeURIComponent(SAM)}`)).body.do_not_call).toBe(true);
      await t.deps.database.db.deleteFrom('do_not_call').execute();
      await insertLegacy();
      expect((await t.admin('DELETE', `/do-not-call/${encodeURIComponent(SAM)}`)).status).toBe(204);
      expect(await t.deps.database.db.selectFrom('do_not_call').selectAll().execute()).toEqual([]);
    });

    it('also refuses a number that opted out during a call, and lists it by key', async () => {
      t = await startApp({ dialect });
      await simulatedCall(t, ['please stop calling me'], { phone: SAM });
      expect((await t.admin('GET', '/do-not-call')).body.items.map((e: { phone_hash: string }) => e.phone_hash)).toEqual([keyOf(SAM)]);
      const refused = await t.admin('POST', '/make-actual-call', { candidate: { phone: SAM } });
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('do_not_call');
    });

    it('applies in Twilio mode too, and nothing is dialled', async () => {
      await startTwilio(new Date('2026-11-24T20:00:00Z'));
      expect((await t!.admin('POST', '/do-not-call', { phone: ALEX })).status).toBe(201);
      const refused = await t!.admin('POST', '/make-actual-call', { candidate: { phone: ALEX, timezone: 'America/New_York' } });
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('do_not_call');
      expect(fake!.calls).toHaveLength(0);
    });

    it('validates: a bad number is 422, unknown fields and wrong types 400, and it needs the admin key', async () => {
      t = await startApp({ dialect });
      const bad = await t.admin('POST', '/do-not-call', { phone: '12345' });
      expect(bad.status).toBe(422);
      expect(bad.body.error.code).toBe('invalid_phone');
      expect((await t.admin('POST', '/do-not-call', { phone: ALEX, extra: 1 })).status).toBe(400);
      expect((await t.admin('POST', '/do-not-call', { phone: { nested: true } })).status).toBe(400);
      expect((await t.admin('POST', '/do-not-call', {})).status).toBe(400);
      expect((await t.admin('DELETE', '/do-not-call/not-a-number')).status).toBe(422);
      for (const [method, path] of [
        ['GET', '/do-not-call'],
        ['POST', '/do-not-call'],
        ['DELETE', `/do-not-call/${encodeURIComponent(ALEX)}`],
        ['DELETE', `/candidates/${encodeURIComponent(ALEX)}`],
      ] as const) {
        const res = await fetch(`${t.url}${path}`, { method, headers: { authorization: 'Bearer wrong-key' } });
        expect(res.status, `${method} ${path}`).toBe(401);
      }
    });
  });

  describe('erasure', () => {
    it('DELETE /candidates/{phone} removes every conversation, turn and booking of that number, and frees the seat', async () => {
      t = await startApp({ dialect });
      const first = await simulatedCall(t, ['tuesday works for me', 'yes that is right'], { phone: ALEX });
      expect(first.conversation.outcome).toBe('scheduled');
      await simulatedCall(t, ['stop calling me'], { phone: ALEX }).catch(() => undefined); // still allowed: not listed yet
      const other = await simulatedCall(t, ['wednesday at eleven', 'yes'], { phone: SAM });
      const before = (await t.admin('GET', '/')).body.slots.reduce((n: number, s: { booked: number }) => n + s.booked, 0);
      expect(before).toBe(2);

      const erased = await t.admin('DELETE', `/candidates/${encodeURIComponent(ALEX)}`);
      expect(erased.status).toBe(200);
      expect(erased.body).toEqual({ conversations: 2, turns: first.conversation.turns.length + 2, bookings: 1, do_not_call: true });

      const left = (await t.admin('GET', '/conversations')).body.items;
      expect(left.map((c: { call_sid: string }) => c.call_sid)).toEqual([other.callSid]);
      expect((await t.admin('GET', `/conversations/${first.callSid}`)).status).toBe(404);
      const after = (await t.admin('GET', '/')).body.slots.reduce((n: number, s: { booked: number }) => n + s.booked, 0);
      expect(after).toBe(1);
      // Nothing with the number is left in the database, except the do-not-call key.
      const db = t.deps.database.db;
      expect(await db.selectFrom('conversation_sessions').selectAll().where('candidate_phone', '=', ALEX).execute()).toEqual([]);
      expect(await db.selectFrom('bookings').selectAll().where('candidate_phone', '=', ALEX).execute()).toEqual([]);
      expect((await t.admin('GET', '/do-not-call')).body.items.map((e: { phone_hash: string }) => e.phone_hash)).toEqual([keyOf(ALEX)]);

      // Erasing again is harmless and says so.
      const again = await t.admin('DELETE', `/candidates/${encodeURIComponent(ALEX)}`);
      expect(again.body).toEqual({ conversations: 0, turns: 0, bookings: 0, do_not_call: true });
      expect((await t.admin('DELETE', `/candidates/${encodeURIComponent('+442079460958')}`)).body).toEqual({
        conversations: 0,
        turns: 0,
        bookings: 0,
        do_not_call: false,
      });
    });
  });

  describe('retention', () => {
    it('RETENTION_DAYS purges old conversations when the service starts', async () => {
      database = await freshDatabase(dialect);
      t = await startApp({ dialect, database });
      const old = await simulatedCall(t, ['tuesday works', 'yes']);
      await t.close();
      // Ten days later, then forty days later, with a 30-day retention.
      const later = (days: number) => () => new Date(FIXED_NOW.getTime() + days * 86_400_000);
      t = await startApp({ dialect, database, now: later(10), env: { RETENTION_DAYS: '30', INTERVIEW_SLOTS: '2027-06-01T10:00' } });
      expect((await t.admin('GET', `/conversations/${old.callSid}`)).status).toBe(200);
      await t.close();
      t = await startApp({ dialect, database, now: later(40), env: { RETENTION_DAYS: '30', INTERVIEW_SLOTS: '2027-06-01T10:00' } });
      expect((await t.admin('GET', `/conversations/${old.callSid}`)).status).toBe(404);
      expect((await t.admin('GET', '/conversations')).body.items).toEqual([]);
    });

    it("runs the purge on an unref'd hourly timer that close() clears", async () => {
      const { startRetention, RETENTION_INTERVAL_MS } = await import('../../src/services/people.js');
      expect(RETENTION_INTERVAL_MS).toBe(3_600_000);
      t = await startApp({ dialect });
      const calls: number[] = [];
      const realSetInterval = globalThis.setInterval;
      const realClearInterval = globalThis.clearInterval;
      let timer: ReturnType<typeof setInterval> | undefined;
      let cleared = false;
      globalThis.setInterval = ((fn: () => void, ms: number) => {
        calls.push(ms);
        timer = realSetInterval(fn, ms);
        return timer;
      }) as typeof setInterval;
      globalThis.clearInterval = ((id: ReturnType<typeof setInterval>) => {
        if (id === timer) cleared = true;
        realClearInterval(id);
      }) as typeof clearInterval;
      try {
        const stop = await startRetention({ ...t.deps, config: { ...t.deps.config, RETENTION_DAYS: 7 } });
        expect(calls).toEqual([RETENTION_INTERVAL_MS]);
        expect(timer?.hasRef()).toBe(false);
        stop();
        expect(cleared).toBe(true);
      } finally {
        globalThis.setInterval = realSetInterval;
        globalThis.clearInterval = realClearInterval;
      }
    });
  });

  describe('calling hours (Twilio mode; the clock is injected)', () => {
    it("refuses a call outside the candidate's own hours with 409 and the next allowed time, storing and dialling nothing", async () => {
      // 02:00 UTC is 21:00 in New York (closed) but 18:00 in Los Angeles (open).
      await startTwilio(new Date('2026-11-25T02:00:00Z'));
      const ny = await t!.admin('POST', '/make-actual-call', { candidate: { phone: ALEX, timezone: 'America/New_York' } });
      expect(ny.status).toBe(409);
      expect(ny.body.error.code).toBe('outside_calling_hours');
      expect(ny.body.error.next_allowed).toBe('2026-11-25T08:00:00-05:00');
      expect(ny.body.error.message).toContain('2026-11-25T08:00:00-05:00');
      expect(fake!.calls).toHaveLength(0);
      expect((await t!.admin('GET', '/conversations')).body.items).toHaveLength(0);

      const la = await t!.admin('POST', '/make-actual-call', { candidate: { phone: ALEX, timezone: 'America/Los_Angeles' } });
      expect(la.status).toBe(201);
      expect(fake!.calls).toHaveLength(1);
    });

    it('works east of UTC: 07:30 in Kolkata is refused, 08:00 is allowed', async () => {
      const now = { value: new Date('2026-11-24T02:00:00Z') }; // 07:30 IST
      fake = await startFakeTwilio(TOKEN);
      t = await startApp({
        dialect,
        now: () => now.value,
        env: {
          ...twilioEnv(fake.url, ACCOUNT, TOKEN),
          CALLING_HOURS: '08:00-21:00',
        },
      });
      const early = await t.admin('POST', '/make-actual-call', { candidate: { phone: '+919876543210' } });
      expect(early.status).toBe(409);
      expect(early.body.error.next_allowed).toBe('2026-11-24T08:00:00+05:30');
      now.value = new Date('2026-11-24T02:30:00Z');
      expect((await t.admin('POST', '/make-actual-call', { candidate: { phone: '+919876543210' } })).status).toBe(201);
    });

    it("without a candidate zone, uses every zone of the number's country (US: New York to Honolulu)", async () => {
      // FIXED_NOW: 10:00 in New York, 05:00 in Honolulu.
      await startTwilio(FIXED_NOW);
      const us = await t!.admin('POST', '/make-actual-call', { candidate: { phone: ALEX } });
      expect(us.status).toBe(409);
      expect(us.body.error.next_allowed).toBe('2026-11-24T13:00:00-05:00');
      expect(us.body.error.timezones).toEqual(expect.arrayContaining(['America/New_York', 'Pacific/Honolulu']));
      // A UK number at 15:00 London time is fine.
      expect((await t!.admin('POST', '/make-actual-call', { candidate: { phone: '+442079460958' } })).status).toBe(201);
    });

    it('00:00-24:00 allows any time', async () => {
      await startTwilio(new Date('2026-11-24T08:00:00Z'), { CALLING_HOURS: '00:00-24:00' }); // 03:00 in New York
      expect((await t!.admin('POST', '/make-actual-call', { candidate: { phone: ALEX, timezone: 'America/New_York' } })).status).toBe(201);
    });

    it('never blocks a simulated call: it rings no phone', async () => {
      t = await startApp({ dialect, now: () => new Date('2026-11-24T08:00:00Z'), env: { CALLING_HOURS: '08:00-21:00' } });
      const { conversation } = await simulatedCall(t, ['tuesday works', 'yes'], { phone: ALEX, timezone: 'America/New_York' });
      expect(conversation.outcome).toBe('scheduled');
    });
  });
});
