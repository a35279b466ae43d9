import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../deps.js';
import { calendarFeed, revokeCalendarToken, rotateCalendarToken } from '../../services/calendar-feed.js';
import { ErrorBody, NoContent } from '../schemas.js';
import { JobParams } from '../schemas/jobs.js';
import { CalendarFeedBody, CalendarFeedQuery, CalendarToken } from '../schemas/webhooks.js';

const security = [{ bearerAuth: [] }];
const tags = ['calendar'];

/**
 * The job's calendar feed (public: the token in the URL is the key, since a calendar app subscribing by URL sends no
 * header). Registered outside the admin scope.
 */
export const calendarFeedRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/jobs/:id/calendar.ics',
    {
      schema: {
        tags,
        summary: "A job's booked interviews as an iCalendar feed to subscribe to (404 for a wrong token)",
        params: JobParams,
        querystring: CalendarFeedQuery,
        produces: ['text/calendar'],
        response: { 200: CalendarFeedBody, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const ics = await calendarFeed(deps, request.params.id, request.query.token);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `inline; filename="job-${request.params.id}.ics"`)
        .header('cache-control', 'private, max-age=300')
        .header('referrer-policy', 'no-referrer')
        .send(ics);
    },
  );
};

/** Making (rotating) and revoking a job's feed token: admin, registered in the admin scope. */
export const calendarTokenRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody };
  app.post(
    '/jobs/:id/calendar-token',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: "Make the job's calendar feed token: a new one replaces the old (which stops working); shown only here",
        security,
        params: JobParams,
        response: { 201: CalendarToken, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await rotateCalendarToken(deps, request.params.id)),
  );
  app.delete(
    '/jobs/:id/calendar-token',
    {
      config: { role: 'admin' },
      schema: { tags, summary: "Turn the job's calendar feed off", security, params: JobParams, response: { 204: NoContent, ...errors } },
    },
    async (request, reply) => {
      await revokeCalendarToken(deps, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
