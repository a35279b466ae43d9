/**
 * Checks made on every call, whatever its script: how the caller speaks a time, and what it promises.
 */

/**
 * Sentences that promise something after the call; any such match fails the call unless the call recorded what keeps
 * it (see `promisesIn`): a call back only when the turn scheduled it (`schedule_callback`, stored as the turn's
 * `callback_at`), the details by email or text only when the booking queued a confirmation on that channel.
 */
export const PROMISE_PATTERNS: readonly RegExp[] = [
  /\byou(['’]ll| will) (receive|get|be sent)\b/i,
  /\bwe(['’]ll| will) (send|email|e-mail|text|call you( back)?|ring you|follow up|be in touch|reach out|contact you|get back to you)\b/i,
  /\bI(['’]ll| will) (send|email|e-mail|text|call you( back)?|follow up|be in touch|reach out|get back to you)\b/i,
  /\b(someone|a recruiter|the recruiter|the team|our team) will (call|email|e-mail|text|contact|reach out|get back|follow up)/i,
  /\bconfirmation (by|via|over) (email|e-mail|text|sms)\b/i,
  /\b(an? )?(email|e-mail|text message) (is|will be) (on its way|sent)\b/i,
];

/** The caller's own call-back promise ("I'll call you back tomorrow at 3 PM"), kept when the turn scheduled it. */
const CALL_BACK_PROMISE = /\b(I|we)(['’]ll| will) (call|ring) you( back)?\b/gi;

/** The caller's confirmation promise ("I'll send the details to your email, with a calendar invite, and by text message."). */
const CONFIRMATION_PROMISE = /\bI(['’]ll| will) send (you )?the details\b[^.]*\./gi;

/** What the turn that says a line did, as far as promises go. */
export interface Backing {
  /** The turn scheduled a call back (its `callback_at` is set). */
  callBack: boolean;
  /** The channels the call's booking queued a confirmation on (none: no confirmation is kept). */
  confirmation?: { email: boolean; sms: boolean };
}

/**
 * The promise patterns a caller line matches (empty when it promises nothing it keeps). A call back is a kept
 * promise only in a turn that scheduled one; the details by email (and the invite) only when an email confirmation was
 * queued, by text only when a text was; anything else the line promises still counts.
 */
export function promisesIn(line: string, backing: Backing = { callBack: false }): string[] {
  let rest = backing.callBack ? line.replace(CALL_BACK_PROMISE, '') : line;
  const sent = backing.confirmation ?? { email: false, sms: false };
  rest = rest.replace(CONFIRMATION_PROMISE, (sentence) => {
    const email = /\b(e-?mail|calendar invite)\b/i.test(sentence);
    const sms = /\btext\b/i.test(sentence);
    return (email && !sent.email) || (sms && !sent.sms) || (!email && !sms) ? sentence : '';
  });
  return PROMISE_PATTERNS.filter((p) => p.test(rest)).map((p) => p.source);
}

/** Hours of the night no interview is held at; a spoken "2 AM" is a misread "two o'clock". */
const NIGHT_HOURS = new Set([12, 1, 2, 3, 4, 5]);

/**
 * What is wrong with the clock times in a caller line: a 24-hour or bare "HH:MM" time ("17:00"), an hour past 12
 * with AM/PM, minutes that are not a multiple of 5 ("9:31"), a night hour ("2 AM"), "at 14" with no AM/PM.
 * A well-spoken time sounds like "2 PM" or "9:30 AM".
 */
export function clockTimeProblems(line: string): string[] {
  const problems: string[] = [];
  for (const m of line.matchAll(/\b(\d{1,2}):(\d{2})\b(?!\s*(?:a\.?m\.?|p\.?m\.?)(?![a-z]))/gi)) {
    problems.push(`"${m[0]}" has no AM/PM (a 24-hour or bare clock time)`);
  }
  for (const m of line.matchAll(/\b(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)(?![a-z])/gi)) {
    const hour = Number(m[1]);
    const minute = m[2] === undefined ? 0 : Number(m[2]);
    const am = (m[3] ?? '').toLowerCase().startsWith('a');
    if (hour < 1 || hour > 12) problems.push(`"${m[0]}" is not a 12-hour time`);
    else if (minute % 5 !== 0) problems.push(`"${m[0]}" is an odd time (minutes not a multiple of 5)`);
    else if (am && NIGHT_HOURS.has(hour)) problems.push(`"${m[0]}" is a night hour no interview is held at`);
  }
  for (const m of line.matchAll(/\bat (\d{1,2})\b(?!\s*(?::|a\.?m\.?|p\.?m\.?|o['’]?clock|minutes?\b|-?min))/gi)) {
    problems.push(`"${m[0]}" names an hour with no AM/PM`);
  }
  return problems;
}
