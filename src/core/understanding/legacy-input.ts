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

/** "Hello Dana, ...", "Am I speaking with Dana?", "Thank you, Dana": the name the caller used for the candidate. */
const GREETING = /\b(?:[Hh]ello|[Hh]i|[Hh]ey|[Ss]peaking (?:with|to)|[Ii]s this|[Tt]hank you|[Tt]hanks),? ([A-Z][a-z]+)\b/;
const NOT_A_NAME = new Set(['there', 'this', 'again', 'everyone', 'folks', 'for', 'so', 'very']);

/** The state a legacy row stands for; fields the row already carries win over the guess. */
export function fromLegacyRow(row: LegacyRow): UnderstandInput {
  const offered = row.offered ?? [];
  const context = row.context?.trim() ?? '';
  const readBack = offered.length === 1 && READS_BACK.test(context);
  const expecting: Expecting = row.expecting ?? (readBack ? 'confirm' : 'choice');
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
