import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { addDoNotCall, hashPhone, isDoNotCall, listDoNotCall, removeDoNotCall } from '../../src/db/index.js';
import { DIALECTS } from '../helpers/databases.js';
import { resetTables, useDatabase } from './support.js';

describe.each(DIALECTS)('do-not-call repository (%s)', (dialect) => {
  const database = useDatabase(dialect);
  beforeEach(() => resetTables(database.get()));

  it('hashes with sha256 hex of the E.164 number', () => {
    expect(hashPhone('+15551234567')).toBe(createHash('sha256').update('+15551234567').digest('hex'));
    expect(hashPhone(' +15551234567 ')).toBe(hashPhone('+15551234567'));
    expect(hashPhone('+15551234567')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('adds, checks, lists (hashes and dates only) and removes', async () => {
    const { db } = database.get();
    expect(await isDoNotCall(db, '+15551234567')).toBe(false);
    await addDoNotCall(db, '+15551234567', 'asked on call CA1');
    await addDoNotCall(db, '+15551234567', 'again'); // idempotent
    await addDoNotCall(db, '+15557654321', null);
    expect(await isDoNotCall(db, '+15551234567')).toBe(true);
    expect(await isDoNotCall(db, '+15550000000')).toBe(false);

    const list = await listDoNotCall(db);
    expect(list).toHaveLength(2);
    for (const entry of list) {
      expect(Object.keys(entry).sort()).toEqual(['created_at', 'phone_hash']);
      expect(entry.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
    expect(list.map((e) => e.phone_hash).sort()).toEqual([hashPhone('+15551234567'), hashPhone('+15557654321')].sort());
    const stored = await db.selectFrom('do_not_call').select('reason').where('phone_hash', '=', hashPhone('+15551234567')).executeTakeFirst();
    expect(stored?.reason).toBe('asked on call CA1');

    expect(await removeDoNotCall(db, '+15551234567')).toBe(true);
    expect(await removeDoNotCall(db, '+15551234567')).toBe(false);
    expect(await isDoNotCall(db, '+15551234567')).toBe(false);
  });
});
