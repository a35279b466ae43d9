import { randomUUID } from 'node:crypto';
import type { PlacedCall, SimulateOptions, TelephonyFailure } from '../adapters/telephony.js';
import { TelephonyError } from '../adapters/telephony.js';
import { newCallSid } from '../adapters/simulator/simulated-telephony.js';
import { initialState } from '../core/conversation/state.js';
import type { CallBack, Candidate } from '../core/conversation/types.js';
import { AppError, conflict, invalid, notFound } from '../core/errors.js';
import { sql, type Kysely, type Transaction } from 'kysely';
import { isDoNotCall } from '../db/do-not-call.repo.js';
import { getJob } from '../db/jobs.repo.js';
import type { JobRow } from '../db/jobs.table.js';
import type { Database } from '../db/schema.js';
import { insertSession, updateSession } from '../db/sessions.repo.js';
import type { NewSession, SessionUpdate } from '../db/sessions.table.js';
import { markDialledMany, setAttemptConversation, type HeldClaim } from '../db/attempts.repo.js';
import { listOpenSlots } from '../db/slots.repo.js';
import type { Deps } from '../deps.js';
import { isValidZone } from '../core/scheduling/zones.js';
import { isPlainText } from '../core/text.js';
import { jobInterview } from './conversation-io.js';
import { publishCallEnded, publishCallStarted } from './live/publish.js';
import { getDefaultJob } from './jobs.js';
import { assertCallingHours, normalizePhone } from './people.js';
import { amdUrl, statusUrl, voiceUrl } from './webhook-urls.js';

export interface CandidateInput {
  name?: string;
  phone?: string;
  /** null: the candidate has none (the CANDIDATE_EMAIL setting is for calls placed without a candidate). */
  email?: string | null;
  position?: string;
  company?: string;
  timezone?: string;
}

export interface StartCallInput {
  candidate?: CandidateInput;
  simulate?: SimulateOptions;
  /** The job called for (its open slots; stored on the session); the default job when absent. */
  jobId?: number;
  /** The candidate row called (POST /candidates/{id}/call), stored on the session. */
  candidateId?: number;
  /** The campaign attempt this call is, and the claim held on it (see CheckedCall). */
  attemptId?: number;
  claim?: HeldClaim;
  /** Answering-machine detection (see CheckedCall). */
  amd?: boolean;
  callBack?: CallBack | null;
}

export interface StartedCall {
  /** Twilio's CallSid (the simulator's is the conversation's id). */
  callSid: string;
  /** The conversation's own id (GET /conversations/{id} takes either). */
  conversationId: string;
  status: string;
}

/**
 * What the API answers when the call could not be placed: 502 when the provider failed or refused our own account
 * (nothing the caller of this API can fix in the request), 422 when it refused this call (e.g. an invalid number).
 */
const HTTP_STATUS: Record<TelephonyFailure, number> = { unavailable: 502, account: 502, refused: 422 };

/**
 * Creates the conversation under its own id, then asks the telephony edge to dial with webhook URLs that carry
 * that id: a webhook or status callback that arrives before Twilio's answer finds its conversation. Nothing is
 * dialled when the input is wrong, the number is on the do-not-call list, or no slot is open.
 */
export async function startCall(deps: Deps, input: StartCallInput): Promise<StartedCall> {
  const { config, database, telephony } = deps;
  const db = database.db;
  const job = await callableJob(db, input.jobId);
  const { candidate, phone } = resolveCandidate(deps, job, input.candidate ?? {});
  if (await isDoNotCall(db, deps.doNotCallSecret, phone)) {
    throw conflict('do_not_call', 'This number asked not to be called again (it is on the do-not-call list).');
  }
  // Calling hours (the job's) guard real phones only: a simulated call rings nobody (the demo and the simulator run
  // any time).
  if (telephony.mode === 'twilio') {
    assertCallingHours({ ...deps, config: { ...config, CALLING_HOURS: job.calling_hours } }, phone, input.candidate?.timezone);
  }
  const nowIso = deps.now().toISOString();
  if ((await listOpenSlots(db, job.id, nowIso)).length === 0) {
    throw conflict(
      'no_open_slots',
      job.is_default === 1
        ? 'No interview slot is open; add slots with INTERVIEW_SLOTS.'
        : `Job ${job.id} has no open interview slot; add slots with POST /jobs/${job.id}/slots.`,
    );
  }
  const placed = await placeCheckedCall(deps, {
    job,
    candidate,
    phone,
    ...(input.candidateId === undefined ? {} : { candidateId: input.candidateId }),
    ...(input.attemptId === undefined ? {} : { attemptId: input.attemptId }),
    ...(input.claim === undefined ? {} : { claim: input.claim }),
    ...(input.simulate === undefined ? {} : { simulate: input.simulate }),
    ...(input.amd === undefined ? {} : { amd: input.amd }),
    ...(input.callBack === undefined ? {} : { callBack: input.callBack }),
  });
  if (placed.ok) return placed.call;
  const failure = placed.failure;
  throw new AppError('twilio_error', failure.message, HTTP_STATUS[failure.kind], {
    twilio_code: failure.code,
    conversation: placed.conversationId,
  });
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
 * Inserts the conversation (and, for an attempt, links the two in the same transaction), then dials. A telephony
 * failure is returned, the conversation marked failed; a database failure after Twilio's answer is thrown.
 */
export async function placeCheckedCall(deps: Deps, call: CheckedCall): Promise<PlaceResult> {
  const db = deps.database.db;
  const conversation = newConversation(deps, call);
  const attemptId = call.attemptId;
  if (attemptId === undefined) {
    await insertSession(db, conversation.session);
  } else {
    const claim = call.claim;
    if (claim === undefined) throw invalid(`Attempt ${attemptId} is dialled only under the claim held on it.`);
    const linked = await db.transaction().execute(async (trx) => {
      if (!(await setAttemptConversation(trx, attemptId, conversation.id, conversation.session.start_time, claim))) return false;
      await insertSession(trx, conversation.session);
      return true;
    });
    // The claim was lost (reconcile took the attempt after its lease ran out): the attempt is not ours to dial.
    if (!linked) throw conflict('claim_lost', `Attempt ${attemptId} is no longer claimed by this dispatcher; no call was placed.`);
  }
  return dialConversation(deps, call, conversation.id);
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

/** The job called for (the default job when none is named): 404 when there is none, 409 when it is not open. */
export async function callableJob(db: Kysely<Database>, jobId: number | undefined): Promise<JobRow> {
  const job = jobId === undefined ? await getDefaultJob(db) : await getJob(db, jobId);
  if (job === undefined) throw notFound(`Job ${jobId ?? ''}`);
  if (job.status !== 'open') {
    throw conflict('job_not_open', `Job ${job.id} is ${job.status}: no calls are placed for it (set its status to open first).`, {
      job_id: job.id,
      status: job.status,
    });
  }
  return job;
}

/** The candidate as the conversation needs them: what the request gives, else the job's and the settings'. */
export function resolveCandidate(deps: Deps, job: JobRow, input: CandidateInput): { candidate: Candidate; phone: string } {
  const { config } = deps;
  const rawPhone = input.phone ?? config.CANDIDATE_PHONE;
  if (rawPhone === undefined) {
    throw invalid('No candidate phone: pass candidate.phone or set CANDIDATE_PHONE.', { field: 'phone' });
  }
  const phone = normalizePhone(rawPhone);
  // Without the candidate's zone, the job's: the times are then said as the interviewers have them.
  const timezone = input.timezone ?? job.timezone;
  if (!isValidZone(timezone)) throw invalid(`Unknown time zone "${timezone}" (use an IANA name such as America/Chicago).`);
  const candidate: Candidate = {
    name: input.name ?? config.CANDIDATE_NAME,
    email: input.email !== undefined ? input.email : (config.CANDIDATE_EMAIL ?? null),
    position: input.position ?? job.title,
    company: input.company ?? job.company,
    timezone,
  };
  // These are spoken: a control character would make every prompt's TwiML fail (and NUL the insert on PostgreSQL).
  for (const field of ['name', 'position', 'company'] as const) {
    if (!isPlainText(candidate[field])) {
      throw invalid(`candidate.${field} contains a control character or another character a phone prompt cannot carry.`, { field });
    }
  }
  return { phone, candidate };
}
