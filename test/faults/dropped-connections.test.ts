import { Writable } from 'node:stream';
import pg from 'pg';
import pino from 'pino';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { placeCall, simulatedCall, startApp } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';
import { DIALECTS, freshDatabase } from '../helpers/databases.js';
import type { FreshDatabase, TestDialect } from '../helpers/databases.js';
import { startFakeTwilio, twilioEnv } from '../helpers/fake-twilio.js';

const CALLS = 20;
const ACCOUNT = `AC${'4'.repeat(32)}`;
const TOKEN = 'faults-token-0123456789';
/** Replies that go through every kind of turn: the greeting, a plain reply, a choice, the booking, the status callbacks. */
const REPLIES = ['hmm, what is this about', 'tuesday at two', 'yes'];

/** Places one simulated call (retrying the admin request if the database dropped it) and plays it to the end. */
async function playCall(t: TestApp, i: number) {
  const candidate = { name: `Candidate ${i}`, phone: `+1415555${String(1000 + i)}` };
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await simulatedCall(t, REPLIES, candidate);
    } catch (err) {
      // POST /make-actual-call answered 5xx because the database failed it (a terminated connection, a read-only
      // moment): a client would retry after a pause, longer than the faults below last.
      if (attempt >= 4 || !String(err).includes('make-actual-call answered 5')) throw err;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
}

/** Nothing half-stored: every booking belongs to a scheduled conversation, every slot's count matches its bookings. */
async function expectConsistent(t: TestApp) {
  const db = t.deps.database.db;
  const orphans = await db
    .selectFrom('bookings')
    .innerJoin('conversation_sessions', 'conversation_sessions.call_sid', 'bookings.call_sid')
    .select('bookings.call_sid')
    .where((eb) => eb.or([eb('conversation_sessions.outcome', 'is', null), eb('conversation_sessions.outcome', '!=', 'scheduled')]))
    .execute();
  expect(orphans).toEqual([]);
  const scheduledWithoutBooking = await db
    .selectFrom('conversation_sessions')
    .select('call_sid')
    .where('outcome', '=', 'scheduled')
    .where('call_sid', 'not in', db.selectFrom('bookings').select('call_sid'))
    .execute();
  expect(scheduledWithoutBooking).toEqual([]);
  const slots = await db
    .selectFrom('slots')
    .select([
      'id',
      'booked_count',
      (eb) =>
        eb
          .selectFrom('bookings')
          .select((b) => b.fn.countAll<number>().as('n'))
          .whereRef('bookings.slot_id', '=', 'slots.id')
          .as('bookings'),
    ])
    .execute();
  for (const slot of slots) expect(Number(slot.bookings), `slot ${slot.id}`).toBe(slot.booked_count);
}

async function runCalls(t: TestApp, fault: () => Promise<void>, times: number) {
  const calls = Array.from({ length: CALLS }, (_, i) => playCall(t, i));
  let faults = 0;
  const injector = (async () => {
    for (; faults < times; faults += 1) {
      await new Promise((r) => setTimeout(r, 120));
      await fault();
    }
  })();
  const results = await Promise.all(calls);
  await injector;
  return { results, faults };
}

describe.runIf(DIALECTS.includes('postgres'))('PostgreSQL connections terminated during calls', () => {
  let t: TestApp | undefined;
  let database: FreshDatabase | undefined;
  afterEach(async () => {
    await t?.close();
    await database?.drop();
    t = database = undefined;
  });

  it('keeps the process up, finishes every call, stores nothing by halves, logs the loss and reconnects', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _e, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    database = await freshDatabase('postgres');
    t = await startApp({
      dialect: 'postgres',
      database,
      env: { SLOT_CAPACITY: '50', CALL_RATE_LIMIT: '1000' },
      logger: pino({ level: 'error' }, sink),
    });
    const killer = new pg.Client({ connectionString: database.url });
    await killer.connect();
    const terminate = async () => {
      await killer.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      );
    };
    try {
      const { results, faults } = await runCalls(t, terminate, 6);
      expect(faults).toBe(6);
      for (const call of results) expect(call.conversation.status, JSON.stringify(call.conversation)).not.toBe('active');
    } finally {
      await killer.end();
    }
    expect(lines.join('\n')).toContain('a database connection was lost');
    // The pool reconnected: the service answers and writes.
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
    const after = await playCall(t, 99);
    expect(after.conversation.outcome).toBe('scheduled');
    await expectConsistent(t);
  }, 60_000);
});

describe.each(DIALECTS.filter((d): d is TestDialect => d === 'sqlite'))('a %s database that turns read-only during calls', (dialect) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('fails only the turns that could not be stored, finishes every call and stores nothing by halves', async () => {
    t = await startApp({ dialect, env: { SLOT_CAPACITY: '50', CALL_RATE_LIMIT: '1000' } });
    const db = t.deps.database.db;
    // The tests run as root, which writes through a 0444 file; query_only refuses writes the way a read-only file
    // or filesystem does (SQLITE_READONLY), on the service's own connection, for a moment at a time.
    let readOnly = false;
    const flip = async () => {
      readOnly = !readOnly;
      await sql.raw(`pragma query_only = ${readOnly ? 'on' : 'off'}`).execute(db);
    };
    const { results } = await runCalls(t, flip, 6);
    if (readOnly) await flip();
    for (const call of results) expect(call.conversation.status, JSON.stringify(call.conversation)).not.toBe('active');
    await expectConsistent(t);
  }, 60_000);

  it('a status callback that comes while the database cannot be written is stored when it can be: the call ends', async () => {
    const fake = await startFakeTwilio(TOKEN);
    try {
      t = await startApp({ dialect, env: twilioEnv(fake.url, ACCOUNT, TOKEN) });
      const db = t.deps.database.db;
      const callSid = await placeCall(t);
      // Twilio sends a status once: the only word that the call ended must outlast a moment of a read-only database.
      await sql`pragma query_only = on`.execute(db);
      const form = { CallSid: callSid, AccountSid: ACCOUNT, From: '+15005550006', To: '+14155550123' };
      const completed = t.twilio('/twilio-status', { ...form, CallStatus: 'completed', CallDuration: '42' });
      await new Promise((resolve) => setTimeout(resolve, 250));
      await sql`pragma query_only = off`.execute(db);
      expect((await completed).status).toBe(204);
      const conversation = (await t.admin('GET', `/conversations/${callSid}`)).body;
      expect(conversation).toMatchObject({ status: 'failed', outcome: 'hung_up', twilio_status: 'completed', duration_seconds: 42 });
    } finally {
      await t?.close();
      t = undefined;
      await fake.close();
    }
  });
});

describe.each(DIALECTS)('/health on a %s database that cannot be written', (dialect) => {
  let t: TestApp | undefined;
  let database: FreshDatabase | undefined;
  afterEach(async () => {
    await t?.close();
    await database?.drop();
    t = database = undefined;
  });

  it('says what is wrong instead of "database: ok"', async () => {
    database = await freshDatabase(dialect);
    t = await startApp({ dialect, database });
    expect(await (await fetch(`${t.url}/health`)).json()).toEqual({ status: 'ok', database: 'ok' });
    if (dialect === 'sqlite') {
      await sql`pragma query_only = on`.execute(t.deps.database.db);
    } else {
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      await admin
        .query('select current_database()')
        .then(({ rows }) => admin.query(`alter database "${String(rows[0]?.current_database)}" set default_transaction_read_only = on`));
      await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      );
      await admin.end();
    }
    const res = await fetch(`${t.url}/health`);
    const body = (await res.json()) as { status: string; database: string };
    expect(res.status).toBe(503);
    expect(body.status).toBe('degraded');
    expect(body.database).toMatch(/read-only|cannot write/);
  });
});
