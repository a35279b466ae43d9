import { randomUUID } from 'node:crypto';
import type { PlacedCall, SimulateOptions } from '../adapters/telephony.js';
import { TelephonyError } from '../adapters/telephony.js';
import { newCallSid } from '../adapters/simulator/simulated-telephony.js';
import { initialState } from '../core/conversation/state.js';
import type { CallBack, Candidate } from '../core/conversation/types.js';
import { AppError } from '../core/errors.js';
import { sql, type Transaction } from 'kysely';
import type { JobRow } from '../db/jobs.table.js';
import type { Database } from '../db/schema.js';
import { updateSession } from '../db/sessions.repo.js';
import type { NewSession, SessionUpdate } from '../db/sessions.table.js';
import { markDialledMany, type HeldClaim } from '../db/attempts.repo.js';
import type { Deps } from '../deps.js';
import { jobInterview } from './conversation-io.js';
import { publishCallEnded, publishCallStarted } from './live/publish.js';
import { amdUrl, statusUrl, voiceUrl } from './webhook-urls.js';

/** Dialling a checked call: its conversation, the REST request, and the recording of Twilio's answer. */

export interface StartedCall {
  /** Twilio's CallSid (the simulator's is the conversation's id). */
  callSid: string;
  /** The conversation's own id (GET /conversations/{id} takes either). */
  conversationId: string;
  status: string;
}

/** A call whose checks were made (job open, number allowed, calling hours, a slot open): what is dialled. */
export interface CheckedCall {
  job: JobRow;
  candidate: Candidate;
  /** E.164. */
  phone: string;
  candidateId?: number;
  /** The campaign attempt this call is: stored on the session, and the session's id on the attempt, in one transaction. */
  attemptId?: number;
  /** The claim held on that attempt (required with it): placeCheckedCall links and dials only while it still holds. */
  claim?: HeldClaim;
  simulate?: SimulateOptions;
  /** Asks for answering-machine detection, its verdict posted to /twilio-amd (campaign calls). */
  amd?: boolean;
  /** The call back the caller may promise (campaign calls with an attempt left); see ConversationState.callBack. */
  callBack?: CallBack | null;
}

/** Placed, or the telephony refused or failed (the conversation is then marked failed). */
export type PlaceResult = { ok: true; call: StartedCall } | { ok: false; failure: TelephonyError; conversationId: string };

/** A checked call's conversation, made but not inserted yet: its own id and its row. */
export interface NewConversation {
  id: string;
  session: NewSession;
}

/**
 * The conversation of a checked call, under its own id: the simulator plays the call under the CallSid we choose; a
 * Twilio call gets its CallSid when Twilio answers. The caller inserts it (the campaign dispatcher, a batch at once).
 */
export function newConversation(deps: Deps, call: CheckedCall): NewConversation {
  const { job, candidate, phone } = call;
  const mode = deps.telephony.mode;
  const nowIso = deps.now().toISOString();
  const id = mode === 'simulated' ? newCallSid() : `conv_${randomUUID().replaceAll('-', '')}`;
  const state = initialState(candidate, jobInterview(job), job.max_turns, call.callBack ?? null);
  const session: NewSession = {
    call_sid: id,
    twilio_call_sid: mode === 'simulated' ? id : null,
    candidate_name: candidate.name,
    candidate_phone: phone,
    candidate_email: candidate.email,
    candidate_position: candidate.position,
    candidate_company: candidate.company,
    candidate_timezone: candidate.timezone,
    status: 'active',
    outcome: null,
    start_time: nowIso,
    end_time: null,
    confirmed_slot: null,
    confirmed_slot_start: null,
    slot_id: null,
    job_id: job.id,
    ...(call.candidateId === undefined ? {} : { candidate_id: call.candidateId }),
    ...(call.attemptId === undefined ? {} : { attempt_id: call.attemptId }),
    state: JSON.stringify(state),
    telephony: mode,
    twilio_status: 'queued',
    duration_seconds: null,
    answered_by: null,
    error_code: null,
    error_message: null,
    updated_at: nowIso,
  };
  return { id, session };
}

/** Twilio's answer to a call's REST request, as it is recorded. */
export interface CallAnswer {
  conversationId: string;
  /** The call's CallSid at the telephony. */
  callSid: string;
  /** A Twilio call: its CallSid is written on the conversation (a simulated one was inserted under it). */
  twilio: boolean;
  /** The campaign attempt the call is: moved to dialled. */
  attemptId: number | undefined;
}

/** Records answers to REST requests one at a time (recordAnswer); the campaign dispatcher writes a group at a time. */
export type AnswerRecorder = (answer: CallAnswer) => Promise<void>;

/**
 * Dials a checked call whose conversation `id` is inserted (and linked to its attempt, if any), and records
 * Twilio's answer with `record`. A telephony failure is returned, the conversation marked failed; a database failure
 * after the answer is thrown.
 */
export async function dialConversation(
  deps: Deps,
  call: CheckedCall,
  id: string,
  record: AnswerRecorder = (answer) => recordAnswer(deps, answer),
): Promise<PlaceResult> {
  const { config, telephony, logger } = deps;
  const simulated = telephony.mode === 'simulated';
  publishCallStarted(deps, {
    call_sid: id,
    job_id: call.job.id,
    candidate_name: call.candidate.name,
    start_time: deps.now().toISOString(),
  });
  let placed: PlacedCall;
  try {
    placed = await telephony.placeCall({
      to: call.phone,
      from: config.TWILIO_PHONE_NUMBER ?? '+15005550006',
      url: voiceUrl(deps, id),
      statusCallback: statusUrl(deps, id),
      ...(simulated ? { callSid: id } : {}),
      ...(call.simulate === undefined ? {} : { simulate: call.simulate }),
      ...(call.amd === true ? { amdStatusCallback: amdUrl(deps, id) } : {}),
    });
  } catch (err) {
    const failure =
      err instanceof TelephonyError ? err : new TelephonyError('The call could not be placed', 'unavailable', 'telephony_error', false);
    await markFailed(deps, id, { error_code: failure.code, error_message: failure.message });
    publishCallEnded(deps, id, 'error', deps.now().toISOString());
    logger.warn({ callSid: id, code: failure.code, err }, 'call could not be placed');
    return { ok: false, failure, conversationId: id };
  }
  await record({ conversationId: id, callSid: placed.callSid, twilio: !simulated, attemptId: call.attemptId });
  logger.info(
    { callSid: placed.callSid, conversation: id, telephony: telephony.mode, phone: call.phone, attempt: call.attemptId },
    'call placed',
  );
  return { ok: true, call: { callSid: placed.callSid, conversationId: id, status: placed.status } };
}

/**
 * Writes answers in the caller's transaction, two statements for any number of them (each row its own CallSid through
 * a CASE): a Twilio call's CallSid on its conversation (unless a webhook already wrote it), and the calls' attempts
 * claimed → dialled.
 */
export async function writeAnswers(trx: Transaction<Database>, answers: readonly CallAnswer[], nowIso: string): Promise<void> {
  const twilioCalls = answers.filter((a) => a.twilio);
  if (twilioCalls.length > 0) {
    const byId = sql.join(
      twilioCalls.map((a) => sql`when ${sql.ref('call_sid')} = ${a.conversationId} then ${a.callSid}`),
      sql` `,
    );
    await trx
      .updateTable('conversation_sessions')
      .set({ twilio_call_sid: sql<string>`case ${byId} end`, updated_at: nowIso })
      .where(
        'call_sid',
        'in',
        twilioCalls.map((a) => a.conversationId),
      )
      .where('twilio_call_sid', 'is', null)
      .execute();
  }
  const dialled = answers.flatMap((a) => (a.attemptId === undefined ? [] : [{ attemptId: a.attemptId, twilioCallSid: a.callSid }]));
  await markDialledMany(trx, dialled, nowIso);
}

/**
 * Records one answer in its own transaction (writeAnswers). When the database fails on a Twilio call's answer the
 * phone is ringing but the caller of this API hears of a failure: the conversation is marked failed (with the CallSid,
 * where the database lets us) so that its webhooks end the call politely, and the error names both ids (an attempt
 * stays claimed: reconcile finds the call at Twilio).
 */
export async function recordAnswer(deps: Deps, answer: CallAnswer): Promise<void> {
  if (!answer.twilio && answer.attemptId === undefined) return;
  try {
    await deps.database.db.transaction().execute((trx) => writeAnswers(trx, [answer], deps.now().toISOString()));
  } catch (err) {
    if (!answer.twilio) throw err;
    const { conversationId: id, callSid: twilioCallSid } = answer;
    deps.logger.error({ callSid: twilioCallSid, conversation: id, err }, 'Twilio placed the call but it could not be recorded');
    const reason: SessionUpdate = {
      error_code: 'database_error',
      error_message: `Twilio placed the call (${twilioCallSid}) but it could not be recorded.`,
    };
    // With the CallSid where the database takes it; without, should it be the CallSid it refuses.
    await markFailed(deps, id, { ...reason, twilio_call_sid: twilioCallSid })
      .catch(() => markFailed(deps, id, reason))
      .catch((markErr: unknown) => deps.logger.error({ conversation: id, err: markErr }, 'the conversation could not be marked failed'));
    throw new AppError('database_error', 'The call was placed but could not be recorded; the conversation is marked failed.', 503, {
      conversation: id,
      twilio_call_sid: twilioCallSid,
    });
  }
}

/** Ends a conversation that never got going: failed, outcome error, with the reason. */
async function markFailed(deps: Deps, id: string, reason: SessionUpdate): Promise<void> {
  const nowIso = deps.now().toISOString();
  await updateSession(deps.database.db, id, { status: 'failed', outcome: 'error', end_time: nowIso, updated_at: nowIso, ...reason });
}
