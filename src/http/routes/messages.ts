import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { DbHandle } from '../../db/create-db.js';
import { candidateMessages } from '../../services/messages/candidate-messages.js';
import { listOutbox, readOutboxFile } from '../../services/messages/outbox.js';
import type { Messaging } from '../../services/messages/transports.js';
import { ErrorBody } from '../schemas.js';
import { CandidateIdParams } from '../schemas/candidates.js';
import { CandidateMessages, OutboxFileParams, OutboxList, OutboxQuery } from '../schemas/messages.js';

const security = [{ bearerAuth: [] }];

/** What the message routes read: the database and the transports (the outbox folder). */
export interface MessageRoutesDeps {
  database: DbHandle;
  messaging: Messaging;
}

/** Admin: the outbox (what would have been sent), one outbox file, and a candidate's messages with their status. */
export const messageRoutes: FastifyPluginAsyncTypebox<{ deps: MessageRoutesDeps }> = async (app, { deps }) => {
  app.get(
    '/outbox',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['messages'],
        summary: 'The outbox: emails (.eml) and texts (.json) written instead of sent, newest first',
        description:
          'Without SMTP_URL every email is written here, and in simulated mode every text: what the service would have ' +
          'sent. An .eml opens in any mail program (the invite included).',
        security,
        querystring: OutboxQuery,
        response: { 200: OutboxList, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request) => listOutbox(deps.database.db, deps.messaging.outboxDir, request.query.limit ?? 50),
  );

  app.get(
    '/outbox/:file',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['messages'],
        summary: 'One outbox file as written: message/rfc822 for an email, JSON for a text',
        security,
        params: OutboxFileParams,
        response: { 200: Type.String({ description: 'The file as written' }), 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const { contentType, content } = await readOutboxFile(deps.messaging.outboxDir, request.params.file);
      return reply.type(contentType).send(content.toString('utf8'));
    },
  );

  app.get(
    '/candidates/:id/messages',
    {
      schema: {
        tags: ['messages', 'candidates'],
        summary: "A candidate's emails and texts (confirmations, updates, cancellations, reminders) and where each stands",
        description: 'state: queued (waiting for its time or a retry), sending, sent, failed (with last_error), cancelled.',
        security,
        params: CandidateIdParams,
        response: { 200: CandidateMessages, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => candidateMessages(deps.database.db, request.params.id),
  );
};
