import type { Transaction } from 'kysely';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CallUpdate } from '../adapters/telephony.js';
import { voicemailTwiml } from '../adapters/twilio/twiml.js';
import { greetedName } from '../core/conversation/prompts.js';
import type { Outcome } from '../core/conversation/types.js';
import { getJob } from '../db/jobs.repo.js';
import type { Database } from '../db/schema.js';
import { byWebhookKey, updateSession } from '../db/sessions.repo.js';
import type { Session } from '../db/sessions.table.js';
import { dialectOf } from '../db/util.js';
import type { Deps } from '../deps.js';
import { recordCandidateEnd, uncountReached } from './candidate-calls.js';
import { publishCallEnded } from './live/publish.js';
import { answeredByOf, callSidOf, callSidPatch, isSameCall, webhookKeyOf, type TwilioForm } from './twilio-form.js';

/**
 * Answering-machine detection (Twilio's async AMD, asked for on campaign calls): the verdict arrives at
 * `/twilio-amd?conversation=…` while the greeting plays. A machine whose greeting ended (machine_end_*) is left the
 * job's voicemail message and the call ends 'voicemail'; a fax, or a machine whose greeting never ended
 * (machine_start), is hung up on and the call ends 'hung_up'; a person (human, unknown) goes on talking, with the
 * verdict stored. A call already ended is left alone, so a repeated callback changes nothing.
 */

/** What a verdict means for the call: leave the message, hang up, or carry on with a person. */
export type AmdAction = 'leave_message' | 'hang_up' | 'carry_on';

export function amdAction(answeredBy: string): AmdAction {
  if (answeredBy.startsWith('machine_end_')) return 'leave_message';
  if (answeredBy === 'fax' || answeredBy === 'machine_start') return 'hang_up';
  return 'carry_on';
}

/** What the voicemail says, from the call's own facts (the job's message, when it has one, is said as written). */
export interface VoicemailFacts {
  /** As the greeting says it (the first name). */
  candidateName: string;
  position: string;
  company: string;
  /** The job's caller name; null: the service's assistant. */
  callerName: string | null;
  /** The number to call back (E.164); null: none is said. */
  callBackNumber: string | null;
  /** True when the campaign will call again (another attempt remains). */
  willRetry: boolean;
}

/**
 * The default voicemail: who calls, from where, about what; "we'll try you again soon" only when another attempt
 * remains (a direct call, or the last attempt, says only how to call back).
 */
export function defaultVoicemailMessage(f: VoicemailFacts): string {
  const caller = f.callerName === null ? 'an automated interview scheduling assistant' : f.callerName;
  const who = `Hello ${f.candidateName}, this is ${caller} calling from ${f.company} about your application for ${f.position}.`;
  const number = f.callBackNumber === null ? null : spokenNumber(f.callBackNumber);
  const next =
    f.willRetry && number !== null
      ? `We'll try you again soon, or you can call us back at ${number}.`
      : f.willRetry
        ? "We'll try you again soon."
        : number !== null
          ? `You can call us back at ${number}.`
          : '';
  return [who, next, 'Thank you.'].filter((s) => s !== '').join(' ');
}

/** A phone number as a voice reads it best: the national groups, digit by digit ("4 1 5, 5 5 5, 0 1 2 3"). */
export function spokenNumber(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  const national = parsed === undefined ? e164 : parsed.formatNational();
  const groups = national.split(/\D+/).filter((g) => g !== '');
  return groups.map((g) => g.split('').join(' ')).join(', ');
}

/** Stores the detection's verdict and acts on it (see above). Safe to repeat. */
export async function recordAmd(deps: Deps, conversation: string | undefined, form: TwilioForm): Promise<void> {
  const key = webhookKeyOf(conversation, form);
  const answeredBy = answeredByOf(form);
  if (key === undefined || answeredBy === undefined) return;
  const action = amdAction(answeredBy);
  const nowIso = deps.now().toISOString();
  const result = await deps.database.db.transaction().execute(async (trx) => {
    // Locked on pg like the status callback: the verdict and a call's other ends apply one after another.
    const session = await trx
      .selectFrom('conversation_sessions')
      .selectAll()
      .where(byWebhookKey(key))
      .$if(dialectOf(trx) === 'postgres', (qb) => qb.forUpdate())
      .executeTakeFirst();
    if (session === undefined || !isSameCall(session, form)) return undefined;
    if (session.status !== 'active') return { session, ended: undefined };
    const patch = { updated_at: nowIso, ...callSidPatch(session, form) };
    if (action === 'carry_on') {
      await updateSession(trx, session.call_sid, { ...patch, ...(session.answered_by === null ? { answered_by: answeredBy } : {}) });
      return { session, ended: undefined };
    }
    const outcome: Outcome = action === 'leave_message' ? 'voicemail' : 'hung_up';
    const update: CallUpdate =
      action === 'leave_message' ? { twiml: voicemailTwiml(await voicemailFor(trx, deps, session)) } : { status: 'completed' };
    await updateSession(trx, session.call_sid, {
      ...patch,
      status: 'failed',
      outcome,
      answered_by: answeredBy,
      end_time: nowIso,
    });
    // A machine took the call: nobody was reached (the answer already counted as reached is taken back).
    await uncountReached(trx, session);
    await recordCandidateEnd(trx, { ...session, answered_by: answeredBy }, outcome, false, nowIso);
    return { session, ended: { outcome, update } };
  });
  if (result === undefined) {
    deps.logger.warn({ callSid: callSidOf(form), conversation }, 'answering-machine verdict for an unknown call');
    return;
  }
  const callSid = result.session.twilio_call_sid ?? callSidOf(form);
  deps.logger.info({ callSid, conversation: result.session.call_sid, answeredBy }, 'answering-machine verdict');
  if (result.ended === undefined) return;
  deps.metrics.calls.inc({ outcome: result.ended.outcome });
  publishCallEnded(deps, result.session.call_sid, result.ended.outcome, nowIso);
  try {
    await deps.telephony.updateCall(callSid, result.ended.update);
  } catch (err) {
    // The call then goes on until its next webhook, which finds the conversation ended and hangs up.
    deps.logger.warn({ callSid, err }, 'the live call could not be redirected to the voicemail message or hung up');
  }
}

/** The message for this call: the job's own, else the default with what the session and its attempt say. */
async function voicemailFor(trx: Transaction<Database>, deps: Deps, session: Session): Promise<string> {
  const job = session.job_id === null ? undefined : await getJob(trx, session.job_id);
  if (job?.voicemail_message != null && job.voicemail_message.trim() !== '') return job.voicemail_message;
  let willRetry = false;
  if (session.attempt_id !== null) {
    const attempt = await trx.selectFrom('call_attempts').select('number').where('id', '=', session.attempt_id).executeTakeFirst();
    willRetry = attempt !== undefined && job !== undefined && attempt.number < job.max_attempts;
  }
  return defaultVoicemailMessage({
    candidateName: greetedName({
      name: session.candidate_name,
      email: session.candidate_email,
      position: session.candidate_position,
      company: session.candidate_company,
      timezone: session.candidate_timezone,
    }),
    position: session.candidate_position,
    company: session.candidate_company,
    callerName: job?.caller_name ?? null,
    callBackNumber: deps.config.TWILIO_PHONE_NUMBER ?? null,
    willRetry,
  });
}
