import { createHash, createHmac } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';
import { nowIso } from './util.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The key a number is stored under: HMAC-SHA256 hex of the E.164 number (surrounding whitespace ignored) under the
 * server's secret (DNC_SECRET or the generated one). A bare hash of a phone number is reversed by hashing every
 * number of a country; without the secret the key says nothing.
 */
export function phoneKey(secret: string, phone: string): string {
  return createHmac('sha256', secret).update(phone.trim(), 'utf8').digest('hex');
}

/** How entries were stored before they were keyed: bare sha256 hex. Read (and re-keyed on sight), never written. */
export function legacyPhoneHash(phone: string): string {
  return createHash('sha256').update(phone.trim(), 'utf8').digest('hex');
}

/**
 * Adds a number to the do-not-call list (idempotent; the first reason and date are kept, an entry stored the old
 * way included). Returns true when the number was not on the list before.
 */
export async function addDoNotCall(db: Db, secret: string, phone: string, reason: string | null = null): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    await rekeyLegacyEntry(trx, secret, phone);
    const result = await trx
      .insertInto('do_not_call')
      .values({ phone_hash: phoneKey(secret, phone), reason, created_at: nowIso() })
      .onConflict((oc) => oc.column('phone_hash').doNothing())
      .executeTakeFirst();
    return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
  });
}

/** True when the number is on the do-not-call list; an entry stored the old way is re-keyed on the way. */
export async function isDoNotCall(db: Db, secret: string, phone: string): Promise<boolean> {
  const rows = await db
    .selectFrom('do_not_call')
    .select('phone_hash')
    .where('phone_hash', 'in', [phoneKey(secret, phone), legacyPhoneHash(phone)])
    .execute();
  if (rows.length === 0) return false;
  if (rows.some((row) => row.phone_hash === legacyPhoneHash(phone))) await inTransaction(db, (trx) => rekeyLegacyEntry(trx, secret, phone));
  return true;
}

/** Of `phones`, those on the do-not-call list, in one query (as isDoNotCall for each: old entries are re-keyed). */
export async function doNotCallAmong(db: Db, secret: string, phones: readonly string[]): Promise<Set<string>> {
  const byKey = new Map<string, string>();
  for (const phone of phones) byKey.set(phoneKey(secret, phone), phone).set(legacyPhoneHash(phone), phone);
  if (byKey.size === 0) return new Set();
  const rows = await db
    .selectFrom('do_not_call')
    .select('phone_hash')
    .where('phone_hash', 'in', [...byKey.keys()])
    .execute();
  const listed = new Set<string>();
  for (const { phone_hash: key } of rows) {
    const phone = byKey.get(key);
    if (phone === undefined) continue;
    listed.add(phone);
    if (key === legacyPhoneHash(phone)) await inTransaction(db, (trx) => rekeyLegacyEntry(trx, secret, phone));
  }
  return listed;
}

/** The entry of this number (its key and date), or undefined when it is not on the list. */
export async function getDoNotCall(db: Db, secret: string, phone: string): Promise<{ phone_hash: string; created_at: string } | undefined> {
  if (!(await isDoNotCall(db, secret, phone))) return undefined;
  return db
    .selectFrom('do_not_call')
    .select(['phone_hash', 'created_at'])
    .where('phone_hash', '=', phoneKey(secret, phone))
    .executeTakeFirst();
}

/** Removes a number from the list, under its key and the old hash alike; false when it was not there. */
export async function removeDoNotCall(db: Db, secret: string, phone: string): Promise<boolean> {
  const result = await db
    .deleteFrom('do_not_call')
    .where('phone_hash', 'in', [phoneKey(secret, phone), legacyPhoneHash(phone)])
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The list as keys and dates only (never reasons or numbers), newest first. */
export async function listDoNotCall(db: Db): Promise<Array<{ phone_hash: string; created_at: string }>> {
  return db
    .selectFrom('do_not_call')
    .select(['phone_hash', 'created_at'])
    .orderBy('created_at', 'desc')
    .orderBy('phone_hash', 'asc')
    .execute();
}

/**
 * Moves an entry stored as a bare hash to the keyed form, keeping its reason and date. Should both forms exist
 * (two writers raced), the keyed one stays and the old one goes.
 */
async function rekeyLegacyEntry(trx: Transaction<Database>, secret: string, phone: string): Promise<void> {
  const key = phoneKey(secret, phone);
  const legacy = legacyPhoneHash(phone);
  await trx
    .updateTable('do_not_call')
    .set({ phone_hash: key })
    .where('phone_hash', '=', legacy)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('do_not_call as keyed').select('keyed.phone_hash').where('keyed.phone_hash', '=', key))))
    .execute();
  await trx.deleteFrom('do_not_call').where('phone_hash', '=', legacy).execute();
}

/** Runs `work` in the caller's transaction when there is one (Kysely cannot nest them), else in a new one. */
async function inTransaction<T>(db: Db, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return isTransaction(db) ? work(db) : db.transaction().execute(work);
}

function isTransaction(db: Db): db is Transaction<Database> {
  return db.isTransaction;
}
