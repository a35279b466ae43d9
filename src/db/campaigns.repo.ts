import { sql, type Kysely, type Transaction } from 'kysely';
import type { AttemptReason, AttemptResult, AttemptState } from './attempts.table.js';
import type { CampaignRow, CampaignUpdate } from './campaigns.table.js';
import type { Database } from './schema.js';
import { dialectOf } from './util.js';

type Db = Kysely<Database> | Transaction<Database>;

/** States in which an attempt is still to be dialled or is being called: the campaign is not over while one exists. */
export const PENDING_STATES: readonly AttemptState[] = ['due', 'claimed', 'dialled'];

/** A job's campaign, or undefined when it was never started. */
export async function getCampaign(db: Db, jobId: number): Promise<CampaignRow | undefined> {
  return db.selectFrom('campaigns').selectAll().where('job_id', '=', jobId).executeTakeFirst();
}

/** A job's campaign locked until the transaction ends (PostgreSQL; SQLite's write transactions are serialised already). */
export async function lockCampaign(trx: Transaction<Database>, jobId: number): Promise<CampaignRow | undefined> {
  return trx
    .selectFrom('campaigns')
    .selectAll()
    .where('job_id', '=', jobId)
    .$if(dialectOf(trx) === 'postgres', (qb) => qb.forUpdate())
    .executeTakeFirst();
}

/** Writes a job's campaign row whole (inserted the first time, replaced after) and returns it. */
export async function upsertCampaign(trx: Transaction<Database>, row: CampaignRow): Promise<CampaignRow> {
  const { job_id: _jobId, ...rest } = row;
  return trx
    .insertInto('campaigns')
    .values(row)
    .onConflict((oc) => oc.column('job_id').doUpdateSet(rest))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Changes a job's campaign row; undefined when there is none. */
export async function updateCampaign(trx: Transaction<Database>, jobId: number, update: CampaignUpdate): Promise<CampaignRow | undefined> {
  return trx.updateTable('campaigns').set(update).where('job_id', '=', jobId).returningAll().executeTakeFirst();
}

// A bound value in a select list has no type PostgreSQL can infer: say it is text.
const text = (value: string) => sql<string>`cast(${value} as text)`;

/**
 * The first attempts of a start, in one statement: every candidate of the job in status new or callback with no
 * attempt due, claimed or dialled gets attempt number (their highest + 1, or 1), due at `nowIso`, reason 'callback'
 * for a candidate waiting for a call back, else 'first'. Candidates' statuses are left alone (the dispatcher moves
 * them when it dials). Returns how many attempts were made. The caller holds the campaign row's lock, so two starts
 * of one job never race into UNIQUE(candidate_id, number).
 */
export async function createStartAttempts(trx: Transaction<Database>, jobId: number, nowIso: string): Promise<number> {
  const result = await trx
    .insertInto('call_attempts')
    .columns(['job_id', 'candidate_id', 'number', 'state', 'due_at', 'reason', 'created_at', 'updated_at'])
    .expression((eb) =>
      eb
        .selectFrom('candidates as c')
        .select((s) => [
          'c.job_id',
          'c.id',
          sql<number>`coalesce((select max(a.number) from call_attempts a where a.candidate_id = c.id), 0) + 1`.as('number'),
          sql.lit<AttemptState>('due').as('state'),
          text(nowIso).as('due_at'),
          s
            .case()
            .when('c.status', '=', 'callback')
            .then(sql.lit<AttemptReason>('callback'))
            .else(sql.lit<AttemptReason>('first'))
            .end()
            .as('reason'),
          text(nowIso).as('created_at'),
          text(nowIso).as('updated_at'),
        ])
        .where('c.job_id', '=', jobId)
        .where('c.status', 'in', ['new', 'callback'])
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('call_attempts as p')
                .select('p.id')
                .whereRef('p.candidate_id', '=', 'c.id')
                .where('p.state', 'in', PENDING_STATES),
            ),
          ),
        ),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}

/** Cancels every `due` attempt of a job (a stop); claimed and dialled ones go on. Returns how many. */
export async function cancelDueAttempts(trx: Transaction<Database>, jobId: number, nowIso: string): Promise<number> {
  const result = await trx
    .updateTable('call_attempts')
    .set({ state: 'cancelled', updated_at: nowIso })
    .where('job_id', '=', jobId)
    .where('state', '=', 'due')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** How many attempts of a job are due, claimed or dialled. */
export async function countPendingAttempts(db: Db, jobId: number): Promise<number> {
  const row = await db
    .selectFrom('call_attempts')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('job_id', '=', jobId)
    .where('state', 'in', PENDING_STATES)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Marks a running campaign finished when none of its attempts is due, claimed or dialled; true when it did. The row
 * is locked first, so the count sees a start that committed meanwhile (its attempts) rather than finishing over it.
 */
export async function finishCampaignIfDone(trx: Transaction<Database>, jobId: number, nowIso: string): Promise<boolean> {
  const campaign = await lockCampaign(trx, jobId);
  if (campaign?.status !== 'running') return false;
  if ((await countPendingAttempts(trx, jobId)) > 0) return false;
  await updateCampaign(trx, jobId, { status: 'finished', finished_at: nowIso, paused_reason: null, updated_at: nowIso });
  return true;
}

/** A job's attempts by state: how many, and how many of the due ones are due by `nowIso`. */
export interface AttemptCounts {
  byState: Record<AttemptState, number>;
  dueNow: number;
  total: number;
}

/** One aggregate over the job's attempts (through the (job_id, state) index). */
export async function countAttempts(db: Db, jobId: number, nowIso: string): Promise<AttemptCounts> {
  const rows = await db
    .selectFrom('call_attempts')
    .select((eb) => [
      'state',
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.sum<number | string | null>(eb.case().when('due_at', '<=', nowIso).then(1).else(0).end()).as('ready'),
    ])
    .where('job_id', '=', jobId)
    .groupBy('state')
    .execute();
  const byState: Record<AttemptState, number> = { due: 0, claimed: 0, dialled: 0, done: 0, cancelled: 0 };
  let dueNow = 0;
  let total = 0;
  for (const row of rows) {
    byState[row.state] = Number(row.n);
    total += Number(row.n);
    if (row.state === 'due') dueNow = Number(row.ready ?? 0);
  }
  return { byState, dueNow, total };
}

/** An attempt waiting for its time. */
export interface WaitingAttempt {
  candidate_id: number;
  number: number;
  due_at: string;
  reason: AttemptReason;
}

/** The job's due attempts whose time is after `nowIso`, soonest first, at most `limit`. */
export async function waitingAttempts(db: Db, jobId: number, nowIso: string, limit: number): Promise<WaitingAttempt[]> {
  return db
    .selectFrom('call_attempts')
    .select(['candidate_id', 'number', 'due_at', 'reason'])
    .where('job_id', '=', jobId)
    .where('state', '=', 'due')
    .where('due_at', '>', nowIso)
    .orderBy('due_at', 'asc')
    .orderBy('id', 'asc')
    .limit(limit)
    .execute();
}

/** The job's done attempts by result. */
export async function doneByResult(db: Db, jobId: number): Promise<Map<AttemptResult, number>> {
  const rows = await db
    .selectFrom('call_attempts')
    .select((eb) => ['result', eb.fn.countAll<number | string>().as('n')])
    .where('job_id', '=', jobId)
    .where('state', '=', 'done')
    .groupBy('result')
    .execute();
  const out = new Map<AttemptResult, number>();
  for (const { result, n } of rows) if (result !== null) out.set(result, Number(n));
  return out;
}
