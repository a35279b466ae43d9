import type { Kysely, Transaction } from 'kysely';
import type { JobRow, JobStatus, JobUpdate, NewJobRow } from './jobs.table.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Inserts a job and returns it. */
export async function insertJob(db: Db, row: NewJobRow): Promise<JobRow> {
  return db.insertInto('jobs').values(row).returningAll().executeTakeFirstOrThrow();
}

/** One job by id, or undefined. */
export async function getJob(db: Db, id: number): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The default job (made from the settings; migration 008 guarantees one row), or undefined. */
export async function findDefaultJob(db: Db): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('is_default', '=', 1).executeTakeFirst();
}

/** Jobs by id, optionally of one status (jobs are few: no paging). */
export async function listJobs(db: Db, status?: JobStatus): Promise<JobRow[]> {
  let query = db.selectFrom('jobs').selectAll();
  if (status !== undefined) query = query.where('status', '=', status);
  return query.orderBy('id', 'asc').execute();
}

/** Updates a job and returns it, or undefined when there is none. */
export async function updateJob(db: Db, id: number, patch: JobUpdate): Promise<JobRow | undefined> {
  return db.updateTable('jobs').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
}

/** Deletes a job row (its slots and candidates go by their foreign keys; its bookings must be gone first). */
export async function deleteJobRow(trx: Transaction<Database>, id: number): Promise<boolean> {
  const result = await trx.deleteFrom('jobs').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
