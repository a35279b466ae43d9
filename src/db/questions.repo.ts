import type { Kysely, Transaction } from 'kysely';
import type { Question } from './questions.table.js';
import type { Database } from './schema.js';

/** The questions a conversation passed on to the recruiter, in the order asked. */
export async function listQuestions(db: Kysely<Database> | Transaction<Database>, callSid: string): Promise<Question[]> {
  return db
    .selectFrom('questions')
    .selectAll()
    .where('call_sid', '=', callSid)
    .orderBy('turn_number', 'asc')
    .orderBy('id', 'asc')
    .execute();
}
