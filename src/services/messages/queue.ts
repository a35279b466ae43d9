import type { Transaction } from 'kysely';
import { isDoNotCall } from '../../db/do-not-call.repo.js';
import type { MessageChannel, MessagePurpose, NewMessageRow } from '../../db/messages.table.js';
import type { Database } from '../../db/schema.js';
import { toUtcIso } from '../../db/util.js';
import type { InterviewFacts } from './compose.js';
import { candidateEmail, candidateSms, interviewerEmail } from './compose.js';
import { textable } from './facts.js';
import { bookingInvite } from './ics.js';
import { DEFAULT_MAIL_FROM } from './transports.js';

/** What queueing a booking's messages needs besides the transaction. */
export interface BookingMessageContext {
  /** Now (ISO): the messages are due from then; the invite's DTSTAMP. */
  nowIso: string;
  /** The do-not-call list's key: a number on the list (STOP) gets no text. */
  doNotCallSecret: string;
  /** The service's public base URL (WEBHOOK_BASE_URL): a link token becomes `${publicUrl}/b/${token}`. */
  publicUrl: string;
  /** MAIL_FROM: the invite's ORGANIZER (the mails are sent from it). */
  mailFrom: string;
}

/**
 * The context from the service's dependencies: the public URL Twilio and candidates reach (`webhookBase`), MAIL_FROM
 * from `messaging` (the default sender until Deps carries it).
 */
export function messageContext(
  deps: { doNotCallSecret: string; webhookBase: { url: string }; messaging?: { mailFrom: string } },
  nowIso: string,
): BookingMessageContext {
  return {
    nowIso,
    doNotCallSecret: deps.doNotCallSecret,
    publicUrl: deps.webhookBase.url,
    mailFrom: deps.messaging?.mailFrom ?? DEFAULT_MAIL_FROM,
  };
}

/** Which of the candidate's channels a booking's message was queued on: what the caller may say was sent. */
export interface CandidateChannels {
  email: boolean;
  sms: boolean;
}

export const NO_CHANNELS: CandidateChannels = { email: false, sms: false };

export interface QueueBookingInput {
  purpose: Exclude<MessagePurpose, 'reminder'>;
  /** The booking's link: the token `createBookingLink` returned (or a full URL); absent for a cancellation. */
  link?: string | undefined;
  /**
   * For an update: the slot the booking was moved from. When its interviewer is not the new slot's, the previous
   * interviewer gets a cancellation of the old time.
   */
  previousSlotId?: number | undefined;
}

/** The link as sent: a full URL as given, a token under `${publicUrl}/b/`. */
export function linkUrl(publicUrl: string, link: string | undefined): string | undefined {
  if (link === undefined || link === '') return undefined;
  if (/^https?:\/\//i.test(link)) return link;
  return `${publicUrl.replace(/\/$/, '')}/b/${encodeURIComponent(link)}`;
}

/**
 * Queues a booking's confirmation, update or cancellation (`facts`: the booking as `loadInterview` read it) in the
 * caller's transaction (nothing is sent here: the
 * scheduler's `sendDueMessages` does it): an email with the invite to the candidate when they have an address, an
 * SMS to their number unless it is on the do-not-call list, and an email with the invite to the slot's interviewer.
 * A cancellation must be queued before the booking is deleted. Each message is queued once (its dedupe key: booking,
 * purpose, channel, recipient, the booking's sequence). Returns the candidate's channels.
 */
export async function queueBookingMessages(
  trx: Transaction<Database>,
  ctx: BookingMessageContext,
  facts: InterviewFacts,
  input: QueueBookingInput,
): Promise<CandidateChannels> {
  const link = input.purpose === 'cancellation' ? undefined : linkUrl(ctx.publicUrl, input.link);
  const channels = await queueCandidate(trx, ctx, facts, input.purpose, link);
  if (facts.interviewer !== null) await queueInterviewer(trx, ctx, facts, input.purpose);
  if (input.purpose === 'update' && input.previousSlotId !== undefined) {
    const previous = await previousInterview(trx, facts, input.previousSlotId);
    if (previous !== undefined) await queueInterviewer(trx, ctx, previous, 'cancellation');
  }
  return channels;
}

/** The candidate's email (with the invite) and SMS for one purpose; reminders pass their offset and due time. */
export async function queueCandidate(
  trx: Transaction<Database>,
  ctx: BookingMessageContext,
  facts: InterviewFacts,
  purpose: MessagePurpose,
  link: string | undefined,
  reminder?: { minutes: number; dueAt: string },
): Promise<CandidateChannels> {
  const dueAt = reminder?.dueAt ?? ctx.nowIso;
  const kind = reminder === undefined ? purpose : `reminder-${reminder.minutes}`;
  const channels = { ...NO_CHANNELS };
  if (facts.candidate.email !== null) {
    const mail = candidateEmail(purpose, facts, { link, at: dueAt });
    // A reminder carries no invite: the calendar already has the event.
    const ics = reminder === undefined ? invite(ctx, facts, purpose, true, link) : null;
    await insertMessage(trx, {
      ...base(ctx, facts, purpose, 'email', dueAt),
      recipient: facts.candidate.email,
      subject: mail.subject,
      body: mail.text,
      ics,
      dedupe_key: dedupeKey(facts, kind, 'email', 'candidate'),
    });
    channels.email = true;
  }
  if (textable(facts.candidate.phone) && !(await isDoNotCall(trx, ctx.doNotCallSecret, facts.candidate.phone))) {
    await insertMessage(trx, {
      ...base(ctx, facts, purpose, 'sms', dueAt),
      recipient: facts.candidate.phone.trim(),
      subject: null,
      body: candidateSms(purpose, facts, { link, at: dueAt }),
      ics: null,
      dedupe_key: dedupeKey(facts, kind, 'sms', 'candidate'),
    });
    channels.sms = true;
  }
  return channels;
}

async function queueInterviewer(trx: Transaction<Database>, ctx: BookingMessageContext, facts: InterviewFacts, purpose: MessagePurpose) {
  if (facts.interviewer === null) return;
  const mail = interviewerEmail(purpose, facts);
  await insertMessage(trx, {
    ...base(ctx, facts, purpose, 'email', ctx.nowIso),
    recipient: facts.interviewer.email,
    subject: mail.subject,
    body: mail.text,
    ics: invite(ctx, facts, purpose, false, undefined),
    dedupe_key: dedupeKey(facts, purpose, 'email', `interviewer:${facts.interviewer.email}`),
  });
}

/** The booking as it was in its previous slot, when that slot's interviewer is another person. */
async function previousInterview(trx: Transaction<Database>, facts: InterviewFacts, slotId: number): Promise<InterviewFacts | undefined> {
  const slot = await trx
    .selectFrom('slots as s')
    .innerJoin('jobs as j', 'j.id', 's.job_id')
    .select(['s.start_time', 's.minutes', 's.interviewer_name', 's.interviewer_email', 'j.interview_minutes'])
    .where('s.id', '=', slotId)
    .executeTakeFirst();
  if (slot === undefined || slot.interviewer_email === null || slot.interviewer_email === facts.interviewer?.email) return undefined;
  return {
    ...facts,
    start: slot.start_time,
    minutes: slot.minutes ?? slot.interview_minutes,
    interviewer: { name: slot.interviewer_name, email: slot.interviewer_email },
  };
}

function invite(ctx: BookingMessageContext, facts: InterviewFacts, purpose: MessagePurpose, forCandidate: boolean, link?: string) {
  const cancel = purpose === 'cancellation';
  return bookingInvite(facts, {
    method: cancel ? 'CANCEL' : 'REQUEST',
    // A cancellation outranks the last request of the same UID.
    sequence: cancel ? facts.sequence + 1 : facts.sequence,
    organizer: ctx.mailFrom,
    forCandidate,
    link,
    stampIso: ctx.nowIso,
  });
}

function base(ctx: BookingMessageContext, facts: InterviewFacts, purpose: MessagePurpose, channel: MessageChannel, dueAt: string) {
  const now = toUtcIso(ctx.nowIso);
  return {
    job_id: facts.job.id,
    candidate_id: facts.candidate.id,
    booking_id: facts.bookingId,
    channel,
    purpose,
    state: 'queued' as const,
    due_at: toUtcIso(dueAt),
    created_at: now,
    updated_at: now,
  };
}

/**
 * `booking:<id>:<purpose>:<channel>:<recipient role>:<sequence>` (reminders: `reminder-<minutes>`): a message is
 * queued once; the sequence (last part) tells a moved booking's messages from the earlier ones.
 */
export function dedupeKey(facts: InterviewFacts, kind: string, channel: MessageChannel, who: string): string {
  return `booking:${facts.bookingId}:${kind}:${channel}:${who}:${facts.sequence}`;
}

/** The sequence a booking message was queued under (the dedupe key's last part), or undefined for other keys. */
export function sequenceOfKey(key: string): number | undefined {
  const match = /^booking:\d+:.*:(\d+)$/.exec(key);
  return match === null ? undefined : Number(match[1]);
}

/** Inserts a message unless one with its dedupe key exists. True when inserted. */
export async function insertMessage(trx: Transaction<Database>, row: NewMessageRow): Promise<boolean> {
  const result = await trx
    .insertInto('messages')
    .values(row)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}
