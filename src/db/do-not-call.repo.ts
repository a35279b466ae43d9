import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';
import { nowIso } from './util.js';

type Db = Kysely<Database> | Transaction<Database>;

/** sha256 hex of the E.164 number (surrounding whitespace ignored). */
export function hashPhone(phone: string): string {
  return createHash('sha256').update(phone.trim(), 'utf8').digest('hex');
}

/** Adds a number to the do-not-call list (idempotent; the first reason and date are kept). */
export async function addDoNotCall(db: Db, phone: string, reason: string | null = null): Promise<void> {
  await db
    .insertInto('do_not_call')
    .values({ phone_hash: hashPhone(phone), reason, created_at: nowIso() })
    .onConflict((oc) => oc.column('phone_hash').doNothing())
    .execute();
}

/** True when the number is on the do-not-call list. */
export async function isDoNotCall(db: Db, phone: string): Promise<boolean> {
  const row = await db
    .selectFrom('do_not_call')
    .select('phone_hash')
    .where('phone_hash', '=', hashPhone(phone))
    .executeTakeFirst();
  return row !== undefined;
}

/** Removes a number from the list; false when it was not there. */
export async function removeDoNotCall(db: Db, phone: string): Promise<boolean> {
  const result = await db.deleteFrom('do_not_call').where('phone_hash', '=', hashPhone(phone)).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The list as hashes and dates only (never reasons or numbers), newest first. */
export async function listDoNotCall(db: Db): Promise<Array<{ phone_hash: string; created_at: string }>> {
  return db
    .selectFrom('do_not_call')
    .select(['phone_hash', 'created_at'])
    .orderBy('created_at', 'desc')
    .orderBy('phone_hash', 'asc')
    .execute();
}
