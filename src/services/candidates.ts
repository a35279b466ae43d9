import type { SelectQueryBuilder } from 'kysely';
import type { SimulateOptions } from '../adapters/telephony.js';
import { AppError, conflict, invalid, notFound } from '../core/errors.js';
import { isValidZone } from '../core/scheduling/zones.js';
import { isPlainText } from '../core/text.js';
import { deleteCandidateRow, getCandidate, listCandidates, moveCandidateStatus, updateCandidate } from '../db/candidates.repo.js';
import type { CandidateRow, CandidateStatus, CandidateUpdate } from '../db/candidates.table.js';
import { isDoNotCall } from '../db/do-not-call.repo.js';
import { bumpFunnel } from '../db/funnel.repo.js';
import { deleteBookingsOf, releaseSeats } from '../db/seats.js';
import { dialectOf } from '../db/util.js';
import type { Database } from '../db/schema.js';
import type { Deps } from '../deps.js';
import { eraseMessages } from './messages/erase.js';
import { parseSimulatePlan, readSimulatePlan, storeSimulatePlan, type SimulatePlan } from './campaigns/simulate-plan.js';
import { getConversation, type PublicQuestion, type PublicSession, type PublicTurn } from './conversations.js';
import { isEmail, LIMITS } from './import-candidates.js';
import { eraseCandidate, normalizePhone, type Erasure } from './people.js';
import type { StartedCall } from './dial-call.js';
import { candidateInputOf, startCall } from './start-call.js';

/** A job's candidates for the hiring team: pages with search, one candidate with their calls, edits, erasure, a call now. */

type Reader = Pick<Deps, 'database'>;

/** A candidate as the API shows it: the row, with the simulated-behaviour plan read from its JSON. */
export type CandidateView = Omit<CandidateRow, 'simulate'> & { simulate: SimulatePlan | null };

export function candidateView(row: CandidateRow): CandidateView {
  return { ...row, simulate: readSimulatePlan(row.simulate) };
}

export interface CandidateQuery {
  limit?: number | undefined;
  cursor?: string | undefined;
  status?: CandidateStatus | undefined;
  q?: string | undefined;
}

/** One page of a job's candidates, newest first; 404 for an unknown job, 400 `invalid_cursor` for a foreign cursor. */
export async function listJobCandidates(
  deps: Reader,
  jobId: number,
  query: CandidateQuery,
): Promise<{ items: CandidateView[]; next_cursor: string | null }> {
  const db = deps.database.db;
  if ((await db.selectFrom('jobs').select('id').where('id', '=', jobId).executeTakeFirst()) === undefined) throw notFound(`Job ${jobId}`);
  const afterId = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const limit = query.limit ?? 20;
  const page = await listCandidates(db, { jobId, limit, afterId, status: query.status, q: query.q });
  const last = page.items[page.items.length - 1];
  return { items: page.items.map(candidateView), next_cursor: page.more && last !== undefined ? encodeCursor(last.id) : null };
}

function encodeCursor(id: number): string {
  return Buffer.from(JSON.stringify(['c', id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed[0] === 'c' && Number.isSafeInteger(parsed[1])) return Number(parsed[1]);
  } catch {
    // fall through
  }
  throw new AppError('invalid_cursor', 'The cursor is not one this API issued.', 400);
}

/** A call of the candidate's, with its turns and the questions passed on. */
export type CandidateCall = PublicSession & { turns: PublicTurn[]; questions: PublicQuestion[] };

export interface CandidateBooking {
  slot_id: number;
  start: string;
  label: string;
  call_sid: string;
  created_at: string;
}

export type CandidateDetail = CandidateView & { calls: CandidateCall[]; booking: CandidateBooking | null; questions: PublicQuestion[] };

/** One candidate with every call of theirs (oldest first) and its turns, their booking and the questions they asked. */
export async function getCandidateDetail(deps: Reader, id: number): Promise<CandidateDetail> {
  const db = deps.database.db;
  const candidate = await getCandidate(db, id);
  if (candidate === undefined) throw notFound(`Candidate ${id}`);
  const sessions = await db
    .selectFrom('conversation_sessions')
    .select('call_sid')
    .where('candidate_id', '=', id)
    .orderBy('start_time', 'asc')
    .orderBy('call_sid', 'asc')
    .execute();
  const calls = await Promise.all(sessions.map((s) => getConversation(deps, s.call_sid)));
  const booking = await db
    .selectFrom('bookings')
    .innerJoin('slots', 'slots.id', 'bookings.slot_id')
    .select(['bookings.slot_id', 'slots.start_time as start', 'slots.label', 'bookings.call_sid', 'bookings.created_at'])
    .where('bookings.candidate_id', '=', id)
    .orderBy('bookings.created_at', 'desc')
    .executeTakeFirst();
  return { ...candidateView(candidate), calls, booking: booking ?? null, questions: calls.flatMap((c) => c.questions) };
}

export interface CandidatePatch {
  name?: string | undefined;
  email?: string | null | undefined;
  timezone?: string | null | undefined;
  notes?: string | null | undefined;
  /** What the simulator plays on each campaign attempt (checked by the route's schema); null clears it. */
  simulate?: SimulatePlan | null | undefined;
  /** Only 'withdrawn' (stop calling), or 'new' to bring a withdrawn candidate back; the service keeps the rest. */
  status?: 'withdrawn' | 'new' | undefined;
}

/** Edits a candidate; 404 when there is none, 422 for a bad field, 409 for 'new' when the candidate is not withdrawn. */
export async function patchCandidate(deps: Pick<Deps, 'database' | 'now'>, id: number, patch: CandidatePatch): Promise<CandidateView> {
  const nowIso = deps.now().toISOString();
  const fields: CandidateUpdate = { updated_at: nowIso };
  if (patch.name !== undefined) {
    const name = patch.name.trim();
    if (name === '' || name.length > LIMITS.name || !isPlainText(name))
      throw invalid('name must be 1 to 200 characters of plain text.', { field: 'name' });
    fields.name = name;
  }
  if (patch.email !== undefined) {
    if (patch.email !== null && !isEmail(patch.email))
      throw invalid(`"${patch.email.slice(0, 60)}" is not an email address.`, { field: 'email' });
    fields.email = patch.email;
  }
  if (patch.timezone !== undefined) {
    if (patch.timezone !== null && !isValidZone(patch.timezone)) {
      throw invalid(`Unknown time zone "${patch.timezone.slice(0, 64)}" (use an IANA name such as America/Chicago).`, {
        field: 'timezone',
      });
    }
    fields.timezone = patch.timezone;
  }
  if (patch.notes !== undefined) {
    if (patch.notes !== null && !isPlainText(patch.notes)) throw invalid('notes contain a control character.', { field: 'notes' });
    fields.notes = patch.notes;
  }
  if (patch.simulate !== undefined) {
    // The schema checked the shape; the parser checks it again (the service is called without HTTP too) and normalises.
    const read = patch.simulate === null ? null : parseSimulatePlan(patch.simulate);
    if (read !== null && 'problem' in read) throw invalid(read.problem, { field: 'simulate' });
    fields.simulate = read === null ? null : storeSimulatePlan(read.plan);
  }
  return deps.database.db.transaction().execute(async (trx) => {
    const current = await getCandidate(trx, id);
    if (current === undefined) throw notFound(`Candidate ${id}`);
    if (patch.status === 'new' && current.status !== 'new' && current.status !== 'withdrawn') {
      throw conflict('invalid_status_change', `Only a withdrawn candidate can be set back to new (this one is ${current.status}).`);
    }
    await updateCandidate(trx, id, fields);
    if (patch.status !== undefined) await moveCandidateStatus(trx, id, patch.status, nowIso);
    const updated = await getCandidate(trx, id);
    if (updated === undefined) throw notFound(`Candidate ${id}`);
    return candidateView(updated);
  });
}

/** What erasing a candidate removed. */
export interface CandidateErasure extends Erasure {
  /** Candidate rows removed (a number may be a candidate of several jobs); left out by number when there were none. */
  candidates?: number;
}

/**
 * Erasure by the path's shape: an E.164 number ('+…') erases everything of that number as before (every call, turn,
 * booking) and its candidate rows in every job; a numeric id erases that candidate: their calls with turns and
 * questions, their bookings (seats given back) and their row. 422 for anything else, 404 for an unknown id.
 */
export async function eraseCandidateData(
  deps: Pick<Deps, 'database' | 'doNotCallSecret' | 'logger' | 'messaging'>,
  key: string,
): Promise<CandidateErasure> {
  const db = deps.database.db;
  if (key.trim().startsWith('+')) {
    const phone = normalizePhone(key);
    const ids = (await db.selectFrom('candidates').select('id').where('phone', '=', phone).execute()).map((r) => r.id);
    await eraseMessagesOf(deps, db.selectFrom('conversation_sessions').where('candidate_phone', '=', phone), { phones: [phone], ids });
    const erasure = await eraseCandidate(deps, phone);
    const removed = await Promise.all(ids.map((id) => eraseById(deps, id)));
    const candidates = removed.filter((r) => r !== undefined).length;
    // The answer keeps its shape of before jobs existed when the number was no candidate's.
    return candidates === 0 ? erasure : { ...erasure, candidates };
  }
  if (!/^\d{1,15}$/.test(key)) {
    throw new AppError('invalid_request', 'Give a candidate id or an E.164 phone number (a + and the country code).', 422, { field: 'id' });
  }
  const id = Number(key);
  const candidate = await getCandidate(db, id);
  if (candidate !== undefined) {
    await eraseMessagesOf(deps, db.selectFrom('conversation_sessions').where('candidate_id', '=', id), {
      phones: [candidate.phone],
      ids: [id],
      ...(candidate.email === null ? {} : { email: candidate.email }),
    });
  }
  const erased = await eraseById(deps, id);
  if (erased === undefined) throw notFound(`Candidate ${key}`);
  return erased;
}

/** The messages of these calls (by their bookings and the addresses they used), numbers and candidates: erased first. */
async function eraseMessagesOf(
  deps: Pick<Deps, 'database' | 'messaging'>,
  calls: SelectQueryBuilder<Database, 'conversation_sessions', object>,
  who: { phones: string[]; ids: number[]; email?: string },
): Promise<void> {
  const sessions = await calls.select(['call_sid', 'candidate_email']).execute();
  const emails = new Set(sessions.flatMap((s) => (s.candidate_email === null ? [] : [s.candidate_email])));
  if (who.email !== undefined) emails.add(who.email);
  await eraseMessages(deps, { phones: who.phones, emails: [...emails], candidateIds: who.ids, callSids: sessions.map((s) => s.call_sid) });
  await deps.database.scrubDeleted(['messages']).catch(() => undefined);
}

async function eraseById(deps: Pick<Deps, 'database' | 'doNotCallSecret' | 'logger'>, id: number): Promise<CandidateErasure | undefined> {
  const db = deps.database.db;
  const result = await db.transaction().execute(async (trx) => {
    const candidate = await getCandidate(trx, id);
    if (candidate === undefined) return undefined;
    const callSids = (
      await trx
        .selectFrom('conversation_sessions')
        .select('call_sid')
        .where('candidate_id', '=', id)
        .$if(dialectOf(trx) === 'postgres', (qb) => qb.forUpdate())
        .execute()
    ).map((r) => r.call_sid);
    let turns = 0;
    let bookings = 0;
    for (let i = 0; i < callSids.length; i += 500) {
      const chunk = callSids.slice(i, i + 500);
      const counted = await trx
        .selectFrom('conversation_turns')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('call_sid', 'in', chunk)
        .executeTakeFirstOrThrow();
      turns += Number(counted.n);
      bookings += await deleteBookingsOf(trx, chunk);
      await trx.deleteFrom('conversation_sessions').where('call_sid', 'in', chunk).execute();
    }
    // A booking that names the candidate but not one of their calls still holds a seat: given back too.
    const stray = await trx.deleteFrom('bookings').where('candidate_id', '=', id).returning('slot_id').execute();
    await releaseSeats(
      trx,
      stray.map((r) => r.slot_id),
    );
    await deleteCandidateRow(trx, id);
    return { phone: candidate.phone, conversations: callSids.length, turns, bookings: bookings + stray.length };
  });
  if (result === undefined) return undefined;
  await deps.database
    .scrubDeleted(['conversation_sessions', 'conversation_turns', 'bookings', 'questions', 'candidates'])
    .catch((err: unknown) => deps.logger.error({ err }, 'erased rows could not be scrubbed from the database files'));
  deps.logger.info({ candidateId: id, conversations: result.conversations }, 'candidate erased');
  return {
    conversations: result.conversations,
    turns: result.turns,
    bookings: result.bookings,
    do_not_call: await isDoNotCall(db, deps.doNotCallSecret, result.phone),
    candidates: 1,
  };
}

/** Statuses from which a call is not placed: the candidate left the process or is no one to call. */
const NOT_CALLABLE: ReadonlySet<CandidateStatus> = new Set(['withdrawn', 'opted_out', 'wrong_number']);

/**
 * Places a call to a candidate now, as POST /make-actual-call does, for their job. The candidate moves to 'calling'
 * and `calls_placed` counts the call before dialling (the call may end before startCall returns); should the call not
 * be placed, both are undone. 404 unknown, 409 when the candidate must not be called.
 */
export async function callCandidate(
  deps: Deps,
  id: number,
  simulate?: SimulateOptions,
): Promise<StartedCall & { candidate: CandidateView }> {
  const db = deps.database.db;
  const candidate = await getCandidate(db, id);
  if (candidate === undefined) throw notFound(`Candidate ${id}`);
  if (NOT_CALLABLE.has(candidate.status)) throw conflict('not_callable', `This candidate is ${candidate.status}: no call is placed.`);
  const job = await db.selectFrom('jobs').select(['title', 'company']).where('id', '=', candidate.job_id).executeTakeFirstOrThrow();
  const nowIso = deps.now().toISOString();
  const previous = await db.transaction().execute(async (trx) => {
    const left = await moveCandidateStatus(trx, id, 'calling', nowIso);
    await bumpFunnel(trx, candidate.job_id, 'calls_placed', 1);
    return left ?? candidate.status;
  });
  try {
    const placed = await startCall(deps, {
      candidate: candidateInputOf(candidate, job),
      jobId: candidate.job_id,
      candidateId: id,
      ...(simulate === undefined ? {} : { simulate }),
    });
    const now = await getCandidate(db, id);
    return { ...placed, candidate: candidateView(now ?? candidate) };
  } catch (err) {
    await db.transaction().execute(async (trx) => {
      await moveCandidateStatus(trx, id, previous, nowIso);
      await bumpFunnel(trx, candidate.job_id, 'calls_placed', -1);
      if (previous === 'new') await bumpFunnel(trx, candidate.job_id, 'called', -1);
    });
    throw err;
  }
}
