import { beforeEach, describe, expect, it } from 'vitest';
import { expectedCounters, readCounters } from '../../src/db/counters.js';
import type { Kysely } from 'kysely';
import {
  deleteSession,
  getSession,
  getTurn,
  insertSession,
  insertTurn,
  listQuestions,
  listTurns,
  saveTurn,
  type Database,
  type TurnRecord,
} from '../../src/db/index.js';
import { DIALECTS } from '../helpers/databases.js';
import { at, resetTables, sessionRow, turnRow as turn, useDatabase } from './support.js';

describe.each(DIALECTS)('turns repository (%s)', (dialect) => {
  const database = useDatabase(dialect);
  beforeEach(() => resetTables(database.get()));

  it('stores turns and lists them by turn number', async () => {
    const { db } = database.get();
    const session = sessionRow();
    await insertSession(db, session);
    for (const n of [3, 1, 2]) {
      expect(await db.transaction().execute((trx) => insertTurn(trx, turn(session.call_sid, n)))).toBe('inserted');
    }
    const turns = await listTurns(db, session.call_sid);
    expect(turns.map((t) => t.turn_number)).toEqual([1, 2, 3]);
    expect(turns[0]).toMatchObject({ ...turn(session.call_sid, 1) });
    expect((await getTurn(db, session.call_sid, 2))?.response_twiml).toBe('<Response><Say>reply 2</Say></Response>');
    expect(await getTurn(db, session.call_sid, 9)).toBeUndefined();
  });

  it('detects a retried turn as a duplicate and keeps the first answer', async () => {
    const { db } = database.get();
    const session = sessionRow();
    await insertSession(db, session);
    await db.transaction().execute((trx) => insertTurn(trx, turn(session.call_sid, 1)));
    const again = await db
      .transaction()
      .execute((trx) => insertTurn(trx, turn(session.call_sid, 1, { bot_response: 'other', response_twiml: '<Response/>' })));
    expect(again).toBe('duplicate');
    const stored = await listTurns(db, session.call_sid);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.bot_response).toBe('reply 1');
  });

  it('the transaction stays usable after a duplicate', async () => {
    const { db } = database.get();
    const session = sessionRow();
    await insertSession(db, session);
    await db.transaction().execute((trx) => insertTurn(trx, turn(session.call_sid, 1)));
    await db.transaction().execute(async (trx) => {
      expect(await insertTurn(trx, turn(session.call_sid, 1))).toBe('duplicate');
      expect(await insertTurn(trx, turn(session.call_sid, 2))).toBe('inserted');
    });
    expect((await listTurns(db, session.call_sid)).map((t) => t.turn_number)).toEqual([1, 2]);
  });

  it('concurrent deliveries of the same turn: exactly one is inserted', async () => {
    const { db } = database.get();
    const session = sessionRow();
    await insertSession(db, session);
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        db.transaction().execute((trx) => insertTurn(trx, turn(session.call_sid, 1, { bot_response: `r${i}` }))),
      ),
    );
    expect(results.filter((r) => r === 'inserted')).toHaveLength(1);
    expect(results.filter((r) => r === 'duplicate')).toHaveLength(4);
  });

  it('rejects a turn for an unknown call (foreign key)', async () => {
    const { db } = database.get();
    await expect(db.transaction().execute((trx) => insertTurn(trx, turn('CA-unknown', 1)))).rejects.toThrow();
  });
});

describe.each(DIALECTS)('saveTurn: a turn, its session state and its questions together (%s)', (dialect) => {
  const database = useDatabase(dialect);
  beforeEach(() => resetTables(database.get()));

  const save = (db: Kysely<Database>, record: TurnRecord) => db.transaction().execute((trx) => saveTurn(trx, record));
  const question = (text: string) => ({ text, topic: 'other', created_at: at(1) });

  it('stores the turn, the patch and the questions; a second delivery of the same turn writes none of them', async () => {
    const { db } = database.get();
    const session = sessionRow();
    await insertSession(db, session);
    const first = await save(db, {
      turn: turn(session.call_sid, 1),
      session: { state: '{"n":1}', turn_count: 1, updated_at: at(1) },
      questions: [question('is there parking')],
    });
    expect(first).toBe('inserted');
    const again = await save(db, {
      turn: turn(session.call_sid, 1, { bot_response: 'other' }),
      session: { state: '{"n":2}', turn_count: 7, status: 'failed' },
      questions: [question('asked twice')],
    });
    expect(again).toBe('duplicate');
    const stored = await getSession(db, session.call_sid);
    expect(stored).toMatchObject({ state: '{"n":1}', turn_count: 1, status: 'active', updated_at: at(1) });
    expect((await listTurns(db, session.call_sid)).map((t) => t.bot_response)).toEqual(['reply 1']);
    expect((await listQuestions(db, session.call_sid)).map((q) => [q.turn_number, q.text])).toEqual([[1, 'is there parking']]);
    // the analytics counters moved with both writes, exactly once
    expect(Object.fromEntries(await readCounters(db))).toEqual(Object.fromEntries(await expectedCounters(db)));
  });

  it('writes exactly the columns a patch names; undefined is left out, not written as null', async () => {
    const { db } = database.get();
    const session = sessionRow();
    await insertSession(db, session);
    await save(db, { turn: turn(session.call_sid, 1), session: { state: '{"n":1}', turn_count: 1 }, questions: [] });
    await save(db, {
      turn: turn(session.call_sid, 2),
      session: { turn_count: 2, twilio_status: 'in-progress', updated_at: at(5) },
      questions: [],
    });
    expect(await getSession(db, session.call_sid)).toMatchObject({
      state: '{"n":1}',
      turn_count: 2,
      twilio_status: 'in-progress',
      updated_at: at(5),
    });
    await save(db, {
      turn: turn(session.call_sid, 3),
      session: { state: '{"n":3}', turn_count: 3, twilio_status: undefined },
      questions: [],
    });
    expect(await getSession(db, session.call_sid)).toMatchObject({ state: '{"n":3}', turn_count: 3, twilio_status: 'in-progress' });
  });

  it('copies of one turn sent at once: exactly one is stored, the others are told it is a duplicate', async () => {
    const { db } = database.get();
    const session = sessionRow();
    await insertSession(db, session);
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        save(db, {
          turn: turn(session.call_sid, 1, { bot_response: `copy ${i}` }),
          session: { state: `{"copy":${i}}`, turn_count: 1 },
          questions: [],
        }),
      ),
    );
    expect(outcomes.filter((o) => o === 'inserted')).toHaveLength(1);
    const winner = outcomes.indexOf('inserted');
    expect((await listTurns(db, session.call_sid)).map((t) => t.bot_response)).toEqual([`copy ${winner}`]);
    expect((await getSession(db, session.call_sid))?.state).toBe(`{"copy":${winner}}`);
  });

  it('a deleted session takes its questions with it', async () => {
    const { db } = database.get();
    const session = sessionRow();
    await insertSession(db, session);
    await save(db, { turn: turn(session.call_sid, 1), session: { turn_count: 1 }, questions: [question('a'), question('b')] });
    expect(await deleteSession(db, session.call_sid)).toBe(true);
    expect(await listQuestions(db, session.call_sid)).toEqual([]);
    expect(
      Number(
        (
          await db
            .selectFrom('questions')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(0);
  });
});
