import { isPlainText } from '../core/text.js';

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
