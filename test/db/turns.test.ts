import { beforeEach, describe, expect, it } from 'vitest';
import { getTurn, insertSession, insertTurn, listTurns, type NewTurn } from '../../src/db/index.js';
import { DIALECTS } from '../helpers/databases.js';
import { at, resetTables, sessionRow, useDatabase } from './support.js';

function turn(callSid: string, turnNumber: number, overrides: Partial<NewTurn> = {}): NewTurn {
  return {
    call_sid: callSid,
    turn_number: turnNumber,
    user_input: `answer ${turnNumber}`,
    digits: null,
    bot_response: `reply ${turnNumber}`,
    intent: 'confirm',
    confidence: 0.875,
    engine: 'rules',
    latency_ms: 12.5,
    response_twiml: `<Response><Say>reply ${turnNumber}</Say></Response>`,
    timestamp: at(turnNumber),
    ...overrides,
  };
}

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
