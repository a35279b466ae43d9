import { describe, expect, it, beforeEach } from 'vitest';
import { expectedCounters, readCounters } from '../../src/db/counters.js';
import { getSession, insertSession, listTurns, updateSession } from '../../src/db/index.js';
import { directSqlite } from '../../src/db/sqlite-direct.js';
import { recordTurn } from '../../src/db/turns.repo.js';
import { DIALECTS } from '../helpers/databases.js';
import { resetTables, sessionRow, turnRow as turn, useDatabase } from './support.js';

/** A promise and the function that settles it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe.runIf(DIALECTS.includes('sqlite'))('direct statements on the SQLite connection', () => {
  const database = useDatabase('sqlite');
  beforeEach(() => resetTables(database.get()));

  it('are offered for the database itself, never for a transaction or while one is open', async () => {
    const { db } = database.get();
    expect(directSqlite(db)).toBeDefined();
    await db.transaction().execute(async (trx) => {
      expect(directSqlite(trx)).toBeUndefined();
      await trx.selectFrom('conversation_sessions').select('call_sid').execute();
      expect(directSqlite(db)).toBeUndefined();
    });
    expect(directSqlite(db)).toBeDefined();
  });

  it('a write made while a Kysely transaction is open waits for it, and outlives its rollback', async () => {
    const { db } = database.get();
    const session = sessionRow();
    await insertSession(db, session);
    const inside = gate();
    const release = gate();
    const rolledBack = db.transaction().execute(async (trx) => {
      await trx.updateTable('conversation_sessions').set({ outcome: 'declined' }).where('call_sid', '=', session.call_sid).execute();
      inside.open();
      await release.opened;
      throw new Error('roll back');
    });
    await inside.opened;
    // Both would run inside the open transaction, and be undone with it, if they went straight to the connection.
    const update = updateSession(db, session.call_sid, { candidate_email: 'kept@example.com' });
    const recorded = recordTurn(db, turn(session.call_sid, 1), { state: '{"n":1}', turn_count: 1 });
    release.open();
    await expect(rolledBack).rejects.toThrow('roll back');
    expect(await update).toBe(true);
    expect(await recorded).toBe('inserted');
    expect(await getSession(db, session.call_sid)).toMatchObject({ outcome: null, candidate_email: 'kept@example.com', turn_count: 1, state: '{"n":1}' });
    expect((await listTurns(db, session.call_sid)).map((t) => t.turn_number)).toEqual([1]);
  });

  it('a turn whose session update fails is not stored, and the connection is left out of any transaction', async () => {
    const { db } = database.get();
    const session = sessionRow();
    await insertSession(db, session);
    // status is NOT NULL: the update fails after the turn's insert, inside the same transaction
    await expect(recordTurn(db, turn(session.call_sid, 1), { status: null as unknown as 'active', turn_count: 1 })).rejects.toThrow(/NOT NULL/i);
    expect(directSqlite(db)).toBeDefined();
    expect(await listTurns(db, session.call_sid)).toEqual([]);
    expect((await getSession(db, session.call_sid))?.turn_count).toBe(0);
    expect(await recordTurn(db, turn(session.call_sid, 1), { turn_count: 1 })).toBe('inserted');
    expect(Object.fromEntries(await readCounters(db))).toEqual(Object.fromEntries(await expectedCounters(db)));
  });

  it('answer as Kysely does: affected rows, and a duplicate turn keeps the first answer', async () => {
    const { db } = database.get();
    const session = sessionRow();
    await insertSession(db, session);
    expect(await updateSession(db, 'CA-unknown', { outcome: 'declined' })).toBe(false);
    expect(await updateSession(db, session.call_sid, { outcome: 'scheduled' })).toBe(true);
    expect(await recordTurn(db, turn(session.call_sid, 1), { turn_count: 1 })).toBe('inserted');
    expect(await recordTurn(db, turn(session.call_sid, 1, { bot_response: 'second' }), { turn_count: 9 })).toBe('duplicate');
    expect((await listTurns(db, session.call_sid)).map((t) => t.bot_response)).toEqual(['reply 1']);
    expect(await getSession(db, session.call_sid)).toMatchObject({ outcome: 'scheduled', turn_count: 1 });
  });
});

describe.runIf(DIALECTS.includes('postgres'))('direct statements on PostgreSQL', () => {
  const database = useDatabase('postgres');

  it('are never offered', () => {
    expect(directSqlite(database.get().db)).toBeUndefined();
  });
});
