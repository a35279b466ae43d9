import { Type } from 'typebox';

/** Schemas of the try-a-call routes (src/http/routes/try-call.ts). */

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([Type.Null(), t]);

export const TryCallBody = Type.Union([
  Type.Null(),
  Type.Object(
    {
      job_id: Type.Optional(
        Type.Integer({ minimum: 1, description: 'The job to try (its slots and details); the default job when absent' }),
      ),
    },
    { additionalProperties: false },
  ),
]);

export const TryCallReplyBody = Type.Object(
  {
    text: Type.Optional(
      Type.String({ maxLength: 1000, description: "The candidate's words (typed, or the browser's speech recognition)" }),
    ),
    digits: Type.Optional(Type.String({ pattern: '^[0-9*#]{1,10}$', description: 'Keypad keys pressed' })),
  },
  { additionalProperties: false, description: 'Neither: a silence.' },
);

export const TryCallParams = Type.Object({ call_sid: Type.String({ minLength: 1, maxLength: 64, pattern: '^[^\\u0000]+$' }) });

export const TryCallStep = Type.Object({
  call_sid: Type.String({ description: "The conversation's id (GET /conversations/{id})" }),
  say: Type.Array(Type.String(), { description: 'What the caller says now, sentence by sentence' }),
  gather: Nullable(
    Type.Object({ input: Type.String({ description: "What the caller listens for: 'speech' or 'speech dtmf' (keypad too)" }) }),
  ),
  ended: Type.Boolean(),
  outcome: Nullable(Type.String({ description: 'How the call ended (once ended)' })),
  confirmed_slot: Nullable(Type.String({ description: 'The interview booked, as said to the candidate' })),
});
