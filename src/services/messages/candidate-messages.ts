import type { Kysely } from 'kysely';
import { notFound } from '../../core/errors.js';
import { getCandidate } from '../../db/candidates.repo.js';
import type { MessageRow } from '../../db/messages.table.js';
import type { Database } from '../../db/schema.js';

/** A message as an operator sees it on a candidate: what, to whom, and where it stands (with the last error). */
export type CandidateMessage = Omit<MessageRow, 'ics' | 'dedupe_key' | 'job_id' | 'candidate_id'> & { has_invite: boolean };

/** A candidate's messages, latest due first (404 for an unknown candidate). */
export async function candidateMessages(db: Kysely<Database>, candidateId: number): Promise<{ messages: CandidateMessage[] }> {
  if ((await getCandidate(db, candidateId)) === undefined) throw notFound(`Candidate ${candidateId}`);
  const rows = await db
    .selectFrom('messages')
    .selectAll()
    .where('candidate_id', '=', candidateId)
    .orderBy('due_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return {
    messages: rows.map(({ ics, dedupe_key: _key, job_id: _job, candidate_id: _candidate, ...rest }) => ({
      ...rest,
      has_invite: ics !== null,
    })),
  };
}
