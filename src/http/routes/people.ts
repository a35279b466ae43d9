import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../deps.js';
import { addToDoNotCall, listDoNotCallEntries, removeFromDoNotCall } from '../../services/people.js';
import { DoNotCallBody, DoNotCallEntry, DoNotCallList, ErrorBody, NoContent, PhoneParams } from '../schemas.js';

const security = [{ bearerAuth: [] }];

/** Admin routes for the people the service calls: the do-not-call list and erasure of a candidate's data. */
export const peopleRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/do-not-call',
    {
      schema: {
        tags: ['people'],
        summary: 'The do-not-call list: keys and dates, never numbers',
        security,
        response: { 200: DoNotCallList, 401: ErrorBody },
      },
    },
    async () => ({ items: await listDoNotCallEntries(deps) }),
  );

  app.post(
    '/do-not-call',
    {
      schema: {
        tags: ['people'],
        summary: 'Put a number on the do-not-call list (201; 200 when it already was)',
        security,
        body: DoNotCallBody,
        response: { 200: DoNotCallEntry, 201: DoNotCallEntry, 400: ErrorBody, 401: ErrorBody, 422: ErrorBody },
      },
    },
    async (request, reply) => {
      const { entry, created } = await addToDoNotCall(deps, request.body);
      return reply.status(created ? 201 : 200).send(entry);
    },
  );

  app.delete(
    '/do-not-call/:phone',
    {
      schema: {
        tags: ['people'],
        summary: 'Take a number off the do-not-call list',
        security,
        params: PhoneParams,
        response: { 204: NoContent, 401: ErrorBody, 404: ErrorBody, 422: ErrorBody },
      },
    },
    async (request, reply) => {
      await removeFromDoNotCall(deps, request.params.phone);
      return reply.status(204).send(null);
    },
  );
  // DELETE /candidates/{phone} is served by routes/candidates.ts, which tells a candidate id from a number on one path.
};
