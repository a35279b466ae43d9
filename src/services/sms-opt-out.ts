import { addDoNotCall } from '../db/do-not-call.repo.js';
import type { Deps } from '../deps.js';
import { optedOutEvent } from './webhooks/event-data.js';

/**
 * A text sent to our number: a STOP (or the like) puts the sender on the do-not-call list and reports
 * `candidate.opted_out`. Twilio itself stops our texts to a number that sent STOP (its Advanced Opt-Out); the list
 * stops our calls too, which is what the person asked.
 */

/**
 * The opt-out words: Twilio's (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT) and the ones the FCC's 2024 consent
 * rules add (REVOKE, OPT OUT, OPTOUT). The whole message must be the word (trimmed, any case, a trailing "." or "!"
 * allowed): "cancel" is a keyword, "can I cancel and rebook?" is a question for a person.
 */
const OPT_OUT_WORDS: ReadonlySet<string> = new Set([
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'REVOKE',
  'OPTOUT',
  'OPT OUT',
]);

/** True when the whole message is an opt-out word. */
export function isOptOut(body: string): boolean {
  const word = body
    .trim()
    .replace(/[.!]+$/, '')
    .replace(/\s+/g, ' ')
    .toUpperCase();
  return OPT_OUT_WORDS.has(word);
}

const E164 = /^\+[1-9]\d{6,14}$/;

export type InboundSmsResult = 'opted_out' | 'already_opted_out' | 'ignored';

/**
 * Handles an inbound text's sender and body. START / UNSTOP (and every other text) change nothing here: Twilio
 * re-opens texting to the number by itself, but a STOP also stopped our calls, and a call list entry is removed only
 * deliberately by an operator (DELETE /do-not-call/{phone}); a text can be sent by whoever holds the phone for a
 * moment, and one word must not re-open calls someone asked to end.
 *
 * The event is emitted when the number was newly put on the list (one per candidate row with this number, or one
 * without a candidate), in the same transaction: a repeated STOP reports nothing new.
 */
export async function handleInboundSms(
  deps: Pick<Deps, 'database' | 'now' | 'doNotCallSecret'>,
  from: string,
  body: string,
): Promise<InboundSmsResult> {
  const phone = from.trim();
  if (!E164.test(phone) || !isOptOut(body)) return 'ignored';
  const nowIso = deps.now().toISOString();
  return deps.database.db.transaction().execute(async (trx) => {
    const added = await addDoNotCall(trx, deps.doNotCallSecret, phone, 'replied STOP to a text');
    if (!added) return 'already_opted_out';
    const candidates = await trx.selectFrom('candidates').select(['id', 'job_id']).where('phone', '=', phone).orderBy('id').execute();
    if (candidates.length === 0) await optedOutEvent(trx, { phone, channel: 'sms' }, nowIso);
    for (const c of candidates) await optedOutEvent(trx, { phone, candidateId: c.id, jobId: c.job_id, channel: 'sms' }, nowIso);
    return 'opted_out';
  });
}
