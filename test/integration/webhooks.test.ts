import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../helpers/databases.js';
import { startApp, placeCall } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';
import { startFakeTwilio, twilioEnv } from '../helpers/fake-twilio.js';

const ACCOUNT = `AC${'1'.repeat(32)}`;

/** Twilio mode against a fake Twilio REST server: the webhooks are driven here, one at a time or all at once. */
describe.each(DIALECTS)('Twilio webhooks on %s', (dialect) => {
  let t: TestApp;
  let fake: Awaited<ReturnType<typeof startFakeTwilio>>;
  afterEach(async () => {
    await t?.close();
    await fake?.close();
  });

  async function start(env: Record<string, string> = {}) {
    fake = await startFakeTwilio('tw-token-1234');
    t = await startApp({
      dialect,
      env: {
        ...twilioEnv(fake.url, ACCOUNT, 'tw-token-1234'),
        ...env,
      },
    });
  }

  const dial = () => placeCall(t);

  const form = (callSid: string, extra: Record<string, string> = {}) => ({
    CallSid: callSid,
    AccountSid: ACCOUNT,
    From: '+15005550006',
    To: '+14155550123',
    CallStatus: 'in-progress',
    ...extra,
  });

  it('asks Twilio to dial with the webhook and status URLs, under the account credentials', async () => {
    await start();
    const callSid = await dial();
    expect(callSid).toMatch(/^CA[0-9a-f]{32}$/);
    const call = fake.calls[0];
    expect(call?.accountSid).toBe(ACCOUNT);
    expect(call?.form.To).toBe('+14155550123');
    expect(call?.form.From).toBe('+15005550006');
    // The conversation's own id, made before Twilio was asked, travels in every webhook URL.
    const conversation = (await t.admin('GET', `/conversations/${callSid}`)).body;
    expect(conversation.call_sid).toMatch(/^conv_[0-9a-f]{32}$/);
    expect(conversation.twilio_call_sid).toBe(callSid);
    expect(call?.form.Url).toBe(`https://caller.example.com/twilio-voice?conversation=${conversation.call_sid}`);
    expect(call?.form.StatusCallback).toBe(`https://caller.example.com/twilio-status?conversation=${conversation.call_sid}`);
    expect((await t.admin('GET', `/conversations/${conversation.call_sid}`)).body.twilio_call_sid).toBe(callSid);
    expect(call?.form.StatusCallbackEvent).toEqual(['initiated', 'ringing', 'answered', 'completed']);
    expect(call?.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT}:tw-token-1234`).toString('base64')}`);
    expect((await t.admin('GET', `/conversations/${callSid}`)).body.status).toBe('active');
  });

  it("answers a placed call with Twilio's CallSid and the conversation's own id, and a conversation_url under that id", async () => {
    await start();
    const res = await t.admin('POST', '/make-actual-call', {});
    expect(res.status).toBe(201);
    const { call_sid: callSid, conversation_id: id, conversation_url: url } = res.body;
    expect(callSid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(id).toMatch(/^conv_[0-9a-f]{32}$/);
    expect(fake.calls[0]?.form.Url).toContain(`conversation=${id}`);
    expect(url).toBe(`/conversations/${id}`);
    const conversation = (await t.admin('GET', url)).body;
    expect(conversation).toMatchObject({ call_sid: id, twilio_call_sid: callSid });
  });

  it('rejects forged and unsigned webhooks with 403 and stores nothing', async () => {
    await start();
    const callSid = await dial();
    const forged = await t.twilio('/twilio-voice', form(callSid), 'bm90IGEgc2lnbmF0dXJl');
    expect(forged.status).toBe(403);
    const unsigned = await t.twilio('/twilio-process?turn=1', form(callSid, { SpeechResult: 'yes' }), '');
    expect(unsigned.status).toBe(403);
    expect((await t.admin('GET', `/conversations/${callSid}`)).body.turns).toHaveLength(0);
  });

  it('answers an unknown CallSid with a spoken apology and a hang-up, never a 5xx', async () => {
    await start();
    const res = await t.twilio('/twilio-voice', form('CA00000000000000000000000000000000'));
    expect(res.status).toBe(200);
    expect(res.text).toContain('<Say>');
    expect(res.text).toContain('<Hangup/>');
  });

  it('says in every answer how long the service itself took (Server-Timing), refused or not', async () => {
    await start();
    const callSid = await dial();
    const timing = (res: { headers: Headers }) => /^app;dur=(\d+\.\d{3})$/.exec(res.headers.get('server-timing') ?? '')?.[1];
    const voice = await t.twilio('/twilio-voice', form(callSid));
    const turn = await t.twilio('/twilio-process?turn=1', form(callSid, { SpeechResult: 'what times do you have' }));
    const forged = await t.twilio('/twilio-voice', form(callSid), 'bm90IGEgc2lnbmF0dXJl');
    const status = await t.twilio('/twilio-status', form(callSid, { CallStatus: 'completed' }));
    expect([voice.status, turn.status, forged.status, status.status]).toEqual([200, 200, 403, 204]);
    for (const res of [voice, turn, forged, status]) expect(timing(res), res.headers.get('server-timing') ?? 'none').toBeDefined();
    // A turn reads and writes the database: its own time is more than nothing.
    expect(Number(timing(turn))).toBeGreaterThan(0);
  });

  it('returns the same TwiML for a retried turn and stores it once; an old turn never rewinds', async () => {
    await start();
    const callSid = await dial();
    const greeting = await t.twilio('/twilio-voice', form(callSid));
    expect(greeting.text).toContain('twilio-process?turn=1');
    const first = await t.twilio('/twilio-process?turn=1', form(callSid, { SpeechResult: 'tuesday' }));
    const retry = await t.twilio('/twilio-process?turn=1', form(callSid, { SpeechResult: 'tuesday' }));
    expect(retry.text).toBe(first.text);
    expect(first.text).toContain('Just to confirm');
    await t.twilio('/twilio-process?turn=2', form(callSid, { SpeechResult: 'no' }));
    const stale = await t.twilio('/twilio-process?turn=1', form(callSid, { SpeechResult: 'monday' }));
    expect(stale.text).toBe(first.text);
    const conversation = (await t.admin('GET', `/conversations/${callSid}`)).body;
    expect(conversation.turns.map((x: { turn_number: number }) => x.turn_number)).toEqual([0, 1, 2]);
    expect(conversation.turn_count).toBe(2);
  });

  it('six calls confirming the same capacity-1 slot at once make exactly one booking', async () => {
    await start({ INTERVIEW_SLOTS: '2026-12-01T14:00,2026-12-02T11:00' });
    const sids = await Promise.all(Array.from({ length: 6 }, () => dial()));
    for (const sid of sids) {
      await t.twilio('/twilio-voice', form(sid));
      const readBack = await t.twilio('/twilio-process?turn=1', form(sid, { SpeechResult: 'tuesday at two' }));
      expect(readBack.text).toContain('Just to confirm: Tuesday, December 1st at 2 PM');
    }
    const answers = await Promise.all(sids.map((sid) => t.twilio('/twilio-process?turn=2', form(sid, { SpeechResult: 'yes' }))));
    expect(answers.filter((a) => a.text.includes('your interview is booked')).length).toBe(1);
    const losers = answers.filter((a) => a.text.includes('was just taken'));
    expect(losers.length).toBe(5);
    expect(losers.every((a) => a.text.includes('Wednesday, December 2nd at 11 AM'))).toBe(true);
    const slots = (await t.admin('GET', '/')).body.slots;
    expect(slots.find((s: { start: string }) => s.start.startsWith('2026-12-01')).booked).toBe(1);
    const analytics = (await t.admin('GET', '/analytics')).body;
    expect(analytics.by_outcome.scheduled).toBe(1);
    // The losers' follow-ups, written before their seat was refused, were rolled back with their booking.
    const db = t.deps.database.db;
    const count = async (table: 'bookings' | 'booking_links' | 'messages') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const created = await db.selectFrom('webhook_events').select('id').where('type', '=', 'booking.created').execute();
    expect([await count('bookings'), await count('booking_links'), created.length]).toEqual([1, 1, 1]);
    const queued = await db.selectFrom('messages').select('booking_id').distinct().execute();
    expect(queued.map((m) => m.booking_id)).toHaveLength(1);
    expect(await count('messages')).toBeGreaterThan(0);
  });

  it("a status callback that overtakes Twilio's answer to the dial request finds its conversation and records the CallSid", async () => {
    await start();
    let early: { status: number } | undefined;
    fake.behave({
      kind: 'ok',
      beforeAnswer: async (sid, created) => {
        const path = String(created.StatusCallback).replace('https://caller.example.com', '');
        early = await t.twilio(path, form(sid, { CallStatus: 'ringing' }));
      },
    });
    const callSid = await dial();
    expect(early?.status).toBe(204);
    const conversation = (await t.admin('GET', `/conversations/${callSid}`)).body;
    expect(conversation.twilio_call_sid).toBe(callSid);
    expect(conversation.twilio_status).toBe('ringing');
  });

  it("a webhook naming a conversation with another call's CallSid is refused, and stores nothing", async () => {
    await start();
    const callSid = await dial();
    const { call_sid: conversation } = (await t.admin('GET', `/conversations/${callSid}`)).body;
    const res = await t.twilio(`/twilio-voice?conversation=${conversation}`, form('CA0000000000000000000000000000beef'));
    expect(res.text).toContain('<Hangup/>');
    expect((await t.admin('GET', `/conversations/${callSid}`)).body.turns).toHaveLength(0);
  });

  it.each(['abc', '-1', '', '1.5'])(
    'a turn number that is not a plain non-negative integer (%j) is refused: an apology, nothing stored or booked',
    async (bad) => {
      await start({ INTERVIEW_SLOTS: '2026-12-01T14:00' });
      const callSid = await dial();
      await t.twilio('/twilio-voice', form(callSid));
      expect((await t.twilio('/twilio-process?turn=1', form(callSid, { SpeechResult: 'tuesday at two' }))).text).toContain(
        'Just to confirm',
      );
      const res = await t.twilio(`/twilio-process?turn=${bad}`, form(callSid, { SpeechResult: 'yes' }));
      expect(res.status).toBe(200);
      expect(res.text).toContain('<Hangup/>');
      const conversation = (await t.admin('GET', `/conversations/${callSid}`)).body;
      expect(conversation.turns.map((x: { turn_number: number }) => x.turn_number)).toEqual([0, 1]);
      expect(conversation.outcome).toBeNull();
      expect((await t.admin('GET', '/')).body.slots[0].booked).toBe(0);
    },
  );

  it('a stored state of the first version is upgraded and the call goes on', async () => {
    await start();
    const callSid = await dial();
    await t.twilio('/twilio-voice', form(callSid));
    const db = t.deps.database.db;
    const session = await db
      .selectFrom('conversation_sessions')
      .select(['call_sid', 'state'])
      .where('twilio_call_sid', '=', callSid)
      .executeTakeFirstOrThrow();
    // Version 1 had no version, no interview settings and no recent lines.
    const { version: _v, interview: _i, recent: _r, ...v1 } = JSON.parse(session.state) as Record<string, unknown>;
    await db
      .updateTable('conversation_sessions')
      .set({ state: JSON.stringify(v1) })
      .where('call_sid', '=', session.call_sid)
      .execute();
    const res = await t.twilio('/twilio-process?turn=1', form(callSid, { SpeechResult: 'wednesday at eleven' }));
    expect(res.text).toContain('Just to confirm: Wednesday, November 25th at 11 AM');
    const stored = JSON.parse(
      (await db.selectFrom('conversation_sessions').select('state').where('call_sid', '=', session.call_sid).executeTakeFirstOrThrow())
        .state,
    );
    expect(stored).toMatchObject({ version: 2, interview: { minutes: 45, format: 'video call' } });
  });

  it('a stored state that cannot be read ends the call politely and marks the conversation failed', async () => {
    await start();
    const callSid = await dial();
    await t.twilio('/twilio-voice', form(callSid));
    const db = t.deps.database.db;
    await db
      .updateTable('conversation_sessions')
      .set({ state: '{"phase":"offering","turns":' })
      .where('twilio_call_sid', '=', callSid)
      .execute();
    const res = await t.twilio('/twilio-process?turn=1', form(callSid, { SpeechResult: 'tuesday' }));
    expect(res.status).toBe(200);
    expect(res.text).toContain("We're sorry, something went wrong on our side. Goodbye.");
    expect(res.text).toContain('<Hangup/>');
    expect(res.text).not.toContain('<Gather');
    const conversation = (await t.admin('GET', `/conversations/${callSid}`)).body;
    expect(conversation).toMatchObject({ status: 'failed', outcome: 'error', error_code: 'state_corrupt' });
    // A retry of that webhook hears the same goodbye; nothing more happens.
    expect((await t.twilio('/twilio-process?turn=1', form(callSid, { SpeechResult: 'tuesday' }))).text).toBe(res.text);
  });

  it('the database failing after Twilio placed the call: the conversation is marked failed and the call ends politely', async () => {
    await start();
    const db = t.deps.database.db;
    // Recording Twilio's CallSid fails (as a full disk or a lost connection would); marking the call failed does not.
    if (dialect === 'sqlite') {
      await sql`create trigger no_call_sid before update of twilio_call_sid on conversation_sessions
        when new.twilio_call_sid is not null begin select raise(abort, 'disk I/O error'); end`.execute(db);
    } else {
      await sql`create function no_call_sid() returns trigger language plpgsql as $$
        begin if new.twilio_call_sid is not null then raise exception 'disk I/O error'; end if; return new; end $$`.execute(db);
      const each = sql`for each row execute function no_call_sid()`;
      await sql`create trigger no_call_sid before update of twilio_call_sid on conversation_sessions ${each}`.execute(db);
    }
    const res = await t.admin('POST', '/make-actual-call', {});
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('database_error');
    const { conversation, twilio_call_sid: callSid } = res.body.error;
    expect(callSid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(fake.calls).toHaveLength(1);
    const stored = (await t.admin('GET', `/conversations/${conversation}`)).body;
    expect(stored).toMatchObject({ status: 'failed', outcome: 'error', error_code: 'database_error' });
    // The phone still rings: answered, the call ends with an apology instead of a conversation nobody expects.
    const voice = await t.twilio(`/twilio-voice?conversation=${conversation}`, form(callSid));
    expect(voice.text).toContain('<Hangup/>');
    expect(voice.text).not.toContain('<Gather');
  });

  it('keeps the latest status: a late "ringing" never replaces "completed", duration and AnsweredBy are kept', async () => {
    await start();
    const callSid = await dial();
    await t.twilio('/twilio-status', form(callSid, { CallStatus: 'completed', CallDuration: '42', AnsweredBy: 'human' }));
    const late = await t.twilio('/twilio-status', form(callSid, { CallStatus: 'ringing' }));
    expect(late.status).toBe(204);
    const conversation = (await t.admin('GET', `/conversations/${callSid}`)).body;
    expect(conversation.twilio_status).toBe('completed');
    expect(conversation.duration_seconds).toBe(42);
    expect(conversation.answered_by).toBe('human');
    expect(conversation.status).toBe('failed');
    expect(conversation.outcome).toBe('hung_up');
  });

  it('an AnsweredBy that is not plain text (a NUL) is not stored, and the call goes on', async () => {
    await start();
    const callSid = await dial();
    // PostgreSQL text cannot hold NUL: storing it failed the greeting (a redirect, then an apology) and the status update.
    const greeting = await t.twilio('/twilio-voice', form(callSid, { AnsweredBy: 'human\u0000' }));
    expect(greeting.status).toBe(200);
    expect(greeting.text).toContain('<Gather');
    expect(greeting.text).toContain('<Say>Hello');
    expect(greeting.text).not.toContain('/twilio-voice?attempt=');
    const status = await t.twilio('/twilio-status', form(callSid, { CallStatus: 'completed', CallDuration: '7', AnsweredBy: '\u0000' }));
    expect(status.status).toBe(204);
    const conversation = (await t.admin('GET', `/conversations/${callSid}`)).body;
    expect(conversation.answered_by).toBeNull();
    expect(conversation.twilio_status).toBe('completed');
    expect(conversation.duration_seconds).toBe(7);
  });

  it('marks busy and unanswered calls failed with the matching outcome', async () => {
    await start();
    const busy = await dial();
    await t.twilio('/twilio-status', form(busy, { CallStatus: 'busy' }));
    const unanswered = await dial();
    await t.twilio('/twilio-status', form(unanswered, { CallStatus: 'no-answer' }));
    expect((await t.admin('GET', `/conversations/${busy}`)).body.outcome).toBe('busy');
    expect((await t.admin('GET', `/conversations/${unanswered}`)).body.outcome).toBe('no_answer');
  });

  it("a Twilio 4xx comes back as 422 naming Twilio's code, and the conversation is marked failed", async () => {
    await start();
    fake.behave({ kind: 'error', status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
    const res = await t.admin('POST', '/make-actual-call', {});
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('twilio_error');
    expect(res.body.error.twilio_code).toBe('21211');
    expect(res.body.error.message).toContain('21211');
    expect(fake.calls).toHaveLength(1);
    const failed = (await t.admin('GET', '/conversations?status=failed')).body.items;
    expect(failed).toHaveLength(1);
    expect(failed[0].error_code).toBe('21211');
  });

  it('Twilio refusing our credentials (401) is a 502 naming its code: nothing the API caller can fix in the request', async () => {
    await start();
    fake.behave({ kind: 'error', status: 401, code: 20003, message: 'Authenticate' });
    const res = await t.admin('POST', '/make-actual-call', {});
    expect(res.status).toBe(502);
    expect(res.body.error).toMatchObject({ code: 'twilio_error', twilio_code: '20003' });
  });

  it('never places a call twice: a Twilio 5xx (which may have created it) is not retried; 502, the conversation failed', async () => {
    await start();
    fake.behave({ kind: 'error', status: 503, code: 20503, message: 'Service unavailable' });
    const res = await t.admin('POST', '/make-actual-call', {});
    expect(res.status).toBe(502);
    expect(fake.calls).toHaveLength(1);
    const failed = (await t.admin('GET', '/conversations?status=failed')).body.items;
    expect(failed.map((c: { error_code: string }) => c.error_code)).toEqual(['20503']);
  });

  it('a call played by the fake Twilio through to a booking', async () => {
    await start();
    t.deps.webhookBase.url = t.url;
    fake.behave({ kind: 'ok', play: true, replies: ['the thursday one', 'yes please'] });
    const callSid = await dial();
    const recording = await fake.plays[0];
    expect(recording?.transcript.at(-1)?.text, JSON.stringify(recording?.transcript)).toContain(
      'your interview is booked for Thursday, November 26th at 3 PM',
    );
    const conversation = (await t.admin('GET', `/conversations/${callSid}`)).body;
    expect(conversation.outcome).toBe('scheduled');
  });

  if (dialect === 'postgres') {
    it('PostgreSQL statements: every turn is one transaction of a few statements (greeting, reply, booking)', async () => {
      // Every statement the service sends to PostgreSQL during one webhook, as pg's client is asked to run it
      // (recorded from before the pool's first connection, which keeps the client's query function).
      let sent: string[] | undefined;
      const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
      pg.Client.prototype.query = function (this: pg.Client, ...a: unknown[]) {
        const first = a[0] as string | { text?: string };
        sent?.push((typeof first === 'string' ? first : (first.text ?? '?')).trim().split(/\s+/).slice(0, 3).join(' ').toLowerCase());
        return query.apply(this, a);
      } as typeof pg.Client.prototype.query;
      let callSid = '';
      try {
        await start({ INTERVIEW_SLOTS: '2026-12-01T14:00,2026-12-02T11:00' });
        callSid = await dial();
        const webhook = async (path: string, extra: Record<string, string> = {}) => {
          sent = [];
          const text = (await t.twilio(path, form(callSid, extra))).text;
          const writes = sent.filter((q) => !q.startsWith('select'));
          sent = undefined;
          return { text, writes };
        };
        const greeting = await webhook('/twilio-voice');
        expect(greeting.text).toContain('twilio-process?turn=1');
        const saved = ['insert into "conversation_turns"', 'update "conversation_sessions" set'];
        expect(greeting.writes).toEqual(['begin', ...saved, 'commit']);
        const readBack = await webhook('/twilio-process?turn=1', { SpeechResult: 'tuesday at two' });
        expect(readBack.text).toContain('Just to confirm');
        expect(readBack.writes).toEqual(['begin', ...saved, 'commit']);
        const booked = await webhook('/twilio-process?turn=2', { SpeechResult: 'yes' });
        expect(booked.text).toContain('your interview is booked');
        // One transaction: the booking, what it sets in motion (its link, queued messages and event, under a
        // savepoint so that a failure there loses only them), then the seat, last, so the slot's row lock is held only
        // to the end of the turn; the call's end event, the turn.
        expect(booked.writes.filter((w) => w === 'begin' || w === 'commit')).toEqual(['begin', 'commit']);
        expect(booked.writes.slice(0, 4)).toEqual(['begin', 'savepoint book_slot', 'insert into "bookings"', 'savepoint after_booking']);
        const released = booked.writes.indexOf('release savepoint after_booking');
        expect(new Set(booked.writes.slice(4, released))).toEqual(
          new Set(['insert into "booking_links"', 'insert into "messages"', 'insert into "webhook_events"']),
        );
        expect(booked.writes.slice(released + 1)).toEqual([
          'update "slots" set',
          'release savepoint book_slot',
          'insert into "webhook_events"',
          ...saved,
          'commit',
        ]);
      } finally {
        pg.Client.prototype.query = query as typeof pg.Client.prototype.query;
      }
      const conversation = (await t.admin('GET', `/conversations/${callSid}`)).body;
      expect(conversation.outcome).toBe('scheduled');
      expect(conversation.turns.map((x: { turn_number: number }) => x.turn_number)).toEqual([0, 1, 2]);
      expect((await t.admin('GET', '/')).body.slots.find((s: { start: string }) => s.start.startsWith('2026-12-01')).booked).toBe(1);
    });
  }

  it('keeps no session in memory: a restarted service continues the call where it was', async () => {
    const database = await freshDatabase(dialect);
    fake = await startFakeTwilio('tw-token-1234');
    const env = {
      ...twilioEnv(fake.url, ACCOUNT, 'tw-token-1234'),
    };
    t = await startApp({ dialect, database, env });
    const callSid = await dial();
    await t.twilio('/twilio-voice', form(callSid));
    await t.twilio('/twilio-process?turn=1', form(callSid, { SpeechResult: 'wednesday at eleven' }));
    await t.close();
    t = await startApp({ dialect, database, env });
    const done = await t.twilio('/twilio-process?turn=2', form(callSid, { SpeechResult: 'yes' }));
    expect(done.text).toContain('your interview is booked for Wednesday, November 25th at 11 AM');
    expect((await t.admin('GET', `/conversations/${callSid}`)).body.turns).toHaveLength(3);
    await t.close();
    t = undefined as unknown as TestApp;
    await database.drop();
  });
});
