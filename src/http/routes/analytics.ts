import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../deps.js';
import { callActivity } from '../../services/activity.js';
import { ErrorBody } from '../schemas.js';

const Counts = Type.Record(Type.String(), Type.Integer());

const ActivityQuery = Type.Object(
  {
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 90, default: 14, description: 'Days back from today, today included' })),
    job_id: Type.Optional(Type.Integer({ minimum: 1, description: "One job's calls only" })),
  },
  { additionalProperties: false },
);

const Activity = Type.Object({
  zone: Type.String({ description: 'The interview time zone the days and hours are in' }),
  from: Type.String(),
  to: Type.String(),
  engine: Type.String({ description: "The engine configured; with 'openai', replies understood by 'local' are fallbacks" }),
  by_day: Type.Array(
    Type.Object({
      date: Type.String(),
      calls: Type.Integer(),
      reached: Type.Integer({ description: 'Calls a person answered and spoke in' }),
      outcomes: Counts,
    }),
  ),
  by_hour: Type.Array(Type.Object({ hour: Type.Integer(), calls: Type.Integer({ description: 'Ended calls' }), reached: Type.Integer() })),
  understanding: Type.Object({
    calls_sampled: Type.Integer({ description: 'The latest calls these turns come from' }),
    by_day: Type.Array(Type.Object({ date: Type.String(), engines: Counts })),
  }),
});

/** The dashboard's Overview: calls over time (outcomes per day, reach by hour, understanding engines per day). */
export const analyticsRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/analytics/activity',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Calls over time: outcomes per day, reach rate by hour of day, which engine understood the replies',
        security: [{ bearerAuth: [] }],
        querystring: ActivityQuery,
        response: { 200: Activity, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request) => {
      const { days, job_id: jobId } = request.query;
      return callActivity(deps, { days: days ?? 14, ...(jobId === undefined ? {} : { jobId }) });
    },
  );
};
