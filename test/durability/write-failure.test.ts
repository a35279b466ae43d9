import { Writable } from 'node:stream';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startApp, placeCall } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';
import { DIALECTS, freshDatabase } from '../helpers/databases.js';
import type { FreshDatabase, TestDialect } from '../helpers/databases.js';
import { startFakeTwilio, twilioEnv } from '../helpers/fake-twilio.js';
import { nextTurnOf } from './support.js';

const ACCOUNT = `AC${'2'.repeat(32)}`;
const TOKEN = 'tw-token-write-failure';
const TUESDAY = '2026-12-01T14:00:00-05:00';

/**
 * A turn whose write fails is asked again, never dropped and never half-written: Twilio gets TwiML that gathers
 * the SAME turn (or, for the greeting, posts /twilio-voice again), and nothing of the failed transaction stays.
 */
describe('a SQLite write lock held past busy_timeout', () => {
  let t: TestApp | undefined;
  let holder: BetterSqlite3.Database | undefined;
  let fake: Awaited<ReturnType<typeof startFakeTwilio>> | undefined;
  let database: FreshDatabase | undefined;
  afterEach(async () => {
    holder?.close();
    await t?.close();
    await fake?.close();
    await database?.drop();
    t = holder = fake = database = undefined;
  });

  async function start(): Promise<{ app: TestApp; file: string }> {
    database = await freshDatabase('sqlite');
    fake = await startFakeTwilio(TOKEN);
    t = await startApp({ dialect: 'sqlite', database, env: { ...twilioEnv(fake.url, ACCOUNT, TOKEN), SQLITE_BUSY_TIMEOUT_MS: '200' } });
    return { app: t, file: database.url.slice('sqlite:'.length) };
  }

  /** A second connection takes the write lock (as another process would) and keeps it until `release`. */
  function lock(file: string) {
    const db = new BetterSqlite3(file);
    holder = db;
    db.exec('BEGIN IMMEDIATE');
    return {
      release() {
        db.exec('ROLLBACK');
      },
      count(sql: string, ...params: unknown[]) {
        return (db.prepare(sql).get(...params) as { n: number }).n;
      },
    };
  }

  it('re-asks the same turn; nothing is booked or stored until the lock is gone; then the call goes on', async () => {
    const { app, file } = await start();
    const callSid = await dial(app);
    expect(nextTurnOf((await app.twilio('/twilio-voice', form(callSid))).text)).toBe(1);
    expect(nextTurnOf((await app.twilio('/twilio-process?turn=1', form(callSid, { SpeechResult: 'tuesday at two' }))).text)).toBe(2);

    const held = lock(file);
    const failed = await app.twilio('/twilio-process?turn=2', form(callSid, { SpeechResult: 'yes' }));
    expect(failed.status).toBe(200);
    expect(failed.text).toContain('<Gather');
    expect(nextTurnOf(failed.text), failed.text).toBe(2);
    expect(failed.text).toContain("didn't get that saved");
    const turnsOfCall =
      'select count(*) as n from conversation_turns t join conversation_sessions s on s.call_sid = t.call_sid where s.twilio_call_sid = ?';
    expect(held.count(turnsOfCall, callSid)).toBe(2);
    expect(held.count('select count(*) as n from bookings')).toBe(0);
    held.release();

    const before = (await app.admin('GET', `/conversations/${callSid}`)).body;
    expect(before.turn_count).toBe(1);
    expect(before.status).toBe('active');
    expect(before.turns.map((x: { turn_number: number }) => x.turn_number)).toEqual([0, 1]);

    const again = await app.twilio('/twilio-process?turn=2', form(callSid, { SpeechResult: 'yes' }));
    expect(again.text).toContain('your interview is booked for Tuesday, December 1st at 2 PM');
    const after = (await app.admin('GET', `/conversations/${callSid}`)).body;
    expect(after.turns.map((x: { turn_number: number; user_input: string | null }) => [x.turn_number, x.user_input])).toEqual([
      [0, null],
      [1, 'tuesday at two'],
      [2, 'yes'],
    ]);
    expect(after.outcome).toBe('scheduled');
    expect(after.confirmed_slot_start).toBe(TUESDAY);
  });

  it('sends Twilio back to /twilio-voice when the greeting cannot be stored, and apologises after two retries', async () => {
    const { app, file } = await start();
    const first = await dial(app);
    const held = lock(file);
    const retry = await app.twilio('/twilio-voice', form(first));
    expect(retry.status).toBe(200);
    // Twilio is sent back to the greeting of the same conversation, counting the attempts.
    const redirect = (twiml: string) =>
      (/<Redirect method="POST">https:\/\/caller\.example\.com([^<]*)<\/Redirect>/.exec(twiml)?.[1] ?? '').replaceAll('&amp;', '&');
    expect(redirect(retry.text)).toMatch(/^\/twilio-voice\?conversation=conv_[0-9a-f]{32}&attempt=1$/);
    const retry2 = await app.twilio(redirect(retry.text), form(first));
    expect(redirect(retry2.text)).toMatch(/&attempt=2$/);
    const givenUp = await app.twilio(redirect(retry2.text), form(first));
    expect(givenUp.text).toContain('<Hangup/>');
    expect(held.count('select count(*) as n from conversation_turns')).toBe(0);
    held.release();

    // The usual case: the lock is gone by the retry, which greets and stores turn 0.
    const second = await dial(app);
    const held2 = lock(file);
    expect((await app.twilio('/twilio-voice', form(second))).text).toContain('&amp;attempt=1</Redirect>');
    held2.release();
    const greeted = await app.twilio('/twilio-voice?attempt=1', form(second));
    expect(nextTurnOf(greeted.text), greeted.text).toBe(1);
    const conversation = (await app.admin('GET', `/conversations/${second}`)).body;
    expect(conversation.turns.map((x: { turn_number: number }) => x.turn_number)).toEqual([0]);
    expect(conversation.twilio_status).toBe('in-progress');
  });
});

/** The same promise where the database refuses the write outright (a trigger raising on insert), on each dialect. */
describe.each(DIALECTS)('a turn write that fails on %s', (dialect) => {
  let t: TestApp | undefined;
  let fake: Awaited<ReturnType<typeof startFakeTwilio>> | undefined;
  let database: FreshDatabase | undefined;
  afterEach(async () => {
    await t?.close();
    await fake?.close();
    await database?.drop();
    t = fake = database = undefined;
  });

  it('rolls back the booking made in the same transaction and re-asks the turn; once writes work the call books', async () => {
    database = await freshDatabase(dialect);
    fake = await startFakeTwilio(TOKEN);
    const app = (t = await startApp({ dialect, database, env: twilioEnv(fake.url, ACCOUNT, TOKEN) }));
    const callSid = await dial(app);
    await app.twilio('/twilio-voice', form(callSid));
    await app.twilio('/twilio-process?turn=1', form(callSid, { SpeechResult: 'tuesday at two' }));

    await failTurnWrites(dialect, database.url, true);
    const failed = await app.twilio('/twilio-process?turn=2', form(callSid, { SpeechResult: 'yes' }));
    expect(failed.status).toBe(200);
    expect(nextTurnOf(failed.text), failed.text).toBe(2);
    expect(failed.text).not.toContain('booked');
    const slots = (await app.admin('GET', '/')).body.slots as Array<{ start: string; booked: number }>;
    expect(slots.find((s) => s.start === TUESDAY)?.booked).toBe(0); // the booking was rolled back with the turn
    const during = (await app.admin('GET', `/conversations/${callSid}`)).body;
    expect([during.turn_count, during.status, during.outcome]).toEqual([1, 'active', null]);

    await failTurnWrites(dialect, database.url, false);
    const again = await app.twilio('/twilio-process?turn=2', form(callSid, { SpeechResult: 'yes' }));
    expect(again.text).toContain('your interview is booked for Tuesday, December 1st at 2 PM');
    const after = (await app.admin('GET', `/conversations/${callSid}`)).body;
    expect(after.turns).toHaveLength(3);
    expect(after.outcome).toBe('scheduled');
    expect(
      ((await app.admin('GET', '/')).body.slots as Array<{ start: string; booked: number }>).find((s) => s.start === TUESDAY)?.booked,
    ).toBe(1);
  });
});

const dial = placeCall;

function form(callSid: string, extra: Record<string, string> = {}): Record<string, string> {
  return { CallSid: callSid, AccountSid: ACCOUNT, From: '+15005550006', To: '+14155550123', CallStatus: 'in-progress', ...extra };
}

/** Installs (or removes) a trigger that makes every insert into conversation_turns fail. */
async function failTurnWrites(dialect: TestDialect, url: string, on: boolean): Promise<void> {
  if (dialect === 'sqlite') {
    const db = new BetterSqlite3(url.slice('sqlite:'.length));
    try {
      db.exec(
        on
          ? "CREATE TRIGGER fail_turns BEFORE INSERT ON conversation_turns BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END"
          : 'DROP TRIGGER fail_turns',
      );
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      on
        ? `CREATE FUNCTION fail_turns() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated write failure'; END $$;
           CREATE TRIGGER fail_turns BEFORE INSERT ON conversation_turns FOR EACH ROW EXECUTE FUNCTION fail_turns();`
        : 'DROP TRIGGER fail_turns ON conversation_turns; DROP FUNCTION fail_turns();',
    );
  } finally {
    await client.end();
  }
}

/** A failure that ends the transaction inside SQLite (disk I/O error, disk full) is logged as itself. */
describe('a SQLite write that ends its own transaction', () => {
  it('logs the real error, not the failed rollback after it', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _e, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const database = await freshDatabase('sqlite');
    const app = await startApp({ dialect: 'sqlite', database, logger: pino({ level: 'error' }, sink) });
    try {
      const callSid = await dial(app);
      const file = database.url.slice('sqlite:'.length);
      const db = new BetterSqlite3(file);
      // RAISE(ROLLBACK) ends the transaction as SQLite does on SQLITE_IOERR or SQLITE_FULL.
      db.exec("CREATE TRIGGER io_fail BEFORE INSERT ON conversation_turns BEGIN SELECT RAISE(ROLLBACK, 'disk I/O error (simulated)'); END");
      db.close();
      const res = await app.twilio('/twilio-voice', form(callSid));
      expect(res.status).toBe(200);
      const log = lines.join('\n');
      expect(log).toContain('disk I/O error (simulated)');
      expect(log).not.toContain('cannot rollback');
    } finally {
      await app.close();
    }
  });
});
