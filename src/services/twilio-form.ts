import { isPlainText } from '../core/text.js';
import type { WebhookKey } from '../db/sessions.repo.js';

/** A Twilio webhook's form fields, as signed: strings only. */
export type TwilioForm = Record<string, string>;

/** The form's CallSid, or '' (an unknown call) when absent or impossible: a NUL, which PostgreSQL text cannot hold. */
export function callSidOf(form: TwilioForm): string {
  const sid = form.CallSid ?? '';
  return sid.includes('\u0000') ? '' : sid;
}

/** The form's AnsweredBy when there is one to store: Twilio's is a plain word; anything else (a NUL) is left out. */
export function answeredByOf(form: TwilioForm): string | undefined {
  const by = form.AnsweredBy;
  return by !== undefined && by !== '' && isPlainText(by) ? by : undefined;
}

/** The conversation a webhook is about: `?conversation=` when the URL carries it, else the form's CallSid; undefined when neither. */
export function webhookKeyOf(conversation: string | undefined, form: TwilioForm): WebhookKey | undefined {
  if (conversation !== undefined && conversation !== '' && !conversation.includes('\u0000')) return { conversation };
  const callSid = callSidOf(form);
  return callSid === '' ? undefined : { twilioCallSid: callSid };
}

/**
 * True when the form's CallSid is this session's call: a session whose CallSid is not known yet takes any (it is
 * recorded), one that knows it takes only that one (a CallSid-less form is taken as Twilio's own).
 */
export function isSameCall(session: { twilio_call_sid: string | null }, form: TwilioForm): boolean {
  const callSid = callSidOf(form);
  return callSid === '' || session.twilio_call_sid === null || session.twilio_call_sid === callSid;
}

/** The session columns a webhook fills in: Twilio's CallSid, the first time a webhook brings it. */
export function callSidPatch(session: { twilio_call_sid: string | null }, form: TwilioForm): { twilio_call_sid?: string } {
  const callSid = callSidOf(form);
  return session.twilio_call_sid === null && callSid !== '' ? { twilio_call_sid: callSid } : {};
}
