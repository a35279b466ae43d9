import type { FastifyInstance } from 'fastify';
import { AppError, notFound } from '../../core/errors.js';
import { getAnalytics } from '../../db/analytics.repo.js';
import { InvalidCursorError, deleteSession, getSession, listSessions } from '../../db/sessions.repo.js';
import type { Session } from '../../db/sessions.table.js';
import { listTurns } from '../../db/turns.repo.js';
import type { Deps } from '../../deps.js';
import { Analytics, CallSidParams, ErrorBody, ListQuery, ListReply, SessionDetail } from '../schemas.js';

const security = [{ bearerAuth: [] }];

/** The session as the API shows it: the stored machine state stays inside. */
export function publicSession(session: Session) {
  const { state: _state, slot_id: _slot, error_message: _message, updated_at: _updated, ...rest } = session;
  return rest;
}

/** The hiring team's view: conversations, one conversation with its turns, deletion, analytics. */
export async function conversationRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  const db = deps.database.db;

  app.get(
    '/conversations',
    {
      schema: {
        tags: ['conversations'],
        summary: 'Conversations, newest first',
        security,
        querystring: ListQuery,
        response: { 200: ListReply, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request) => {
      const query = request.query as { limit?: number; cursor?: string; status?: 'active' | 'completed' | 'failed' };
      const page = await listSessions(db, {
        limit: query.limit ?? 20,
        ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
        ...(query.status === undefined ? {} : { status: query.status }),
      }).catch((err: unknown) => {
        if (err instanceof InvalidCursorError) throw new AppError('invalid_cursor', 'The cursor is not one this API issued.', 400);
        throw err;
      });
      return { items: page.items.map(publicSession), next_cursor: page.next_cursor };
    },
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
    async (request) => {
      const { call_sid } = request.params as { call_sid: string };
      const session = await getSession(db, call_sid);
      if (session === undefined) throw notFound(`Conversation ${call_sid}`);
      const turns = await listTurns(db, call_sid);
      return {
        ...publicSession(session),
        turns: turns.map(({ id: _id, call_sid: _sid, response_twiml: _twiml, ...turn }) => turn),
      };
    },
  );

  app.delete(
    '/conversations/:call_sid',
    {
      schema: {
        tags: ['conversations'],
        summary: 'Delete a conversation, its turns and its booking',
        security,
        params: CallSidParams,
        response: { 204: { type: 'null' }, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const { call_sid } = request.params as { call_sid: string };
      if (!(await deleteSession(db, call_sid))) throw notFound(`Conversation ${call_sid}`);
      return reply.status(204).send();
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
    async () => getAnalytics(db),
  );
}
