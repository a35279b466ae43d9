import { Type } from 'typebox';

/** Schemas of the message routes (src/http/routes/messages.ts): the outbox and a candidate's messages. */

// Null first: Fastify's ajv coerces types, and a null tried against a string branch first would be stored as "".
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([Type.Null(), t]);

const Channel = Type.Union([Type.Literal('email'), Type.Literal('sms')]);
const Purpose = Type.Union([Type.Literal('confirmation'), Type.Literal('update'), Type.Literal('cancellation'), Type.Literal('reminder')]);
const State = Type.Union([
  Type.Literal('queued'),
  Type.Literal('sending'),
  Type.Literal('sent'),
  Type.Literal('failed'),
  Type.Literal('cancelled'),
]);

export const OutboxQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })) },
  { additionalProperties: false },
);

export const OutboxFileParams = Type.Object(
  { file: Type.String({ pattern: '^[0-9]{1,12}\\.(eml|json)$', description: 'e.g. 12.eml (an email) or 13.json (a text)' }) },
  { additionalProperties: false },
);

export const OutboxList = Type.Object({
  dir: Type.String({ description: 'The outbox folder (DATA_DIR/outbox)' }),
  files: Type.Array(
    Type.Object({
      file: Type.String(),
      path: Type.String(),
      channel: Channel,
      bytes: Type.Integer(),
      written_at: Type.String({ format: 'date-time' }),
      message_id: Type.Integer(),
      purpose: Nullable(Purpose),
      recipient: Nullable(Type.String()),
      subject: Nullable(Type.String()),
      booking_id: Nullable(Type.Integer()),
      candidate_id: Nullable(Type.Integer()),
    }),
  ),
});

export const CandidateMessages = Type.Object({
  messages: Type.Array(
    Type.Object({
      id: Type.Integer(),
      booking_id: Nullable(Type.Integer()),
      channel: Channel,
      purpose: Purpose,
      recipient: Type.String({ description: 'An email address or an E.164 number' }),
      subject: Nullable(Type.String()),
      body: Type.String(),
      has_invite: Type.Boolean({ description: 'The email carries a calendar invite' }),
      state: State,
      due_at: Type.String({ format: 'date-time', description: 'Not sent before (a reminder’s time, or the next retry)' }),
      tries: Type.Integer(),
      last_error: Nullable(Type.String()),
      provider_id: Nullable(Type.String({ description: 'SMTP Message-ID, Twilio message SID, or the outbox file' })),
      sent_at: Nullable(Type.String({ format: 'date-time' })),
      created_at: Type.String({ format: 'date-time' }),
      updated_at: Type.String({ format: 'date-time' }),
    }),
  ),
});
