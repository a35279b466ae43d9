import { Type } from 'typebox';
import type { Static } from 'typebox';

/** Route schemas: they validate requests and feed the OpenAPI document at /docs/json. */

/** The body of a 204: nothing. */
export const NoContent = Type.Null();

export const ErrorBody = Type.Object(
  { error: Type.Object({ code: Type.String(), message: Type.String() }, { additionalProperties: true }) },
  { $id: 'ErrorBody' },
);

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([Type.Null(), t]);

export const CandidateInput = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    phone: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'E.164, e.g. +14155550123' })),
    email: Type.Optional(Type.String({ maxLength: 320, format: 'email' })),
    position: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    company: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'IANA zone, e.g. America/Chicago' })),
  },
  { additionalProperties: false },
);

export const SimulateInput = Type.Object(
  {
    replies: Type.Optional(
      Type.Array(
        Type.Union([
          Type.Null(),
          Type.String({ maxLength: 1000 }),
          Type.Object({ digits: Type.String({ pattern: '^[0-9*#]{1,10}$' }) }, { additionalProperties: false }),
        ]),
        { maxItems: 50 },
      ),
    ),
    result: Type.Optional(
      Type.Union(
        (['answered', 'busy', 'no-answer', 'failed', 'voicemail', 'fax', 'machine_start'] as const).map((r) => Type.Literal(r)),
        { description: 'answered: a person; voicemail: a machine with a beep; fax or machine_start: a machine with no end' },
      ),
    ),
    answeredBy: Type.Optional(Type.Union([Type.Literal('human'), Type.Literal('machine_start'), Type.Literal('unknown')])),
  },
  { additionalProperties: false, description: 'Simulator only: what the simulated candidate says (null is silence).' },
);

export const MakeCallBody = Type.Object(
  {
    candidate: Type.Optional(CandidateInput),
    simulate: Type.Optional(SimulateInput),
    job_id: Type.Optional(
      Type.Integer({ minimum: 1, description: 'The job called for (its slots, details and caller); the default job when absent' }),
    ),
  },
  { additionalProperties: false },
);
export type MakeCallBody = Static<typeof MakeCallBody>;

export const MakeCallReply = Type.Object({
  /** Twilio's CallSid (the simulator's equals the conversation's id). */
  call_sid: Type.String(),
  /** The conversation's own id, which exists before the call is dialled; GET /conversations/{id} takes either. */
  conversation_id: Type.String(),
  status: Type.String(),
  telephony: Type.String(),
  conversation_url: Type.String(),
});

export const Turn = Type.Object({
  turn_number: Type.Integer(),
  user_input: Nullable(Type.String()),
  digits: Nullable(Type.String()),
  bot_response: Type.String(),
  intent: Nullable(Type.String()),
  confidence: Nullable(Type.Number()),
  engine: Nullable(Type.String()),
  latency_ms: Nullable(Type.Number()),
  timestamp: Type.String(),
  callback_at: Nullable(Type.String({ description: 'When this turn promised to call back (UTC ISO); null otherwise' })),
});

export const SessionSummary = Type.Object({
  call_sid: Type.String({ description: "The conversation's own id (for the simulator, its CallSid)" }),
  twilio_call_sid: Nullable(Type.String({ description: "Twilio's CallSid, once known" })),
  candidate_name: Type.String(),
  candidate_phone: Type.String(),
  candidate_email: Nullable(Type.String()),
  candidate_position: Type.String(),
  candidate_company: Type.String(),
  candidate_timezone: Type.String(),
  status: Type.String(),
  outcome: Nullable(Type.String()),
  start_time: Type.String(),
  end_time: Nullable(Type.String()),
  confirmed_slot: Nullable(Type.String()),
  confirmed_slot_start: Nullable(Type.String()),
  turn_count: Type.Integer(),
  telephony: Type.String(),
  twilio_status: Nullable(Type.String()),
  duration_seconds: Nullable(Type.Number()),
  answered_by: Nullable(Type.String()),
  error_code: Nullable(Type.String()),
  job_id: Nullable(Type.Integer({ description: 'The job called for; null for calls from before jobs' })),
  candidate_id: Nullable(Type.Integer({ description: 'The candidate called, when the call was placed for one' })),
});

/** A question the candidate asked that the caller passed on to the recruiter. */
export const Question = Type.Object({
  text: Type.String(),
  topic: Type.String(),
  turn_number: Type.Integer(),
  created_at: Type.String(),
});

/** A message the conversation's booking queued: its channel, what it is for, where it stands, when it is due. */
export const SentMessage = Type.Object({
  channel: Type.String({ description: 'email or sms' }),
  purpose: Type.String({ description: 'confirmation, update, cancellation or reminder' }),
  state: Type.String({ description: 'queued, sending, sent, failed or cancelled' }),
  due_at: Type.String(),
});

export const SessionDetail = Type.Intersect([
  SessionSummary,
  Type.Object({ turns: Type.Array(Turn), questions: Type.Array(Question), messages: Type.Array(SentMessage) }),
]);

/** A day (YYYY-MM-DD) or an instant with its offset (2026-11-24T15:00:00Z, …+02:00). */
const DAY_OR_INSTANT = '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?$';

export const ListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('completed'), Type.Literal('failed')])),
    job_id: Type.Optional(Type.Integer({ minimum: 1 })),
    outcome: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}$', description: 'scheduled, declined, no_answer, hung_up…' })),
    from: Type.Optional(
      Type.String({
        pattern: DAY_OR_INSTANT,
        description: 'Calls started from: a day (UTC, e.g. 2026-11-24) or an instant with its offset',
      }),
    ),
    to: Type.Optional(
      Type.String({ pattern: DAY_OR_INSTANT, description: 'Calls started until: a day (UTC, included) or an instant (excluded)' }),
    ),
    engine: Type.Optional(
      Type.Union([Type.Literal('local'), Type.Literal('openai')], { description: 'Calls with a reply understood by this engine' }),
    ),
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: "Candidate's name contains this (case-insensitive, anywhere in the name)" }),
    ),
  },
  { additionalProperties: false },
);

export const ListReply = Type.Object({ items: Type.Array(SessionSummary), next_cursor: Nullable(Type.String()) });

// No NUL: PostgreSQL text cannot hold it (the lookup would fail with a 500 instead of a 404).
export const CallSidParams = Type.Object({ call_sid: Type.String({ minLength: 1, maxLength: 64, pattern: '^[^\\u0000]+$' }) });

const Count = Type.Integer();

/** A hiring funnel (GET /jobs/{id}/analytics for one job, GET /analytics over every job). */
export const Funnel = Type.Object({
  candidates: Count,
  called: Type.Integer({ description: 'Candidates called at least once' }),
  reached: Type.Integer({ description: 'Calls a human answered' }),
  scheduled: Count,
  declined: Count,
  opted_out: Count,
  unreachable: Count,
  by_status: Type.Record(Type.String(), Type.Integer()),
  calls_placed: Count,
  reach_rate: Nullable(Type.Number({ description: 'reached ÷ calls placed' })),
  bookings_per_call: Nullable(Type.Number({ description: 'scheduled ÷ calls placed' })),
  median_seconds_to_booking: Nullable(Type.Number({ description: 'From import to first booking (histogram, within 10%)' })),
  slot_fill: Type.Array(Type.Object({ date: Type.String(), booked: Type.Integer(), capacity: Type.Integer(), fill: Type.Number() })),
  questions_asked: Count,
});

export const Analytics = Type.Object(
  {
    total_calls: Type.Integer(),
    by_status: Type.Record(Type.String(), Type.Integer()),
    by_outcome: Type.Record(Type.String(), Type.Integer()),
    success_rate: Type.Number(),
    average_turns: Type.Number(),
    turns_histogram: Type.Record(Type.String(), Type.Integer()),
    slot_preferences: Type.Array(
      Type.Object({ slot_id: Type.Integer(), label: Type.String(), start: Type.String(), bookings: Type.Integer() }),
    ),
    intent_distribution: Type.Record(Type.String(), Type.Integer()),
    average_duration_seconds: Nullable(Type.Number()),
    active_calls: Type.Integer(),
    funnel: Funnel,
  },
  { additionalProperties: true },
);

/** Twilio's form fields; every one optional here because a Twilio route answers TwiML whatever arrives. */
export const TwilioForm = Type.Record(Type.String(), Type.Unknown());
/** What the webhook URLs this service gives Twilio carry (see services/webhook-urls.ts). */
export const TwilioTurnQuery = Type.Object(
  {
    turn: Type.Optional(Type.String({ maxLength: 10 })),
    conversation: Type.Optional(Type.String({ maxLength: 64 })),
    attempt: Type.Optional(Type.String({ maxLength: 10 })),
  },
  { additionalProperties: true },
);

/* People: do-not-call list and erasure (src/http/routes/people.ts). */

export const DoNotCallBody = Type.Object(
  {
    phone: Type.String({ minLength: 1, maxLength: 40, description: 'E.164, e.g. +14155550123' }),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type DoNotCallBody = Static<typeof DoNotCallBody>;

export const DoNotCallEntry = Type.Object({
  phone_hash: Type.String({
    description: "HMAC-SHA256 hex of the E.164 number under the server's secret; the number itself is never stored",
  }),
  created_at: Type.String(),
});

export const DoNotCallList = Type.Object({ items: Type.Array(DoNotCallEntry) });

export const PhoneParams = Type.Object(
  { phone: Type.String({ minLength: 1, maxLength: 40, description: 'E.164, URL-encoded (%2B14155550123) or not' }) },
  { additionalProperties: false },
);

export const ErasureReply = Type.Object({
  conversations: Type.Integer(),
  turns: Type.Integer(),
  bookings: Type.Integer(),
  do_not_call: Type.Boolean({ description: 'Whether the number stays on the do-not-call list (as a key)' }),
});
