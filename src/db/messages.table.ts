import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type MessageChannel = 'email' | 'sms';
/** What a message is for: a new booking, a moved one, a cancelled one, or a reminder before the interview. */
export type MessagePurpose = 'confirmation' | 'update' | 'cancellation' | 'reminder';
/**
 * queued (waiting for due_at or a retry), sending (claimed by a sender; back to queued when it stays so for minutes),
 * sent, failed (gave up after the last try), cancelled (no longer true: a moved or cancelled booking's reminder).
 */
export type MessageState = 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled';

/** `messages`: every email and SMS the service sends, queued in the database and sent by the scheduler. UTC ISO text. */
export interface MessagesTable {
  id: Generated<number>;
  job_id: number | null;
  candidate_id: number | null;
  booking_id: number | null;
  channel: MessageChannel;
  purpose: MessagePurpose;
  /** An email address or an E.164 number. */
  recipient: string;
  subject: string | null;
  body: string;
  /** The calendar attachment (text/calendar), for emails that carry one. */
  ics: string | null;
  state: MessageState;
  /** Not sent before (reminders: the reminder time, moved out of the night; retries: the backoff). */
  due_at: string;
  tries: Generated<number>;
  last_error: string | null;
  /** The provider's id (the SMTP message id, Twilio's message SID, or the outbox file). */
  provider_id: string | null;
  sent_at: string | null;
  /** e.g. `booking:12:confirmation:email:0`: queued once. */
  dedupe_key: string;
  created_at: string;
  updated_at: string;
}

export type MessageRow = Selectable<MessagesTable>;
export type NewMessageRow = Insertable<MessagesTable>;
export type MessageUpdate = Omit<Updateable<MessagesTable>, 'id' | 'created_at'>;
