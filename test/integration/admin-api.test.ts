import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/databases.js';
import { ADMIN_KEY, AUTH_TOKEN, simulatedCall, startApp } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';

describe.each(DIALECTS)('admin and status API on %s', (dialect) => {
  let t: TestApp;
  afterEach(async () => {
    await t?.close();
  });

  it('refuses every admin route without the key (401), and with a wrong one', async () => {
    t = await startApp({ dialect });
    for (const [method, path] of [
      ['POST', '/make-actual-call'],
      ['GET', '/conversations'],
      ['GET', '/conversations/CA1'],
      ['DELETE', '/conversations/CA1'],
      ['GET', '/analytics'],
    ] as const) {
      const none = await fetch(`${t.url}${path}`, { method });
      expect(none.status, `${method} ${path}`).toBe(401);
      expect(((await none.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
      const wrong = await fetch(`${t.url}${path}`, { method, headers: { authorization: `Bearer ${ADMIN_KEY}x` } });
      expect(wrong.status).toBe(401);
    }
  });

  it("rejects an invalid phone (the prototype's +1234567890 too) with 422 and dials nobody", async () => {
    t = await startApp({ dialect });
    for (const phone of ['+1234567890', '555-1234', 'call me']) {
      const res = await t.admin('POST', '/make-actual-call', { candidate: { phone } });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('invalid_phone');
    }
    expect((await t.admin('GET', '/conversations')).body.items).toHaveLength(0);
  });

  it('rejects text a phone prompt cannot carry (control characters, NUL) with 422, stores nothing and dials nobody', async () => {
    t = await startApp({ dialect });
    // NUL used to be a 500 on PostgreSQL (text cannot hold it); any C0 control made the greeting's TwiML fail on SQLite.
    for (const [field, value] of [
      ['name', 'Jordan\u0000'],
      ['position', 'Data\u0001 Engineer'],
      ['company', 'Acme\uFFFF'],
      ['name', 'Jo\uD800rdan'],
    ] as const) {
      const res = await t.admin('POST', '/make-actual-call', { candidate: { phone: '+14155550123', [field]: value } });
      expect(res.status, `${field} ${JSON.stringify(value)}`).toBe(422);
      expect(res.body.error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining(`candidate.${field}`) });
    }
    const reason = await t.admin('POST', '/do-not-call', { phone: '+14155550123', reason: 'asked\u0000' });
    expect(reason.status).toBe(422);
    expect(reason.body.error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('reason') });
    expect((await t.admin('GET', '/conversations')).body.items).toHaveLength(0);
    expect((await t.admin('GET', '/do-not-call')).body.items).toHaveLength(0);
    // Ordinary text, accents and tabs included, is still fine.
    const ok = await t.admin('POST', '/make-actual-call', {
      candidate: { phone: '+14155550123', name: "Zoë\tO'Brien", company: 'Ünïcode 株式会社' },
    });
    expect(ok.status).toBe(201);
  });

  it('rejects unknown fields and wrong types with 400 and the error shape', async () => {
    t = await startApp({ dialect });
    const unknown = await t.admin('POST', '/make-actual-call', { candidate: { phone: '+14155550123', shoe: 9 } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('invalid_request');
    const wrongType = await t.admin('POST', '/make-actual-call', { candidate: 'Jordan' });
    expect(wrongType.status).toBe(400);
    const limit = await t.admin('GET', '/conversations?limit=500');
    expect(limit.status).toBe(400);
    const cursor = await t.admin('GET', '/conversations?cursor=garbage');
    expect(cursor.status).toBe(400);
  });

  it('lists conversations newest first, page by page, filtered by status', async () => {
    let clock = new Date('2026-11-24T15:00:00Z').getTime();
    t = await startApp({
      dialect,
      now: () => new Date(clock),
      env: { INTERVIEW_SLOTS: '2026-12-01T14:00,2026-12-02T11:00,2026-12-03T09:00' },
    });
    const sids: string[] = [];
    for (const replies of [['tuesday', 'yes'], ['no thanks not interested'], ['wednesday', 'yes'], ['wrong number'], [null, null, null]]) {
      clock += 60_000;
      sids.push((await simulatedCall(t, replies)).callSid);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await t.admin('GET', `/conversations?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((s: { call_sid: string }) => s.call_sid));
      cursor = page.body.next_cursor;
    } while (cursor !== null);
    expect(seen).toEqual([...sids].reverse());
    const completed = await t.admin('GET', '/conversations?status=completed');
    expect(completed.body.items.map((s: { call_sid: string }) => s.call_sid).sort()).toEqual([sids[0], sids[2]].sort());
    expect(completed.body.items[0]).not.toHaveProperty('state');

    const analytics = (await t.admin('GET', '/analytics')).body;
    expect(analytics.total_calls).toBe(5);
    expect(analytics.by_status).toEqual({ completed: 2, failed: 3 });
    expect(analytics.success_rate).toBeCloseTo(2 / 5);
    expect(analytics.slot_preferences.filter((p: { bookings: number }) => p.bookings === 1)).toHaveLength(2);
    expect(analytics.intent_distribution.silence).toBe(3);
    expect(analytics.turns_histogram['2']).toBe(2);
    expect(analytics.active_calls).toBe(0);
  });

  it('DELETE removes the session with its turns and gives the booked seat back (the prototype never stored turns)', async () => {
    t = await startApp({ dialect });
    const { callSid, conversation } = await simulatedCall(t, ['tuesday', 'yes']);
    expect(conversation.turns).toHaveLength(3);
    const db = t.deps.database.db;
    const before = await db
      .selectFrom('conversation_turns')
      .select(db.fn.countAll<number>().as('n'))
      .where('call_sid', '=', callSid)
      .executeTakeFirstOrThrow();
    expect(Number(before.n)).toBe(3);
    expect((await t.admin('DELETE', `/conversations/${callSid}`)).status).toBe(204);
    expect((await t.admin('GET', `/conversations/${callSid}`)).status).toBe(404);
    expect((await t.admin('DELETE', `/conversations/${callSid}`)).status).toBe(404);
    const after = await db
      .selectFrom('conversation_turns')
      .select(db.fn.countAll<number>().as('n'))
      .where('call_sid', '=', callSid)
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(0);
    const slots = (await t.admin('GET', '/')).body.slots;
    expect(slots.every((s: { booked: number }) => s.booked === 0)).toBe(true);
  });

  it('status page and health are open and hold no secrets or candidate data; docs list the routes', async () => {
    t = await startApp({ dialect });
    await simulatedCall(t, ['monday', 'yes']);
    const health = await fetch(`${t.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', database: 'ok' });
    const status = await (await fetch(`${t.url}/`)).text();
    const parsed = JSON.parse(status);
    expect(parsed).toMatchObject({ telephony: 'simulated', understanding: 'local', database: dialect });
    expect(parsed.slots).toHaveLength(4);
    for (const secret of [AUTH_TOKEN, ADMIN_KEY, '+14155550123', 'Jordan']) expect(status).not.toContain(secret);
    const spec = (await (await fetch(`${t.url}/docs/json`)).json()) as { paths: Record<string, unknown> };
    for (const path of [
      '/make-actual-call',
      '/twilio-voice',
      '/twilio-process',
      '/conversations',
      '/conversations/{call_sid}',
      '/analytics',
      '/health',
    ]) {
      expect(Object.keys(spec.paths)).toContain(path);
    }
    expect((await fetch(`${t.url}/docs`)).status).toBeLessThan(400);
  });
});
