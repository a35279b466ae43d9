import type { Telephony } from '../../adapters/telephony.js';
import { TelephonyError } from '../../adapters/telephony.js';
import type { Candidate } from '../../core/conversation/types.js';
import { AppError, conflict, notFound } from '../../core/errors.js';
import { findSession } from '../../db/sessions.repo.js';
import type { Session } from '../../db/sessions.table.js';
import { listOpenSlots } from '../../db/slots.repo.js';
import { getTurn } from '../../db/turns.repo.js';
import type { Deps } from '../../deps.js';
import { callableJob, placeCheckedCall } from '../start-call.js';
import { statusUrl } from '../webhook-urls.js';
import { answerFields, gatherOf, stepLine, type LineStep, type WebhookPoster } from './browser-line.js';

/**
 * Try a call: the recruiter plays the candidate in the browser. The call is a conversation like any other (same
 * placement, same signed webhooks, same machine; it ends in /conversations), whose phone line is the browser: no
 * telephony provider is asked anything, in twilio mode either, and calling hours do not apply (nobody is rung).
 *
 * The candidate is a built-in one, not the job's first: a booking made in a try would otherwise move that person's
 * real interview and send them a confirmation. It has no email and a "number" no text can be sent to, so the
 * booking (a real seat in the job's slot, given back when the conversation is deleted) messages no candidate.
 */

/** The built-in candidate's name (greeted by the first word) and "number": what marks a try in the Calls list. */
export const TRY_CANDIDATE_NAME = 'Alex (try-a-call)';
export const TRY_PHONE = 'try-a-call';

/** A try left without a reply this long is hung up (the page was closed). */
export const TRY_IDLE_MS = 10 * 60_000;
/** Tries in progress in one process at most. */
export const MAX_TRIES = 50;

/** The caller's next sentences and what it waits for; `ended` with the call's outcome once it hung up. */
export interface TryCallStep {
  call_sid: string;
  say: string[];
  /** What the caller listens for ('speech', 'speech dtmf'); null once the call ended. */
  gather: { input: string } | null;
  ended: boolean;
  outcome: string | null;
  confirmed_slot: string | null;
}

export interface TryCallAnswer {
  text?: string | undefined;
  digits?: string | undefined;
}

export interface TryCalls {
  start(input: { jobId?: number | undefined }): Promise<TryCallStep>;
  reply(callSid: string, answer: TryCallAnswer): Promise<TryCallStep>;
  hangUp(callSid: string): Promise<TryCallStep>;
  /** Stops the idle timers (the server is closing). */
  close(): void;
}

/** `post` delivers the webhooks (signed, to this service's own Twilio routes). */
export function createTryCalls(deps: Deps, post: WebhookPoster): TryCalls {
  const idle = new Map<string, NodeJS.Timeout>();
  const watch = (callSid: string) => {
    clearTimeout(idle.get(callSid));
    const timer = setTimeout(() => {
      void finish(callSid, []).catch((err: unknown) => deps.logger.warn({ callSid, err }, 'an idle try-a-call could not be hung up'));
    }, TRY_IDLE_MS);
    timer.unref();
    idle.set(callSid, timer);
  };
  const callFields = (callSid: string): Record<string, string> => ({
    CallSid: callSid,
    AccountSid: deps.config.TWILIO_ACCOUNT_SID ?? `AC${'0'.repeat(32)}`,
    From: deps.config.TWILIO_PHONE_NUMBER ?? '+15005550006',
    To: TRY_PHONE,
    Direction: 'outbound-api',
    ApiVersion: '2010-04-01',
  });
  const status = (callSid: string, callStatus: string, extra: Record<string, string> = {}) =>
    post(statusUrl(deps, callSid), { ...callFields(callSid), CallStatus: callStatus, CallbackSource: 'call-progress-events', ...extra });

  /** Twilio hangs up: the final status callback, then the conversation as it ended. */
  async function finish(callSid: string, say: string[]): Promise<TryCallStep> {
    clearTimeout(idle.get(callSid));
    idle.delete(callSid);
    const session = await findSession(deps.database.db, callSid);
    const started = session === undefined ? deps.now().getTime() : Date.parse(session.start_time);
    const seconds = Math.max(1, Math.round((deps.now().getTime() - started) / 1000));
    await status(callSid, 'completed', { CallDuration: String(seconds), AnsweredBy: 'human' });
    const ended = await findSession(deps.database.db, callSid);
    return {
      call_sid: callSid,
      say,
      gather: null,
      ended: true,
      outcome: ended?.outcome ?? null,
      confirmed_slot: ended?.confirmed_slot ?? null,
    };
  }

  /** One step of the line; the call hung up when it does not wait for the candidate any more. */
  async function step(callSid: string, url: string, fields: Record<string, string>): Promise<TryCallStep> {
    const line: LineStep = await stepLine(post, callFields(callSid), url, fields);
    if (line.applicationError !== undefined) deps.logger.warn({ callSid, reason: line.applicationError }, 'try-a-call broke off');
    if (line.gather === null) return finish(callSid, line.say);
    watch(callSid);
    return {
      call_sid: callSid,
      say: line.say,
      gather: { input: line.gather.input.join(' ') },
      ended: false,
      outcome: null,
      confirmed_slot: null,
    };
  }

  return {
    async start(input) {
      if (idle.size >= MAX_TRIES) throw new AppError('too_many_tries', 'Too many try-a-calls are in progress; try again later.', 429);
      const db = deps.database.db;
      const job = await callableJob(db, input.jobId);
      if ((await listOpenSlots(db, job.id, deps.now().toISOString())).length === 0) {
        throw conflict('no_open_slots', `Job ${job.id} has no open interview slot to offer.`);
      }
      const candidate: Candidate = {
        name: TRY_CANDIDATE_NAME,
        email: null,
        position: job.title,
        company: job.company,
        timezone: job.timezone,
      };
      const browser = browserTelephony();
      const placed = await placeCheckedCall({ ...deps, telephony: browser.telephony }, { job, candidate, phone: TRY_PHONE });
      const voice = browser.placed();
      if (!placed.ok || voice === undefined) throw new AppError('try_call_failed', 'The try-a-call could not be started.', 500);
      const callSid = placed.call.conversationId;
      for (const callStatus of ['initiated', 'ringing']) await status(callSid, callStatus);
      const answered = { CallStatus: 'in-progress', AnsweredBy: 'human' };
      await status(callSid, 'in-progress', answered);
      return step(callSid, voice, answered);
    },

    async reply(callSid, answer) {
      const session = await tryCallSession(deps, callSid);
      if (session.status !== 'active') return endedStep(session);
      const latest = await getTurn(deps.database.db, session.call_sid, session.turn_count);
      const gather = latest === undefined ? null : gatherOf(latest.response_twiml);
      if (gather === null) return finish(session.call_sid, []);
      const fields = answerFields(gather.input, answer);
      // A silence: Twilio posts the empty result (actionOnEmptyResult), as the service's gathers ask.
      return step(session.call_sid, gather.action, { CallStatus: 'in-progress', ...(fields ?? {}) });
    },

    async hangUp(callSid) {
      const session = await tryCallSession(deps, callSid);
      if (session.status !== 'active') return endedStep(session);
      return finish(session.call_sid, []);
    },

    close() {
      for (const timer of idle.values()) clearTimeout(timer);
      idle.clear();
    },
  };
}

/** A try-a-call's conversation (by its id): 404 for any other call, so a real call can never be driven from here. */
async function tryCallSession(deps: Deps, callSid: string): Promise<Session> {
  const session = await findSession(deps.database.db, callSid);
  if (session === undefined || session.candidate_phone !== TRY_PHONE || session.telephony !== 'simulated') {
    throw notFound(`Try-a-call ${callSid}`);
  }
  return session;
}

function endedStep(session: Session): TryCallStep {
  return {
    call_sid: session.call_sid,
    say: [],
    gather: null,
    ended: true,
    outcome: session.outcome,
    confirmed_slot: session.confirmed_slot,
  };
}

/** The telephony of a try: placing the call only notes where Twilio would fetch the greeting; nothing is dialled. */
function browserTelephony(): { telephony: Telephony; placed: () => string | undefined } {
  let voiceUrl: string | undefined;
  const none = () => Promise.reject(new TelephonyError('A try-a-call has no provider call', 'refused', '20404', false));
  return {
    placed: () => voiceUrl,
    telephony: {
      mode: 'simulated',
      async placeCall(request) {
        voiceUrl = request.url;
        return { callSid: request.callSid ?? '', status: 'queued' };
      },
      listCalls: async () => [],
      fetchCall: async () => undefined,
      updateCall: none,
      close: async () => undefined,
    },
  };
}
