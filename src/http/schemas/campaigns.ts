import { Type } from 'typebox';

/** Schemas of the campaign routes (src/http/routes/campaigns.ts). */

// Null first: Fastify's ajv coerces types, and a null tried against a string branch first would be stored as "".
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([Type.Null(), t]);

export const CampaignStatusSchema = Type.Union(
  [Type.Literal('running'), Type.Literal('paused'), Type.Literal('stopped'), Type.Literal('finished')],
  { description: 'running: calling; paused: nothing new is dialled; stopped: by a recruiter; finished: nobody left to call' },
);

const Count = Type.Integer({ minimum: 0 });

export const CampaignProgress = Type.Object({
  job_id: Type.Integer(),
  status: Nullable(CampaignStatusSchema),
  paused_reason: Nullable(Type.String({ description: "Why the service paused it by itself ('no_open_slots'); null otherwise" })),
  started_at: Nullable(Type.String()),
  finished_at: Nullable(Type.String()),
  due_now: Type.Integer({ description: 'Attempts whose time has come, waiting for a free line' }),
  in_progress: Type.Integer({ description: 'Attempts being dialled or on the line' }),
  waiting: Type.Array(
    Type.Object({
      candidate_id: Type.Integer(),
      number: Type.Integer({ description: '1 for the first attempt' }),
      due_at: Type.String(),
      reason: Type.Union([Type.Literal('first'), Type.Literal('retry'), Type.Literal('callback')]),
    }),
    { description: 'Attempts waiting for their time (a retry or a call back), soonest first: the first 100' },
  ),
  waiting_count: Type.Integer({ description: 'Every waiting attempt' }),
  finished: Type.Record(Type.String(), Count, { description: 'Done attempts by result (results with none left out)' }),
  cancelled: Type.Integer({ description: 'Attempts cancelled before they were dialled' }),
  candidates: Type.Record(Type.String(), Count, { description: "The job's candidates by status" }),
  attempts_total: Type.Integer(),
});

export const StartedCampaign = Type.Intersect([
  CampaignProgress,
  Type.Object({ attempts_created: Type.Integer({ description: 'Candidates this start added to the campaign' }) }),
]);

export const CampaignParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) }, { additionalProperties: false });
