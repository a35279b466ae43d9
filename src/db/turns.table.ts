import type { Generated, Insertable, Selectable } from 'kysely';

/** `conversation_turns` (table name kept from the Python prototype). One row per answered webhook. */
export interface ConversationTurnsTable {
  id: Generated<number>;
  call_sid: string;
  turn_number: number;
  /** Twilio's SpeechResult. */
  user_input: string | null;
  digits: string | null;
  /** What the caller said back. */
  bot_response: string;
  intent: string | null;
  confidence: number | null;
  engine: string | null;
  latency_ms: number | null;
  /** The exact TwiML answered, replayed verbatim when Twilio retries the same turn. */
  response_twiml: string;
  /** UTC ISO-8601 with milliseconds. */
  timestamp: string;
  /** When the candidate asked to be called back (UTC ISO), read from this reply; null otherwise. */
  callback_at: string | null;
}

export type Turn = Selectable<ConversationTurnsTable>;
export type NewTurn = Insertable<ConversationTurnsTable>;
