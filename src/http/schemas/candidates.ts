import { Type } from 'typebox';
import { Funnel, Question, SessionSummary, SimulateInput, Turn } from '../schemas.js';

/** Schemas of the candidate routes (src/http/routes/candidates.ts) and of the funnel. */

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

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
  },
  { additionalProperties: false },
);

export const ImportBody = Type.Union([
  Type.Object({ candidates: Type.Array(ImportItem, { maxItems: 100_000 }) }, { additionalProperties: false }),
  Type.String({ description: 'text/csv: a header line ("Name", "Phone", "Email", "Time zone", "ID", "Notes"…) and a line per candidate' }),
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
          'missing_name, invalid_phone, invalid_email, unknown_timezone, invalid_text, duplicate_in_file, do_not_call, phone_taken',
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

export const JobAnalytics = Type.Object({ job_id: Type.Integer(), funnel: Funnel });
