import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../deps.js';
import { conversationAnalytics, deleteConversation, getConversation, listConversations } from '../../services/conversations.js';
import { Analytics, CallSidParams, ErrorBody, ListQuery, ListReply, NoContent, SessionDetail } from '../schemas.js';

const security = [{ bearerAuth: [] }];

/** The hiring team's view: conversations, one conversation with its turns, deletion, analytics. */
export const conversationRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/conversations',
    {
      schema: {
        tags: ['conversations'],
        summary: 'Conversations, newest first',
        description:
          'Filters combine: status, job_id, outcome, from/to (start time), engine (a reply understood by it), q (the ' +
          "candidate's name contains it, any case). Pages follow `next_cursor` (stable while calls arrive).",
        security,
        querystring: ListQuery,
        response: { 200: ListReply, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request) => listConversations(deps, request.query),
  );

  app.get(
    '/conversations/:call_sid',
    {
      schema: {
        tags: ['conversations'],
        summary: 'One conversation with every turn',
        security,
        params: CallSidParams,
        response: { 200: SessionDetail, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => getConversation(deps, request.params.call_sid),
  );

  app.delete(
    '/conversations/:call_sid',
    {
      schema: {
        tags: ['conversations'],
        summary: 'Delete a conversation, its turns and its booking',
        security,
        params: CallSidParams,
        response: { 204: NoContent, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      await deleteConversation(deps, request.params.call_sid);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/analytics',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Success rate, turns, slot preferences, intents, durations',
        security,
        response: { 200: Analytics, 401: ErrorBody },
      },
    },
    async () => conversationAnalytics(deps),
  );
};
