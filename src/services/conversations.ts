import { AppError, notFound } from '../core/errors.js';
import { getAnalytics } from '../db/analytics.repo.js';
import type { Analytics } from '../db/analytics.repo.js';
import { listQuestions } from '../db/questions.repo.js';
import type { Question } from '../db/questions.table.js';
import type { MessageRow } from '../db/messages.table.js';
import { InvalidCursorError, deleteSession, findSession, listSessions } from '../db/sessions.repo.js';
import type { Session, SessionStatus } from '../db/sessions.table.js';
import { listTurns } from '../db/turns.repo.js';
import type { Turn } from '../db/turns.table.js';
import type { Deps } from '../deps.js';
import { overallFunnel, type Funnel } from './funnel.js';

/** The hiring team's view of the calls: pages of conversations, one with its turns, deletion, analytics. */

type Reader = Pick<Deps, 'database'>;

/** A conversation as the API shows it: the stored machine state and the internal columns stay inside. */
export type PublicSession = Omit<Session, 'state' | 'slot_id' | 'error_message' | 'updated_at'>;

/** A turn as the API shows it: without its row id, its CallSid (the conversation's) and the TwiML it answered. */
export type PublicTurn = Omit<Turn, 'id' | 'call_sid' | 'response_twiml'>;

export function publicSession(session: Session): PublicSession {
  const { state: _state, slot_id: _slot, error_message: _message, updated_at: _updated, ...rest } = session;
  return rest;
}

export interface ConversationQuery {
  limit?: number | undefined;
  /** `next_cursor` of the previous page. */
  cursor?: string | undefined;
  status?: SessionStatus | undefined;
  job_id?: number | undefined;
  outcome?: string | undefined;
  /** A day (YYYY-MM-DD, UTC) or an instant with its offset: calls started then or later. */
  from?: string | undefined;
  /** A day (included) or an instant (excluded): calls started before. */
  to?: string | undefined;
  engine?: string | undefined;
  /** Part of the candidate's name, any case. */
  q?: string | undefined;
}

/** A day or an instant as the UTC ISO text start_time is stored in; a day's end is the next day's start. 400 when invalid. */
function instantOf(value: string, field: 'from' | 'to'): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const at = new Date(day ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(at.getTime()) || (day && at.toISOString().slice(0, 10) !== value)) {
    throw new AppError('invalid_request', `${field} is not a valid date or instant.`, 400, { field });
  }
  if (day && field === 'to') at.setUTCDate(at.getUTCDate() + 1);
  return at.toISOString();
}

/**
 * One page of conversations, newest first, filtered (job, outcome, dates, understanding engine, candidate's name);
 * 400 `invalid_cursor` for a cursor this API did not issue.
 */
export async function listConversations(
  deps: Reader,
  query: ConversationQuery,
): Promise<{ items: PublicSession[]; next_cursor: string | null }> {
  const page = await listSessions(deps.database.db, {
    limit: query.limit ?? 20,
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    ...(query.status === undefined ? {} : { status: query.status }),
    ...(query.job_id === undefined ? {} : { jobId: query.job_id }),
    ...(query.outcome === undefined ? {} : { outcome: query.outcome }),
    ...(query.from === undefined ? {} : { from: instantOf(query.from, 'from') }),
    ...(query.to === undefined ? {} : { to: instantOf(query.to, 'to') }),
    ...(query.engine === undefined ? {} : { engine: query.engine }),
    ...(query.q === undefined ? {} : { q: query.q }),
  }).catch((err: unknown) => {
    if (err instanceof InvalidCursorError) throw new AppError('invalid_cursor', 'The cursor is not one this API issued.', 400);
    throw err;
  });
  return { items: page.items.map(publicSession), next_cursor: page.next_cursor };
}

/** A message the call's booking queued (the confirmation, reminders, updates): what, how, and where it stands. */
export type PublicMessage = Pick<MessageRow, 'channel' | 'purpose' | 'state' | 'due_at'>;

/** A question a candidate asked, passed on to the recruiter. */
export type PublicQuestion = Pick<Question, 'text' | 'topic' | 'turn_number' | 'created_at'>;

/**
 * One conversation with every turn and the questions passed on; 404 `not_found` when there is none under this id
 * (the conversation's own id or Twilio's CallSid).
 */
export async function getConversation(
  deps: Reader,
  id: string,
): Promise<PublicSession & { turns: PublicTurn[]; questions: PublicQuestion[]; messages: PublicMessage[] }> {
  const db = deps.database.db;
  const session = await findSession(db, id);
  if (session === undefined) throw notFound(`Conversation ${id}`);
  const [turns, questions, messages] = await Promise.all([
    listTurns(db, session.call_sid),
    listQuestions(db, session.call_sid),
    db
      .selectFrom('messages as m')
      .innerJoin('bookings as b', 'b.id', 'm.booking_id')
      .select(['m.channel', 'm.purpose', 'm.state', 'm.due_at'])
      .where('b.call_sid', '=', session.call_sid)
      .orderBy('m.id')
      .execute(),
  ]);
  return {
    ...publicSession(session),
    turns: turns.map(({ id: _id, call_sid: _sid, response_twiml: _twiml, ...turn }) => turn),
    questions: questions.map(({ text, topic, turn_number, created_at }) => ({ text, topic, turn_number, created_at })),
    messages,
  };
}

/** Deletes a conversation with its turns and its booking (the seat is given back); 404 when there is none. */
export async function deleteConversation(deps: Reader, callSid: string): Promise<void> {
  if (!(await deleteSession(deps.database.db, callSid))) throw notFound(`Conversation ${callSid}`);
}

/** Success rate, turns, slot preferences, intents and durations over every call, and the funnel over every job. */
export async function conversationAnalytics(deps: Reader): Promise<Analytics & { funnel: Funnel }> {
  const [calls, funnel] = await Promise.all([getAnalytics(deps.database.db), overallFunnel(deps)]);
  return { ...calls, funnel };
}
