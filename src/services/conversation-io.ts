import { transition } from '../core/conversation/transition.js';
import type {
  Action,
  ConfirmationChannel,
  ConversationEvent,
  ConversationState,
  InterviewInput,
  TransitionResult,
} from '../core/conversation/types.js';
import type { Slot } from '../core/scheduling/slots.js';
import { spokenSlot } from '../core/scheduling/slots.js';
import { sql, type Transaction } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import { addDoNotCall } from '../db/do-not-call.repo.js';
import { cancelBookings, candidateBookingsInJob, lockCandidate } from '../db/candidate-bookings.repo.js';
import { findDefaultJob } from '../db/jobs.repo.js';
import type { JobRow } from '../db/jobs.table.js';
import type { Session, SessionUpdate } from '../db/sessions.table.js';
import { bookSlot, listOpenSlots, type BookSlotInput } from '../db/slots.repo.js';
import type { TurnRecord } from '../db/turns.repo.js';
import { answeredByMachine, recordCandidateEnd } from './candidate-calls.js';
import { lockBooking } from '../db/bookings.repo.js';
import { afterBooking } from './bookings/after-booking.js';
import { moveLockedBooking } from './bookings/move.js';
import { optedOutEvent } from './webhooks/event-data.js';
import { loadInterview } from './messages/facts.js';
import { queueBookingMessages, type BookingMessageContext, type CandidateChannels } from './messages/queue.js';
import { cancelReminders } from './messages/reminders.js';
import { DEFAULT_MAIL_FROM } from './messages/transports.js';

/** The interview as the settings describe it: what a version-1 state (from before jobs) is upgraded with. */
export function interviewOf(config: Pick<Config, 'INTERVIEW_DURATION_MINUTES' | 'INTERVIEW_FORMAT'>): InterviewInput {
  return { minutes: config.INTERVIEW_DURATION_MINUTES, format: config.INTERVIEW_FORMAT };
}

/** What the caller may tell the candidate, from the call's job. */
export function jobInterview(
  job: Pick<JobRow, 'interview_minutes' | 'format' | 'location' | 'description' | 'timezone' | 'caller_name'>,
): InterviewInput {
  return {
    minutes: job.interview_minutes,
    format: job.format,
    location: speakable(job.location),
    description: speakable(job.description),
    timezone: job.timezone,
    callerName: speakable(job.caller_name),
  };
}

/**
 * A job's text as the caller may say it, or null: empty text, and a link or an e-mail address (a video link read
 * out letter by letter helps nobody, and nothing sends it yet), are not said.
 */
function speakable(text: string | null): string | null {
  const t = text?.trim() ?? '';
  if (t === '' || /:\/\/|^www\.|@/i.test(t)) return null;
  return t;
}

/** The open slots of the call's job (null: the default job's) as the core sees them, read in the turn's transaction. */
export async function openSlotsIn(trx: Transaction<Database>, jobId: number | null, nowIso: string): Promise<Slot[]> {
  const job = jobId ?? (await findDefaultJob(trx))?.id;
  if (job === undefined) return [];
  return (await listOpenSlots(trx, job, nowIso)).map((r) => ({ id: r.id, start: r.start_time }));
}

/** The session's new state, and its end (status, outcome, the booked slot) when the result ends the call. */
export function sessionPatch(result: TransitionResult, nowIso: string): SessionUpdate {
  const patch: SessionUpdate = { state: JSON.stringify(result.state), updated_at: nowIso };
  for (const action of result.actions) {
    if (action.type === 'end') {
      patch.status = action.status;
      patch.outcome = action.outcome;
      patch.end_time = nowIso;
      if (action.slot !== undefined) {
        patch.slot_id = action.slot.id;
        patch.confirmed_slot = spokenSlot(action.slot.start, result.state.candidate.timezone);
        patch.confirmed_slot_start = action.slot.start;
      }
    }
  }
  return patch;
}

/**
 * What a turn's event runs with. `publicUrl` (the base of the reschedule link, deps.webhookBase.url) and `mailFrom`
 * (the invite's organizer, deps.messaging.mailFrom) go into a booking's confirmation.
 */
export interface RunEventContext {
  session: Session;
  doNotCallSecret: string;
  nowIso: string;
  publicUrl?: string;
  mailFrom?: string;
}

function bookingMessageContext(context: RunEventContext): BookingMessageContext {
  return {
    nowIso: context.nowIso,
    doNotCallSecret: context.doNotCallSecret,
    publicUrl: context.publicUrl ?? '',
    mailFrom: context.mailFrom ?? DEFAULT_MAIL_FROM,
  };
}

/** The candidate's channels a confirmation was queued on, as the machine takes them. */
function sentChannels(channels: CandidateChannels | undefined): ConfirmationChannel[] {
  if (channels === undefined) return [];
  return [...(channels.email ? (['email'] as const) : []), ...(channels.sms ? (['sms'] as const) : [])];
}

/** The id of the booking a call just made. */
/**
 * Runs one event through the machine and performs what it asks inside the turn's transaction: the booking (atomic
 * in the database; a lost race is fed back to the machine as `slot_taken`, a won one as `booked`) and the
 * do-not-call entry. Questions are stored with the turn (see `questionsOf`).
 */
export async function runEvent(
  trx: Transaction<Database>,
  context: RunEventContext,
  state: ConversationState,
  event: ConversationEvent,
): Promise<TransitionResult> {
  const { session, nowIso } = context;
  let result = transition(state, event);
  const book = result.actions.find((a): a is Extract<Action, { type: 'book' }> => a.type === 'book');
  if (book !== undefined) {
    const booking = {
      slotId: book.slot.id,
      callSid: session.call_sid,
      phone: session.candidate_phone,
      candidateId: session.candidate_id,
      nowIso,
    };
    // The confirmation, reminders, link and event of a new booking are queued in this transaction (sent later),
    // before its seat is taken (see bookSlot); a move queued its update itself. The caller promises the details only
    // on the channels they were queued on.
    let queued: CandidateChannels | undefined;
    const outcome = await bookOrMove(trx, session, booking, bookingMessageContext(context), async (bookingId) => {
      queued = (await afterBooking(trx, bookingMessageContext(context), bookingId)).channels;
    });
    const channels = outcome.result === 'booked' ? queued : outcome.result === 'moved' ? outcome.channels : undefined;
    const answer =
      outcome.result === 'full'
        ? transition(result.state, { type: 'slot_taken', slot: book.slot, open: await openSlotsIn(trx, session.job_id, nowIso) })
        : transition(result.state, { type: 'booked', slot: book.slot, sent: sentChannels(channels), moved: outcome.result === 'moved' });
    // The booking's answer replaces the result; a question asked in the same reply is still passed on.
    result = { state: answer.state, actions: [...result.actions.filter((a) => a.type === 'record_question'), ...answer.actions] };
  }
  if (result.actions.some((a) => a.type === 'opt_out')) {
    const added = await addDoNotCall(trx, context.doNotCallSecret, session.candidate_phone, 'opted out during a call');
    if (added) {
      const who = { phone: session.candidate_phone, candidateId: session.candidate_id, jobId: session.job_id, callId: session.call_sid };
      await optedOutEvent(trx, { ...who, channel: 'call' }, nowIso);
    }
  }
  const ended = result.actions.find((a): a is Extract<Action, { type: 'end' }> => a.type === 'end');
  if (ended !== undefined) {
    const callback = result.actions.find((a): a is Extract<Action, { type: 'schedule_callback' }> => a.type === 'schedule_callback');
    await recordCandidateEnd(trx, session, ended.outcome, !answeredByMachine(session.answered_by), nowIso, {
      callbackAt: callback?.at ?? null,
    });
  }
  return result;
}

/** What booking on a call did: a new booking, the candidate's booking moved (or already there), or no seat. */
type BookOrMove =
  | { result: 'booked' | 'full' | 'already_booked' }
  /** The candidate's booking in the job moved here, as its page moves it; `channels`: where the update was queued. */
  | { result: 'moved'; channels: CandidateChannels }
  /** The candidate already holds this very slot: nothing changes, nothing is sent. */
  | { result: 'kept' };

/**
 * Books the seat; for a call placed for a candidate who already holds a booking in the job (a later call: "I need to
 * move my interview"), that booking is moved instead, the one way a booking moves (`moveLockedBooking`, as its page
 * does): the same booking and invite UID, SEQUENCE raised, the update queued for the candidate and the interviewer,
 * the reminders moved, `booking.rescheduled`. The booking then belongs to this call (it holds the interview from now;
 * the earlier call keeps what was said on it). The candidate's row is locked first, so two of their calls booking
 * at once take turns; a full seat leaves the booking as it was. A new booking's follow-ups are written by
 * `afterNewBooking`, before its seat is taken.
 */
async function bookOrMove(
  trx: Transaction<Database>,
  session: Session,
  booking: BookSlotInput,
  messages: BookingMessageContext,
  afterNewBooking: (bookingId: number) => Promise<void>,
): Promise<BookOrMove> {
  const candidateId = session.candidate_id;
  if (candidateId === null || session.job_id === null) return { result: await bookSlot(trx, booking, afterNewBooking) };
  await lockCandidate(trx, candidateId);
  const [held, ...extra] = await candidateBookingsInJob(trx, candidateId, session.job_id, session.call_sid);
  const locked = held === undefined ? undefined : await lockBooking(trx, held.id);
  if (held === undefined || locked === undefined) return { result: await bookSlot(trx, booking, afterNewBooking) };
  if (locked.slot_id === booking.slotId) return { result: 'kept' };
  // Held by this call from now (the move tells this call's session; the earlier call no longer points at a slot),
  // unless the seat cannot be taken: then nothing of it stays.
  await sql`savepoint later_call_move`.execute(trx);
  await trx.updateTable('bookings').set({ call_sid: session.call_sid }).where('id', '=', locked.id).execute();
  await trx.updateTable('conversation_sessions').set({ slot_id: null }).where('call_sid', '=', locked.call_sid).execute();
  const moved = await moveLockedBooking(trx, messages, { ...locked, call_sid: session.call_sid }, booking.slotId);
  if (moved.result !== 'moved') await sql`rollback to savepoint later_call_move`.execute(trx);
  await sql`release savepoint later_call_move`.execute(trx);
  if (moved.result !== 'moved') return { result: 'full' };
  // More than one booking in the job (made before bookings moved): the others are withdrawn (METHOD:CANCEL).
  for (const old of extra) {
    const facts = await loadInterview(trx, old.id);
    if (facts !== undefined) await queueBookingMessages(trx, messages, facts, { purpose: 'cancellation' });
    await cancelReminders(trx, old.id, messages.nowIso);
  }
  await cancelBookings(trx, extra);
  return { result: 'moved', channels: moved.channels };
}

/** The questions a result passes on to the recruiter, as rows of the turn. */
export function questionsOf(actions: readonly Action[], nowIso: string): TurnRecord['questions'] {
  return actions.flatMap((a) => (a.type === 'record_question' ? [{ text: a.text, topic: a.topic, created_at: nowIso }] : []));
}

/** What the caller says in this result, as one line for the transcript. */
export function spokenText(actions: readonly Action[]): string {
  return actions
    .filter((a): a is Extract<Action, { type: 'say' }> => a.type === 'say')
    .map((a) => a.text)
    .join(' ');
}
