// The TwiML builder alone (not the package root, which also loads the REST client and JWT helpers).
import VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js';
import type { Action } from '../../core/conversation/types.js';

export interface GatherOptions {
  /** Absolute URL Twilio posts the reply to; carries the turn number. */
  action: string;
  /** Seconds of silence before the Gather gives up (SPEECH_TIMEOUT). */
  timeout: number;
  /** Words the recogniser should expect: weekdays, times. */
  hints?: string;
}

/**
 * Renders the machine's actions as TwiML with the twilio package's builder (never by hand).
 * Sentences before a gather are spoken inside it, so the candidate can answer while it talks (barge-in).
 */
export function renderTwiml(actions: readonly Action[], gather: GatherOptions): string {
  const lines = actions.filter((a): a is Extract<Action, { type: 'say' }> => a.type === 'say').map((a) => a.text);
  const gatherAction = actions.find((a): a is Extract<Action, { type: 'gather' }> => a.type === 'gather');
  const response = new VoiceResponse();
  if (gatherAction !== undefined) {
    const g = response.gather({
      input: gatherAction.dtmf ? ['speech', 'dtmf'] : ['speech'],
      action: gather.action,
      method: 'POST',
      timeout: gather.timeout,
      speechTimeout: 'auto',
      actionOnEmptyResult: true,
      language: 'en-US',
      ...(gatherAction.dtmf ? { numDigits: 1 } : {}),
      ...(gather.hints === undefined ? {} : { hints: gather.hints }),
    });
    for (const line of lines) g.say(line);
    // Reached only if Twilio does not post the empty result itself: the same turn, as a silence.
    response.redirect({ method: 'POST' }, gather.action);
  } else {
    for (const line of lines) response.say(line);
    response.hangup();
  }
  return response.toString();
}

/** Spoken apology and hang-up: the answer to anything that goes wrong in a Twilio webhook. */
export function apologyTwiml(text: string): string {
  const response = new VoiceResponse();
  response.say(text);
  response.hangup();
  return response.toString();
}

/** A bare hang-up: the answer to a webhook for a call that has already ended. */
export function hangupTwiml(): string {
  const response = new VoiceResponse();
  response.hangup();
  return response.toString();
}

/** Asks Twilio to post `url` again straight away (used to retry a webhook whose write failed). */
export function redirectTwiml(url: string): string {
  const response = new VoiceResponse();
  response.redirect({ method: 'POST' }, url);
  return response.toString();
}

/** The message left on an answering machine (after its beep), then a hang-up: sent to the live call by updateCall. */
export function voicemailTwiml(message: string): string {
  const response = new VoiceResponse();
  response.say(message);
  response.hangup();
  return response.toString();
}

/** An empty document: the answer to a callback that only informs (answering-machine detection). */
export function emptyTwiml(): string {
  return new VoiceResponse().toString();
}
