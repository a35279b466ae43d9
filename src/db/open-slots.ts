import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { precompiled, toUtcIso } from './util.js';

/** An open slot as a turn needs it (see {@link listOpenSlotStartsCached}). */
export interface OpenSlotStart {
  id: number;
  start_time: string;
}

interface Listed extends OpenSlotStart {
  start_utc: string;
}

/**
 * Per database: the slots with a free seat (by start), the `slots_version` they were read at (or after), and the
 * last answer — the rows from `from` on, frozen, handed to every turn until a slot starts or the version changes.
 */
interface Entry {
  version: string;
  rows: readonly Listed[];
  from: number;
  open: readonly OpenSlotStart[];
}
const lists = new WeakMap<Kysely<Database>, Entry>();

const slotsWithSeatsQuery = precompiled(
  (db) =>
    db
      .selectFrom('slots')
      .select(['id', 'start_time', 'start_utc'])
      .whereRef('booked_count', '<', 'capacity')
      .orderBy('start_utc', 'asc')
      .orderBy('id', 'asc'),
  () => [],
);

const versionQuery = precompiled((db) => db.selectFrom('slots_version').select('version'), () => []);

/** The current `slots_version` (migration 003), or null. Turns read it with their context instead. */
export async function slotsVersion(db: Kysely<Database>): Promise<string | null> {
  return (await versionQuery(db)).rows[0]?.version ?? null;
}

/**
 * Slots with a free seat starting after `nowIso`, by start: the same rows as `listOpenSlotStarts`, but from this
 * process's copy while `version` — `slots_version`, read before this call (a turn reads it with its context) —
 * is the copy's. Loading every slot's row was the largest single cost of a turn. Any change to any slot changes the
 * version in the same transaction, so the copy is never older than the version it is labelled with: a copy is at
 * most as stale as a fresh read made where the version was read, and `bookSlot` stays the authority either way.
 * Not for use inside a transaction (read the table there).
 */
export async function listOpenSlotStartsCached(db: Kysely<Database>, nowIso: string, version: string | null): Promise<readonly OpenSlotStart[]> {
  const utc = toUtcIso(nowIso);
  let entry = version === null ? undefined : lists.get(db);
  if (entry === undefined || entry.version !== version) {
    // Read after the version: if a slot changes in between, this copy is newer than its label and is
    // replaced on the next turn, never the other way round.
    const rows = (await slotsWithSeatsQuery(db)).rows;
    entry = { version: version ?? '', rows, from: -1, open: [] };
    if (version !== null) lists.set(db, entry);
  }
  const from = firstStartingAfter(entry.rows, utc);
  if (from !== entry.from) {
    entry.from = from;
    entry.open = Object.freeze(entry.rows.slice(from));
  }
  return entry.open;
}

/** The index of the first row (by start_utc) starting after `utc`, or rows.length. */
function firstStartingAfter(rows: readonly Listed[], utc: string): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((rows[mid] as Listed).start_utc > utc) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
