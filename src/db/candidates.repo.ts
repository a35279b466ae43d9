import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { CandidateRow, CandidateStatus, CandidateUpdate, NewCandidateRow } from './candidates.table.js';
import { legacyPhoneHash, phoneKey } from './do-not-call.repo.js';
import { bumpFunnelMany, waitBucket, type FunnelMetric } from './funnel.repo.js';
import type { Database } from './schema.js';
import { dialectOf } from './util.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Rows per statement for batched reads and writes: well inside both dialects' parameter limits (9 columns × 500). */
export const BATCH = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
  return out;
}

/**
 * The job's candidates an import may match: those with one of `externalIds` or one of `phones`. When the list is
 * large against the job (`jobSize`, from the funnel's counter), the whole job is read in one pass: hundreds of
 * batched lookups cost more than one scan of the job's rows there, and PostgreSQL plans each batch as a scan of the
 * job anyway when it holds little else. Otherwise the lookups go a batch at a time through the unique indexes.
 */
export async function candidatesMatching(
  db: Db,
  jobId: number,
  externalIds: readonly string[],
  phones: readonly string[],
  jobSize: number,
): Promise<CandidateRow[]> {
  if (jobSize === 0) return [];
  if (jobSize <= 2 * (externalIds.length + phones.length)) {
    const ids = new Set(externalIds);
    const numbers = new Set(phones);
    const all = await db.selectFrom('candidates').selectAll().where('job_id', '=', jobId).execute();
    return all.filter((c) => numbers.has(c.phone) || (c.external_id !== null && ids.has(c.external_id)));
  }
  const found = new Map<number, CandidateRow>();
  for (const c of await candidatesByExternalId(db, jobId, externalIds)) found.set(c.id, c);
  for (const c of await candidatesByPhone(db, jobId, phones)) found.set(c.id, c);
  return [...found.values()];
}

/** The job's candidates whose external id is one of `ids`, looked up a batch at a time. */
export async function candidatesByExternalId(db: Db, jobId: number, ids: readonly string[]): Promise<CandidateRow[]> {
  const out: CandidateRow[] = [];
  for (const batch of chunks(ids)) {
    out.push(...(await db.selectFrom('candidates').selectAll().where('job_id', '=', jobId).where('external_id', 'in', batch).execute()));
  }
  return out;
}

/** The job's candidates whose phone is one of `phones` (E.164), looked up a batch at a time. */
export async function candidatesByPhone(db: Db, jobId: number, phones: readonly string[]): Promise<CandidateRow[]> {
  const out: CandidateRow[] = [];
  for (const batch of chunks(phones)) {
    out.push(...(await db.selectFrom('candidates').selectAll().where('job_id', '=', jobId).where('phone', 'in', batch).execute()));
  }
  return out;
}

/** The numbers among `phones` that are on the do-not-call list (keyed or stored the old way), a batch at a time. */
export async function doNotCallAmong(db: Db, secret: string, phones: readonly string[]): Promise<Set<string>> {
  const byKey = new Map<string, string>();
  for (const phone of phones) {
    byKey.set(phoneKey(secret, phone), phone);
    byKey.set(legacyPhoneHash(phone), phone);
  }
  const listed = new Set<string>();
  for (const batch of chunks([...byKey.keys()])) {
    const rows = await db.selectFrom('do_not_call').select('phone_hash').where('phone_hash', 'in', batch).execute();
    for (const { phone_hash } of rows) listed.add(byKey.get(phone_hash) ?? '');
  }
  listed.delete('');
  return listed;
}

/** Inserts new candidates, {@link BATCH} rows per statement. */
export async function insertCandidates(trx: Transaction<Database>, rows: readonly NewCandidateRow[]): Promise<void> {
  for (const batch of chunks(rows)) await trx.insertInto('candidates').values(batch).execute();
}

/**
 * Rewrites existing candidates (whole rows, by id), {@link BATCH} per statement: an upsert on the primary key, the
 * one batched UPDATE both dialects share.
 */
export async function rewriteCandidates(trx: Transaction<Database>, rows: readonly CandidateRow[]): Promise<void> {
  for (const batch of chunks(rows)) {
    await trx
      .insertInto('candidates')
      .values(batch)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          phone: eb.ref('excluded.phone'),
          email: eb.ref('excluded.email'),
          timezone: eb.ref('excluded.timezone'),
          external_id: eb.ref('excluded.external_id'),
          notes: eb.ref('excluded.notes'),
          simulate: eb.ref('excluded.simulate'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

/** One candidate, or undefined. */
export async function getCandidate(db: Db, id: number): Promise<CandidateRow | undefined> {
  return db.selectFrom('candidates').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Locks a job's row until the transaction ends (PostgreSQL; SQLite's write transactions are serialised already). */
export async function lockJob(trx: Transaction<Database>, jobId: number): Promise<boolean> {
  const row = await trx
    .selectFrom('jobs')
    .select('id')
    .where('id', '=', jobId)
    .$if(dialectOf(trx) === 'postgres', (qb) => qb.forUpdate())
    .executeTakeFirst();
  return row !== undefined;
}

export interface ListCandidatesOptions {
  jobId: number;
  /** 1..100. */
  limit: number;
  /** The id of the last candidate of the previous page. */
  afterId?: number | undefined;
  status?: CandidateStatus | undefined;
  /** Part of the name (any case), or the start of the phone when it begins with '+' or a digit. */
  q?: string | undefined;
}

/** One page of a job's candidates, newest first (id descending), keyset-paginated; one more row tells if a next page exists. */
export async function listCandidates(db: Db, options: ListCandidatesOptions): Promise<{ items: CandidateRow[]; more: boolean }> {
  const { jobId, limit, afterId, status, q } = options;
  const search = q?.trim() ?? '';
  const escaped = search.replace(/[\\%_]/g, (c) => `\\${c}`);
  const rows = await db
    .selectFrom('candidates')
    .selectAll()
    .where('job_id', '=', jobId)
    .$if(status !== undefined, (qb) => qb.where('status', '=', status ?? 'new'))
    .$if(afterId !== undefined, (qb) => qb.where('id', '<', afterId ?? 0))
    .$if(search !== '', (qb) =>
      qb.where(
        /^[+\d]/.test(search)
          ? sql<SqlBool>`phone like ${`${search.startsWith('+') ? '' : '+'}${escaped}%`} escape '\\'`
          : sql<SqlBool>`lower(name) like ${`%${escaped.toLowerCase()}%`} escape '\\'`,
      ),
    )
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return { items: rows.slice(0, limit), more: rows.length > limit };
}

/** Applies `patch` to a candidate (updated_at included in the patch by the caller); false when there is none. */
export async function updateCandidate(trx: Transaction<Database>, id: number, patch: CandidateUpdate): Promise<boolean> {
  const result = await trx.updateTable('candidates').set(patch).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Moves a candidate to status `to` and keeps the funnel right in the same transaction: the status counters, `called`
 * the first time a candidate leaves 'new' for 'calling', and on the first move to 'scheduled' `scheduled_at` and
 * the wait histogram. Returns the status it left, or undefined when there is no such candidate. A move to the same
 * status changes nothing.
 */
export async function moveCandidateStatus(
  trx: Transaction<Database>,
  candidateId: number,
  to: CandidateStatus,
  nowIso: string = new Date().toISOString(),
): Promise<CandidateStatus | undefined> {
  const row = await trx
    .selectFrom('candidates')
    .select(['job_id', 'status', 'created_at', 'scheduled_at'])
    .where('id', '=', candidateId)
    .$if(dialectOf(trx) === 'postgres', (qb) => qb.forUpdate())
    .executeTakeFirst();
  if (row === undefined) return undefined;
  if (row.status === to) return to;
  const firstBooking = to === 'scheduled' && row.scheduled_at === null;
  await updateCandidate(trx, candidateId, { status: to, updated_at: nowIso, ...(firstBooking ? { scheduled_at: nowIso } : {}) });
  const deltas = new Map<FunnelMetric, number>([
    [`status:${row.status}`, -1],
    [`status:${to}`, 1],
  ]);
  if (row.status === 'new' && to === 'calling') deltas.set('called', 1);
  if (firstBooking) deltas.set(`wait:${waitBucket(row.created_at, nowIso)}`, 1);
  await bumpFunnelMany(trx, row.job_id, deltas);
  return row.status;
}

/**
 * moveCandidateStatus for several candidates at once (the campaign dispatcher's batch moving to calling): one read
 * (locked on PostgreSQL, in id order), one update, one funnel bump per job. Not for 'scheduled' (its first booking's
 * wait is counted by moveCandidateStatus).
 */
export async function moveCandidatesStatus(
  trx: Transaction<Database>,
  candidateIds: readonly number[],
  to: Exclude<CandidateStatus, 'scheduled'>,
  nowIso: string,
): Promise<void> {
  if (candidateIds.length === 0) return;
  const rows = await trx
    .selectFrom('candidates')
    .select(['id', 'job_id', 'status'])
    .where('id', 'in', [...candidateIds])
    .orderBy('id')
    .$if(dialectOf(trx) === 'postgres', (qb) => qb.forUpdate())
    .execute();
  const moving = rows.filter((row) => row.status !== to);
  if (moving.length === 0) return;
  await trx
    .updateTable('candidates')
    .set({ status: to, updated_at: nowIso })
    .where(
      'id',
      'in',
      moving.map((row) => row.id),
    )
    .execute();
  const byJob = new Map<number, Map<FunnelMetric, number>>();
  for (const row of moving) {
    const deltas = byJob.get(row.job_id) ?? new Map<FunnelMetric, number>();
    byJob.set(row.job_id, deltas);
    const add = (metric: FunnelMetric, delta: number) => deltas.set(metric, (deltas.get(metric) ?? 0) + delta);
    add(`status:${row.status}`, -1);
    add(`status:${to}`, 1);
    if (row.status === 'new' && to === 'calling') add('called', 1);
  }
  for (const [jobId, deltas] of byJob) await bumpFunnelMany(trx, jobId, deltas);
}

/**
 * Deletes a candidate row and takes it out of the funnel's current figures (`candidates`, its status, its wait);
 * the events it was part of (`called`, `calls_placed`, `reached`) stay counted. The caller removes its calls and
 * bookings first. Returns false when there is no such candidate.
 */
export async function deleteCandidateRow(trx: Transaction<Database>, candidateId: number): Promise<boolean> {
  const row = await getCandidate(trx, candidateId);
  if (row === undefined) return false;
  await trx.deleteFrom('candidates').where('id', '=', candidateId).execute();
  const deltas = new Map<FunnelMetric, number>([
    ['candidates', -1],
    [`status:${row.status}`, -1],
  ]);
  if (row.scheduled_at !== null) deltas.set(`wait:${waitBucket(row.created_at, row.scheduled_at)}`, -1);
  await bumpFunnelMany(trx, row.job_id, deltas);
  return true;
}
