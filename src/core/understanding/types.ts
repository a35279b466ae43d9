/**
 * The Understanding contract: what a candidate's reply means, given what was offered.
 * Pure types; engines live beside this file (local) and in adapters/openai (remote).
 */

export const INTENTS = [
  'accept',
  'propose_time',
  'request_alternatives',
  'decline',
  'callback_later',
  'question',
  'opt_out',
  'wrong_person',
  'goodbye',
  'unclear',
] as const;

export type Intent = (typeof INTENTS)[number];

/** One slot as offered to the candidate: `label` as spoken, `start` as ISO 8601 with offset when known. */
export interface OfferedSlot {
  label: string;
  start?: string;
}

export interface UnderstandInput {
  /** The recogniser's transcript, as Twilio sends it in SpeechResult (any case, maybe punctuated). */
  utterance: string;
  /** What the last prompt offered, in the order it was offered. During a read-back this is the one slot read back. */
  offered: OfferedSlot[];
  /** ISO 8601 instant with offset; relative dates ("tomorrow") resolve forward from it. */
  now: string;
  /** IANA zone name the candidate speaks in. */
  timezone: string;
  /** What the caller last said, to help resolve "yes" and the like. */
  context?: string;
}

export type Engine = 'local' | 'openai';

export interface Understanding {
  intent: Intent;
  /** Index into `offered` of the slot the reply accepts; accept only, otherwise null. */
  slot: number | null;
  /** "HH:MM", 24 h, when the reply names a clock time. */
  time: string | null;
  /** "YYYY-MM-DD", resolved forward from `now` in `timezone`, when the reply names a date or weekday. */
  date: string | null;
  /** In [0, 1]. */
  confidence: number;
  engine: Engine;
}

/** An understanding engine. The local one answers synchronously; remote ones are wrapped with a fallback. */
export interface Understander {
  readonly name: Engine;
  understand(input: UnderstandInput, signal?: AbortSignal): Promise<Understanding>;
}
