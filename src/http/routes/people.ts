import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../deps.js';
import { addToDoNotCall, eraseCandidate, listDoNotCallEntries, removeFromDoNotCall } from '../../services/people.js';
import { DoNotCallBody, DoNotCallEntry, DoNotCallList, ErasureReply, ErrorBody, NoContent, PhoneParams } from '../schemas.js';

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

  app.delete(
    '/candidates/:phone',
    {
      schema: {
        tags: ['people'],
        summary: 'Erase a candidate: every conversation, turn and booking of this number',
        description: 'The do-not-call entry, if any, stays (it holds only a key). Erasing a number with no data answers zeros.',
        security,
        params: PhoneParams,
        response: { 200: ErasureReply, 401: ErrorBody, 422: ErrorBody },
      },
    },
    async (request) => eraseCandidate(deps, request.params.phone),
  );
};
