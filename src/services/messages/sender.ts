import type { Logger } from 'pino';
import { isDoNotCall } from '../../db/do-not-call.repo.js';
import type { MessageRow } from '../../db/messages.table.js';
import type { DbHandle } from '../../db/create-db.js';
import { sequenceOfKey } from './queue.js';
import type { Messaging } from './transports.js';

/** What the sender needs: the database, the clock, the do-not-call key and the transports. */
export interface SenderDeps {
  database: DbHandle;
  now: () => Date;
  logger: Logger;
  doNotCallSecret: string;
  messaging: Messaging;
}

/** Minutes to wait after each failed try (the 1st, 2nd…); after the last, the message is failed. */
export const BACKOFF_MINUTES: readonly number[] = [1, 5, 30, 120, 360];

/** Tries in all: the first and one per backoff step. */
export const MAX_TRIES = BACKOFF_MINUTES.length + 1;

/** A message `sending` this long was claimed by a sender that died: it goes back to the queue. */
export const STALE_SENDING_MS = 5 * 60_000;

export interface SendReport {
  sent: number;
  retrying: number;
  failed: number;
  cancelled: number;
}

/**
 * Sends the messages that are due, up to `limit`: each one claimed first with a conditional update (queued →
 * sending), so several instances (or ticks) never send one twice; then marked sent, queued again with backoff
 * ({@link BACKOFF_MINUTES}), or failed after the last try or on a final refusal. A reminder whose booking was moved
 * or cancelled, and a text to a number that opted out, are cancelled instead of sent. Messages left `sending` by a
 * sender that died are queued again first. Called by the campaign engines' tick; never on a call's path.
 */
export async function sendDueMessages(deps: SenderDeps, options: { limit?: number } = {}): Promise<SendReport> {
  const db = deps.database.db;
  const nowIso = deps.now().toISOString();
  const report: SendReport = { sent: 0, retrying: 0, failed: 0, cancelled: 0 };
  await db
    .updateTable('messages')
    .set({ state: 'queued', updated_at: nowIso })
    .where('state', '=', 'sending')
    .where('updated_at', '<', new Date(Date.parse(nowIso) - STALE_SENDING_MS).toISOString())
    .execute();
  const due = await db
    .selectFrom('messages')
    .select('id')
    .where('state', '=', 'queued')
    .where('due_at', '<=', nowIso)
    .orderBy('due_at', 'asc')
    .orderBy('id', 'asc')
    .limit(options.limit ?? 20)
    .execute();
  for (const { id } of due) {
    const claimed = await db
      .updateTable('messages')
      .set((eb) => ({ state: 'sending', tries: eb('tries', '+', 1), updated_at: deps.now().toISOString() }))
      .where('id', '=', id)
      .where('state', '=', 'queued')
      .returningAll()
      .executeTakeFirst();
    if (claimed === undefined) continue; // another sender took it
    report[await sendOne(deps, claimed)]++;
  }
  return report;
}

type Outcome = keyof SendReport;

async function sendOne(deps: SenderDeps, message: MessageRow): Promise<Outcome> {
  const untrue = await whyNotSend(deps, message);
  if (untrue !== undefined) {
    await finish(deps, message, { state: 'cancelled', last_error: untrue });
    return 'cancelled';
  }
  try {
    const { messaging } = deps;
    const sent =
      message.channel === 'email'
        ? await messaging.mail.send({
            id: message.id,
            from: messaging.mailFrom,
            to: message.recipient,
            subject: message.subject ?? '',
            text: message.body,
            ics: message.ics,
          })
        : await messaging.sms.send({ id: message.id, to: message.recipient, body: message.body });
    await finish(deps, message, { state: 'sent', sent_at: deps.now().toISOString(), provider_id: sent.providerId, last_error: null });
    return 'sent';
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    const retryable = !(typeof err === 'object' && err !== null && 'retryable' in err && err.retryable === false);
    const wait = BACKOFF_MINUTES[message.tries - 1];
    if (!retryable || wait === undefined) {
      deps.logger.warn({ messageId: message.id, channel: message.channel, tries: message.tries, error }, 'message failed; not retried');
      await finish(deps, message, { state: 'failed', last_error: error });
      return 'failed';
    }
    const dueAt = new Date(deps.now().getTime() + wait * 60_000).toISOString();
    deps.logger.info(
      { messageId: message.id, channel: message.channel, tries: message.tries, error, dueAt },
      'message not sent; retrying later',
    );
    await finish(deps, message, { state: 'queued', due_at: dueAt, last_error: error });
    return 'retrying';
  }
}

/** Why the message is no longer true, or undefined: a reminder of a moved or cancelled booking; a text to a number that opted out. */
async function whyNotSend(deps: SenderDeps, message: MessageRow): Promise<string | undefined> {
  const db = deps.database.db;
  if (message.purpose === 'reminder') {
    const booking =
      message.booking_id === null
        ? undefined
        : await db.selectFrom('bookings').select('sequence').where('id', '=', message.booking_id).executeTakeFirst();
    if (booking === undefined) return 'the booking was cancelled';
    if (sequenceOfKey(message.dedupe_key) !== booking.sequence) return 'the booking was moved';
  }
  if (message.channel === 'sms' && (await isDoNotCall(db, deps.doNotCallSecret, message.recipient))) {
    return 'the number opted out (do-not-call list)';
  }
  return undefined;
}

type Finish =
  | { state: 'sent'; sent_at: string; provider_id: string; last_error: null }
  | { state: 'queued'; due_at: string; last_error: string }
  | { state: 'failed' | 'cancelled'; last_error: string };

/** Records how the try ended, only if this sender still holds the claim (not requeued as stale and taken by another). */
async function finish(deps: SenderDeps, message: MessageRow, patch: Finish): Promise<void> {
  await deps.database.db
    .updateTable('messages')
    .set({ ...patch, updated_at: deps.now().toISOString() })
    .where('id', '=', message.id)
    .where('state', '=', 'sending')
    .where('tries', '=', message.tries)
    .execute();
}
