import { Type } from 'typebox';
import { Funnel, Question, SessionSummary, SimulateInput, Turn } from '../schemas.js';

/** Schemas of the candidate routes (src/http/routes/candidates.ts) and of the funnel. */

// Null first: Fastify's ajv coerces types, and a null tried against a string branch first would be stored as "".
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([Type.Null(), t]);

export const CandidateStatusSchema = Type.Union([
  Type.Literal('new'),
  Type.Literal('calling'),
  Type.Literal('scheduled'),
  Type.Literal('declined'),
  Type.Literal('callback'),
  Type.Literal('opted_out'),
  Type.Literal('wrong_number'),
  Type.Literal('unreachable'),
  Type.Literal('withdrawn'),
]);

const SIMULATE_NOTE =
  'Simulated telephony only: what the candidate does on each campaign attempt, one entry per attempt number ' +
  '(attempt 1 first); an attempt past the list answers and takes the first slot offered. Accepted and stored with ' +
  'any telephony, but only the simulator plays it (real phones ignore it).';

/** A candidate's simulated behaviour per campaign attempt (see services/campaigns/simulate-plan.ts). */
export const SimulatePlanSchema = Type.Object(
  {
    attempts: Type.Array(
      Type.Object(
        {
          result: Type.Union(
            [
              Type.Literal('answered'),
              Type.Literal('no-answer'),
              Type.Literal('busy'),
              Type.Literal('failed'),
              Type.Literal('voicemail'),
              Type.Literal('fax'),
              Type.Literal('machine_start'),
            ],
            { description: 'answered: a person; voicemail: a machine with a beep; fax or machine_start: a machine with no end' },
          ),
          replies: Type.Optional(
            Type.Array(Nullable(Type.String({ maxLength: 500 })), {
              maxItems: 20,
              description: 'What the person says, turn by turn (null or "": silence); for answered',
            }),
          ),
        },
        { additionalProperties: false },
      ),
      { maxItems: 10 },
    ),
  },
  { additionalProperties: false, description: SIMULATE_NOTE },
);

export const JobIdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) }, { additionalProperties: false });
export const CandidateIdParams = JobIdParams;
/** DELETE takes a candidate id or, as before jobs existed, an E.164 number. */
export const CandidateKeyParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 40, description: 'A candidate id, or an E.164 number (URL-encoded %2B… or not)' }) },
  { additionalProperties: false },
);

/** A row of the JSON list: every field optional here, so that a bad row is reported with its number, not a 400. */
const ImportItem = Type.Object(
  {
    name: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    email: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
    timezone: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    external_id: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 10_000 }))),
    simulate: Type.Optional(
      Type.Unknown({
        description:
          '{"attempts": [{"result": "no-answer"}, {"result": "answered", "replies": ["tuesday", "yes"]}]} (at most 10 attempts, ' +
          '20 replies of 500 characters; null clears). A bad one rejects its row (invalid_simulate). ' +
          SIMULATE_NOTE,
      }),
    ),
  },
  { additionalProperties: false },
);

export const ImportBody = Type.Union([
  Type.Object({ candidates: Type.Array(ImportItem, { maxItems: 100_000 }) }, { additionalProperties: false }),
  Type.String({
    description:
      'text/csv: a header line ("Name", "Phone", "Email", "Time zone", "ID", "Notes"…) and a line per candidate; a "Simulate" ' +
      'column may hold the JSON of `simulate` (quoted as CSV quotes it)',
  }),
]);

export const ImportReply = Type.Object({
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Array(
    Type.Object({
      row: Type.Integer({ description: 'CSV: the line (the header is 1); JSON: the index + 1' }),
      code: Type.String({
        description:
          'missing_name, invalid_phone, invalid_email, unknown_timezone, invalid_text, invalid_simulate, duplicate_in_file, ' +
          'do_not_call, phone_taken',
      }),
      reason: Type.String(),
    }),
  ),
});

export const Candidate = Type.Object({
  id: Type.Integer(),
  job_id: Type.Integer(),
  name: Type.String(),
  phone: Type.String(),
  email: Nullable(Type.String()),
  timezone: Nullable(Type.String()),
  external_id: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  status: CandidateStatusSchema,
  created_at: Type.String(),
  updated_at: Type.String(),
  scheduled_at: Nullable(Type.String()),
  simulate: Nullable(SimulatePlanSchema),
});

export const CandidateListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    status: Type.Optional(CandidateStatusSchema),
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, pattern: '^[^\\u0000]+$', description: 'Part of the name, or the start of the phone' }),
    ),
  },
  { additionalProperties: false },
);

export const CandidateList = Type.Object({ items: Type.Array(Candidate), next_cursor: Nullable(Type.String()) });

const CandidateCall = Type.Intersect([SessionSummary, Type.Object({ turns: Type.Array(Turn), questions: Type.Array(Question) })]);

export const CandidateDetail = Type.Intersect([
  Candidate,
  Type.Object({
    calls: Type.Array(CandidateCall),
    booking: Nullable(
      Type.Object({
        slot_id: Type.Integer(),
        start: Type.String(),
        label: Type.String(),
        call_sid: Type.String(),
        created_at: Type.String(),
      }),
    ),
    questions: Type.Array(Question),
  }),
]);

export const CandidatePatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    email: Type.Optional(Nullable(Type.String({ maxLength: 320 }))),
    timezone: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    simulate: Type.Optional(Nullable(SimulatePlanSchema)),
    status: Type.Optional(
      Type.Union([Type.Literal('withdrawn'), Type.Literal('new')], { description: "Only 'withdrawn', or 'new' to bring one back" }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const CandidateErasureReply = Type.Object({
  conversations: Type.Integer(),
  turns: Type.Integer(),
  bookings: Type.Integer(),
  do_not_call: Type.Boolean({ description: 'Whether the number stays on the do-not-call list (as a key)' }),
  candidates: Type.Optional(Type.Integer({ description: 'Candidate rows removed (by number: left out when none)' })),
});

export const CallCandidateBody = Type.Object({ simulate: Type.Optional(SimulateInput) }, { additionalProperties: false });

export const CallCandidateReply = Type.Object({
  call_sid: Type.String(),
  conversation_id: Type.String(),
  status: Type.String(),
  telephony: Type.String(),
  conversation_url: Type.String(),
  candidate: Candidate,
});

// The funnel's schema lives in ../schemas.ts, where GET /analytics shows it too.

const Reach = {
  attempts: Type.Integer(),
  reached: Type.Integer({ description: 'A person answered' }),
  rate: Type.Number({ description: 'reached ÷ attempts' }),
};

/** A job's campaign figures, beside its funnel (computed from the job's done attempts that were placed). */
export const AttemptFunnel = Type.Object({
  campaign_attempts: Type.Integer({ description: 'Campaign calls placed and ended (invalid numbers and do-not-call left out)' }),
  attempts_per_booking: Nullable(Type.Number({ description: 'Campaign calls ÷ calls that booked; null before a booking' })),
  reach_by_attempt: Type.Array(Type.Object({ number: Type.Integer({ description: '1 = first call' }), ...Reach }), {
    description: 'Attempt numbers with calls only',
  }),
  reach_by_hour: Type.Array(Type.Object({ hour: Type.Integer({ minimum: 0, maximum: 23 }), ...Reach }), {
    description: "Hour of the day the call was dialled, in the job's zone; hours with calls only",
  }),
  voicemail_rate: Nullable(Type.Number({ description: 'Calls that left a voicemail ÷ campaign calls; null before any' })),
});

export const JobAnalytics = Type.Object({ job_id: Type.Integer(), funnel: Type.Intersect([Funnel, AttemptFunnel]) });
