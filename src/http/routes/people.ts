import type { FastifyInstance } from 'fastify';
import { AppError, invalid } from '../../core/errors.js';
import { isPlainText } from '../../core/text.js';
import { addDoNotCall, hashPhone, isDoNotCall, listDoNotCall, removeDoNotCall } from '../../db/do-not-call.repo.js';
import type { Deps } from '../../deps.js';
import { eraseCandidate, normalizePhone } from '../../services/people.js';
import { DoNotCallBody, DoNotCallEntry, DoNotCallList, ErasureReply, ErrorBody, PhoneParams } from '../schemas.js';

const security = [{ bearerAuth: [] }];

/** Admin routes for the people the service calls: the do-not-call list and erasure of a candidate's data. */
export async function peopleRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  const db = deps.database.db;

  app.get(
    '/do-not-call',
    {
      schema: {
        tags: ['people'],
        summary: 'The do-not-call list: hashes and dates, never numbers',
        security,
        response: { 200: DoNotCallList, 401: ErrorBody },
      },
    },
    async () => ({ items: await listDoNotCall(db) }),
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
      const body = request.body as DoNotCallBody;
      const phone = normalizePhone(body.phone);
      if (body.reason !== undefined && !isPlainText(body.reason)) {
        throw invalid('reason contains a control character or another character that cannot be stored as text.', { field: 'reason' });
      }
      const already = await isDoNotCall(db, phone);
      if (!already) await addDoNotCall(db, phone, body.reason ?? 'added through the admin API');
      const hash = hashPhone(phone);
      const entry = (await listDoNotCall(db)).find((e) => e.phone_hash === hash);
      deps.logger.info({ phoneHash: hash, created: !already }, 'do-not-call entry added');
      return reply.status(already ? 200 : 201).send(entry ?? { phone_hash: hash, created_at: deps.now().toISOString() });
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
        response: { 204: { type: 'null' }, 401: ErrorBody, 404: ErrorBody, 422: ErrorBody },
      },
    },
    async (request, reply) => {
      const phone = normalizePhone((request.params as { phone: string }).phone);
      if (!(await removeDoNotCall(db, phone))) throw new AppError('not_found', 'This number is not on the do-not-call list.', 404);
      deps.logger.info({ phoneHash: hashPhone(phone) }, 'do-not-call entry removed');
      return reply.status(204).send();
    },
  );

  app.delete(
    '/candidates/:phone',
    {
      schema: {
        tags: ['people'],
        summary: 'Erase a candidate: every conversation, turn and booking of this number',
        description: 'The do-not-call entry, if any, stays (it holds only a hash). Erasing a number with no data answers zeros.',
        security,
        params: PhoneParams,
        response: { 200: ErasureReply, 401: ErrorBody, 422: ErrorBody },
      },
    },
    async (request) => {
      const phone = normalizePhone((request.params as { phone: string }).phone);
      const erased = await eraseCandidate(deps, phone);
      return { ...erased, do_not_call: await isDoNotCall(db, phone) };
    },
  );
}
