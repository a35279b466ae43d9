import { createHash, createHmac } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { addDoNotCall, getDoNotCall, isDoNotCall, legacyPhoneHash, listDoNotCall, phoneKey, removeDoNotCall } from '../../src/db/index.js';
import { DIALECTS } from '../helpers/databases.js';
import { resetTables, useDatabase } from './support.js';

const SECRET = 'do-not-call-test-secret-0123456789abcdef';
const OTHER_SECRET = 'another-do-not-call-secret-0123456789ab';
const PHONE = '+15551234567';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('do-not-call keys', () => {
  it('are an HMAC-SHA256 of the E.164 number under the secret, never its bare sha256', () => {
    expect(phoneKey(SECRET, PHONE)).toBe(createHmac('sha256', SECRET).update(PHONE).digest('hex'));
    expect(phoneKey(SECRET, PHONE)).not.toBe(sha256(PHONE));
    expect(phoneKey(SECRET, ` ${PHONE} `)).toBe(phoneKey(SECRET, PHONE));
  });

  it('differ under a different secret', () => {
    expect(phoneKey(OTHER_SECRET, PHONE)).not.toBe(phoneKey(SECRET, PHONE));
  });

  it('read entries stored the old way as the bare sha256', () => {
    expect(legacyPhoneHash(PHONE)).toBe(sha256(PHONE));
  });
});

describe.each(DIALECTS)('do-not-call repository (%s)', (dialect) => {
  const database = useDatabase(dialect);
  beforeEach(() => resetTables(database.get()));

  /** Stores an entry as the service did before entries were keyed. */
  async function addTheOldWay(phone: string, reason: string, createdAt = '2025-01-02T03:04:05.000Z') {
    await database
      .get()
      .db.insertInto('do_not_call')
      .values({ phone_hash: sha256(phone), reason, created_at: createdAt })
      .execute();
  }
  const storedHashes = async () =>
    (await database.get().db.selectFrom('do_not_call').select('phone_hash').execute()).map((r) => r.phone_hash).sort();

  it('adds, checks, lists (keys and dates only) and removes', async () => {
    const { db } = database.get();
    expect(await isDoNotCall(db, SECRET, PHONE)).toBe(false);
    expect(await addDoNotCall(db, SECRET, PHONE, 'asked on call CA1')).toBe(true);
    expect(await addDoNotCall(db, SECRET, PHONE, 'again')).toBe(false); // idempotent
    await addDoNotCall(db, SECRET, '+15557654321', null);
    expect(await isDoNotCall(db, SECRET, PHONE)).toBe(true);
    expect(await isDoNotCall(db, SECRET, '+15550000000')).toBe(false);

    const list = await listDoNotCall(db);
    expect(list).toHaveLength(2);
    for (const entry of list) {
      expect(Object.keys(entry).sort()).toEqual(['created_at', 'phone_hash']);
      expect(entry.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
    expect(list.map((e) => e.phone_hash).sort()).toEqual([phoneKey(SECRET, PHONE), phoneKey(SECRET, '+15557654321')].sort());
    const stored = await db.selectFrom('do_not_call').select('reason').where('phone_hash', '=', phoneKey(SECRET, PHONE)).executeTakeFirst();
    expect(stored?.reason).toBe('asked on call CA1');

    expect(await removeDoNotCall(db, SECRET, PHONE)).toBe(true);
    expect(await removeDoNotCall(db, SECRET, PHONE)).toBe(false);
    expect(await isDoNotCall(db, SECRET, PHONE)).toBe(false);
  });

  it('stores new entries under the keyed form, never the sha256 of the number', async () => {
    await addDoNotCall(database.get().db, SECRET, PHONE);
    expect(await storedHashes()).toEqual([phoneKey(SECRET, PHONE)]);
    expect(await storedHashes()).not.toContain(sha256(PHONE));
  });

  it('does not match an entry keyed under another secret', async () => {
    const { db } = database.get();
    await addDoNotCall(db, OTHER_SECRET, PHONE);
    expect(await isDoNotCall(db, SECRET, PHONE)).toBe(false);
    expect(await isDoNotCall(db, OTHER_SECRET, PHONE)).toBe(true);
  });

  it('still matches an entry stored the old way, and re-keys it keeping its reason and date', async () => {
    const { db } = database.get();
    await addTheOldWay(PHONE, 'opted out in 2025');
    expect(await isDoNotCall(db, SECRET, PHONE)).toBe(true);
    expect(await storedHashes()).toEqual([phoneKey(SECRET, PHONE)]);
    const row = await db.selectFrom('do_not_call').selectAll().executeTakeFirstOrThrow();
    expect(row).toEqual({ phone_hash: phoneKey(SECRET, PHONE), reason: 'opted out in 2025', created_at: '2025-01-02T03:04:05.000Z' });
    expect(await isDoNotCall(db, SECRET, PHONE)).toBe(true);
  });

  it('adding a number stored the old way keeps one entry, with the first date', async () => {
    const { db } = database.get();
    await addTheOldWay(PHONE, 'first');
    expect(await addDoNotCall(db, SECRET, PHONE, 'second')).toBe(false);
    expect(await getDoNotCall(db, SECRET, PHONE)).toEqual({ phone_hash: phoneKey(SECRET, PHONE), created_at: '2025-01-02T03:04:05.000Z' });
    expect(await storedHashes()).toEqual([phoneKey(SECRET, PHONE)]);
  });

  it('when both forms exist the keyed entry stays and the old one goes', async () => {
    const { db } = database.get();
    await addDoNotCall(db, SECRET, PHONE, 'keyed');
    await addTheOldWay(PHONE, 'old');
    expect(await isDoNotCall(db, SECRET, PHONE)).toBe(true);
    expect(await storedHashes()).toEqual([phoneKey(SECRET, PHONE)]);
  });

  it('removal takes off an entry stored the old way too', async () => {
    const { db } = database.get();
    await addTheOldWay(PHONE, 'old');
    expect(await removeDoNotCall(db, SECRET, PHONE)).toBe(true);
    expect(await storedHashes()).toEqual([]);
    expect(await isDoNotCall(db, SECRET, PHONE)).toBe(false);
  });

  it('works inside a caller transaction (the turn that hears an opt-out)', async () => {
    const { db } = database.get();
    await addTheOldWay(PHONE, 'old');
    await db.transaction().execute(async (trx) => {
      expect(await addDoNotCall(trx, SECRET, PHONE, 'opted out during a call')).toBe(false);
      expect(await addDoNotCall(trx, SECRET, '+15557654321', 'opted out during a call')).toBe(true);
    });
    expect(await storedHashes()).toEqual([phoneKey(SECRET, PHONE), phoneKey(SECRET, '+15557654321')].sort());
  });
});
