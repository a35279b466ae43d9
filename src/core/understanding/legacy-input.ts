/**
 * Batch rows in the old format `{utterance, offered, now, timezone, context}` (context = the caller's last sentence)
 * turned into the state the engines take. This is the only place that reads a prompt's words, and only for rows
 * written before the state existed (fixtures, held-out sets, CLI input); the turn path hands over the machine's own
 * state and never comes here. Rows that carry the new fields (`expecting`, `pending`, `candidateName`, `history`)
 * keep them: the legacy guess only fills what a row leaves out.
 */
import type { Expecting, HistoryLine, OfferedSlot, UnderstandInput } from './types.js';

export interface LegacyRow {
  utterance: string;
  offered?: OfferedSlot[];
  now: string;
  timezone: string;
  /** The caller's last sentence (old format). */
  context?: string;
  expecting?: Expecting;
  pending?: OfferedSlot | null;
  candidateName?: string | null;
  /** The same, as written in JSON lines by other tools. */
  candidate_name?: string | null;
  history?: HistoryLine[];
}

/** "Just to confirm: ...", "Shall I book it?", "Is that right?": the caller read one slot back. */
const READS_BACK = /\b(?:just to confirm|to confirm|is that right|is that correct|shall i book|should i book|does that sound right)\b/i;

/** "Is there anything else I can help you with?", "Any other questions?": the caller is closing the call. */
const ASKS_ANYTHING_ELSE = new RegExp(
  '\\b(?:anything else|something else i can|help you with (?:anything|something)|can i help|need anything else|' +
    'other questions|any questions|help with anything)\\b',
  'i',
);

/**
 * A statement that still puts a time, a day or an opening forward ("you are free from 8 am to 10 am"); a phone number,
 * an address or a rating is not a time.
 */
const OFFERS_SOMETHING = new RegExp(
  [
    "\\b\\d{1,2}(?::\\d\\d)?\\s*(?:am|pm|a\\.m\\.|p\\.m\\.|o'clock)",
    '\\b\\d{1,2}:\\d\\d\\b',
    '\\b\\d{1,2}(?:st|nd|rd|th)\\b',
    '\\b(?:january|february|march|april|may|june|july|august|september|october|november|december)\\b',
    '\\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow)\\b',
    '\\b(?:am|pm|noon|midnight|free|available|availability|slots?|openings?|open|instead|to be clear|will be|will visit|let me know)\\b',
  ].join('|'),
  'i',
);

/** "Would you like it added to your calendar." (no question mark): still asks something. */
const ASKS_WITHOUT_MARK = new RegExp(
  "\\b(?:would you|do you|should i|shall i|can i|could i|want me to|you want|you'd like|you would like|i can|" +
    'confirm|ensure|verify|check)\\b',
  'i',
);

/** "Hello Dana, ...", "Am I speaking with Dana?", "Thank you, Dana": the name the caller used for the candidate. */
const GREETING = /\b(?:[Hh]ello|[Hh]i|[Hh]ey|[Ss]peaking (?:with|to)|[Ii]s this|[Tt]hank you|[Tt]hanks),? ([A-Z][a-z]+)\b/;
const NOT_A_NAME = new Set(['there', 'this', 'again', 'everyone', 'folks', 'for', 'so', 'very']);

/** The state a legacy row stands for; fields the row already carries win over the guess. */
export function fromLegacyRow(row: LegacyRow): UnderstandInput {
  const offered = row.offered ?? [];
  const context = row.context?.trim() ?? '';
  const readBack = offered.length === 1 && READS_BACK.test(context);
  const expecting: Expecting = row.expecting ?? (readBack ? 'confirm' : closes(context) ? 'closing' : 'choice');
  const pending = row.pending !== undefined ? row.pending : expecting === 'confirm' ? (offered[0] ?? null) : null;
  const greeted = GREETING.exec(context)?.[1];
  const guessedName = greeted !== undefined && !NOT_A_NAME.has(greeted.toLowerCase()) ? greeted : null;
  const candidateName = row.candidateName ?? row.candidate_name ?? guessedName;
  const history: HistoryLine[] = row.history ?? (context === '' ? [] : [{ speaker: 'caller', text: context }]);
  return {
    utterance: row.utterance,
    expecting,
    offered,
    pending,
    candidateName,
    history,
    now: row.now,
    timezone: row.timezone,
  };
}

/** The caller asked whether anything else is needed, or made a statement that asks nothing and offers no slot. */
function closes(context: string): boolean {
  if (ASKS_ANYTHING_ELSE.test(context)) return true;
  if (context === '' || context.includes('?') || ASKS_WITHOUT_MARK.test(context)) return false;
  return !OFFERS_SOMETHING.test(context);
}
