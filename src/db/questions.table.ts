import type { Generated, Insertable, Selectable } from 'kysely';

/** `questions`: what a candidate asked that the caller passed on to the recruiter (deleted with the session). */
export interface QuestionsTable {
  id: Generated<number>;
  /** The conversation's id (conversation_sessions.call_sid). */
  call_sid: string;
  turn_number: number;
  /** The candidate's words, as recognised. */
  text: string;
  /** What it is about (the understanding's topic), e.g. 'other'. */
  topic: string;
  /** UTC ISO-8601 with milliseconds. */
  created_at: string;
}

export type Question = Selectable<QuestionsTable>;
export type NewQuestion = Insertable<QuestionsTable>;
