import { readTwiml } from '../../adapters/simulator/twiml-reader.js';
import type { Verb } from '../../adapters/simulator/twiml-reader.js';

/**
 * Twilio's side of a try-a-call, one step at a time: the browser is the phone. A step posts one signed webhook of
 * this service (the greeting, a reply) and follows the TwiML it answers as Twilio would — sentences said,
 * redirects followed — up to the next <Gather> (the candidate's turn) or the end of the call.
 */

/** Posts a form, signed as Twilio signs it, to one of this service's webhook URLs: the body answered, or undefined. */
export type WebhookPoster = (url: string, form: Record<string, string>) => Promise<string | undefined>;

/** What the caller said until it waits for the candidate (`gather`) or hung up (`gather` null). */
export interface LineStep {
  say: string[];
  gather: { action: string; input: string[]; actionOnEmptyResult: boolean } | null;
  /** Why the call broke off (a webhook unreachable, or not TwiML): what Twilio calls an application error. */
  applicationError?: string;
}

/** Redirects followed in one step at most, so a TwiML loop cannot spin. */
const MAX_DOCUMENTS = 10;

/** Posts `url` with `fields` (and the call's own fields) and follows the answer to the candidate's next turn. */
export async function stepLine(
  post: WebhookPoster,
  call: Record<string, string>,
  url: string,
  fields: Record<string, string>,
): Promise<LineStep> {
  const say: string[] = [];
  let next: { url: string; fields: Record<string, string> } = { url, fields };
  for (let documents = 0; documents < MAX_DOCUMENTS; documents++) {
    const body = await post(next.url, { ...call, ...next.fields });
    if (body === undefined) return { say, gather: null, applicationError: `webhook could not be reached or refused the request` };
    let verbs: Verb[];
    try {
      verbs = readTwiml(body);
    } catch {
      return { say, gather: null, applicationError: 'webhook answered something else than TwiML' };
    }
    const redirect = follow(verbs, say);
    if (redirect === undefined) return { say, gather: null };
    if ('action' in redirect) return { say, gather: redirect };
    next = { url: redirect.url, fields: { CallStatus: 'in-progress' } };
  }
  return { say, gather: null, applicationError: 'too many redirects' };
}

/** The sentences of a document (into `say`), then where it leaves the call: a gather, a redirect, or the end. */
function follow(verbs: Verb[], say: string[]): NonNullable<LineStep['gather']> | { url: string } | undefined {
  for (const verb of verbs) {
    if (verb.verb === 'Say') say.push(verb.text);
    if (verb.verb === 'Hangup') return undefined;
    if (verb.verb === 'Redirect') return { url: verb.url };
    if (verb.verb === 'Gather') {
      say.push(...verb.says);
      return { action: verb.action, input: verb.input, actionOnEmptyResult: verb.actionOnEmptyResult };
    }
  }
  return undefined;
}

/** The <Gather> of a stored answer (the candidate's turn the call waits on), or null when it ended there. */
export function gatherOf(twiml: string): LineStep['gather'] {
  try {
    const found = follow(readTwiml(twiml), []);
    return found !== undefined && 'action' in found ? found : null;
  } catch {
    return null;
  }
}

/**
 * The form fields of the candidate's answer, as Twilio posts them: words as speech, keys as digits, each only when
 * the gather listens for it; undefined for a silence (or an input it does not listen for).
 */
export function answerFields(
  input: string[],
  answer: { text?: string | undefined; digits?: string | undefined },
): Record<string, string> | undefined {
  const digits = answer.digits?.trim() ?? '';
  if (digits !== '' && input.includes('dtmf')) return { Digits: digits };
  const text = answer.text?.trim() ?? '';
  if (text !== '' && input.includes('speech')) return { SpeechResult: text, Confidence: '0.92' };
  return undefined;
}
