/**
 * The Understanding contract: what a candidate's reply means, given what the conversation knows.
 * The machine hands over its own state as data (what it asked, what is on the table, who it called); no engine
 * reads the caller's previous sentence back to guess it. Pure types; engines live beside this file (local) and in
 * adapters/openai (remote).
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

/** What a question is about, so the caller can answer it from what it knows (or pass it on). */
export const QUESTION_TOPICS = ['automated', 'timezone', 'duration', 'format', 'location', 'pay', 'role', 'caller', 'other'] as const;
export type QuestionTopic = (typeof QUESTION_TOPICS)[number];

/**
 * What the caller's last prompt asked for:
 * - `choice`: it offered slots and asked which one works;
 * - `confirm`: it read one slot back (`pending`) and asked "is that right?";
 * - `closing`: it asked nothing more (a statement such as "Your interview is booked.") or asked whether anything else
 *   is needed ("Is there anything else I can help you with?"), so thanks, bye and "no, that's all" close the call.
 *   The machine does not send it yet; batch rows in the old format map to it (legacy-input.ts).
 */
export type Expecting = 'choice' | 'confirm' | 'closing';

/** One slot on the table: `id` stable across turns, `label` as spoken, `start` ISO 8601 with offset. */
export interface OfferedSlot {
  id?: number;
  label: string;
  start?: string;
}

/** One line of the conversation so far, as data. */
export interface HistoryLine {
  speaker: 'caller' | 'candidate';
  text: string;
}

export interface UnderstandInput {
  /** The recogniser's transcript, as Twilio sends it in SpeechResult (any case, maybe punctuated). */
  utterance: string;
  /** What the last prompt asked for; `choice` when absent. */
  expecting?: Expecting;
  /**
   * The slots on the table, in the order they were offered. During a read-back these are still the slots offered
   * before it (the pending one among them when it was offered), so "no, the eleven instead" can name another.
   */
  offered: OfferedSlot[];
  /** The slot read back, while `expecting` is `confirm`; otherwise absent or null. */
  pending?: OfferedSlot | null;
  /** The candidate's name as the caller asked for them (for "there's no Alex here"), when known. */
  candidateName?: string | null;
  /** The last few lines of the conversation, oldest first (at most a handful). */
  history?: HistoryLine[];
  /** ISO 8601 instant with offset; relative dates ("tomorrow") resolve forward from it. */
  now: string;
  /** IANA zone name the candidate speaks in. */
  timezone: string;
}

export type Engine = 'local' | 'openai';

export interface Understanding {
  intent: Intent;
  /**
   * Index into `offered` of the slot the reply chooses; accept only, otherwise null. During a read-back, a plain
   * "yes" leaves it null (or names the pending slot); an index of another slot means "yes, but that one instead".
   */
  slot: number | null;
  /** "HH:MM", 24 h, when the reply names a clock time. */
  time: string | null;
  /** "YYYY-MM-DD", resolved forward from `now` in `timezone`, when the reply names a date or weekday. */
  date: string | null;
  /** For `question`: what it is about; otherwise null. Optional so older engines stay valid ('other' assumed). */
  topic?: QuestionTopic | null;
  /**
   * For `decline`: true when the reply turns the interview itself down ("i'm going to pass on this whole thing"), not
   * only the slot read back or the slots offered ("no", "none of those"). Optional; absent means not known.
   */
  declinesInterview?: boolean;
  /**
   * For `callback_later`: when the candidate asks to be called back, ISO 8601 with the candidate's offset, after `now`
   * ("tomorrow after three" -> tomorrow 15:00, "in an hour" -> now + 60 min, "next monday morning" -> that Monday
   * 09:00); null when no time is said. Absent for other intents and from engines that do not read it.
   */
  callbackAt?: string | null;
  /** In [0, 1]. */
  confidence: number;
  engine: Engine;
}

/** An understanding engine. The local one answers synchronously; remote ones are wrapped with a fallback. */
export interface Understander {
  readonly name: Engine;
  understand(input: UnderstandInput, signal?: AbortSignal): Promise<Understanding>;
}
