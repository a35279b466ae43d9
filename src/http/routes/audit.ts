import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../deps.js';
import { auditPage } from '../../services/auth/audit.js';
import { ErrorBody } from '../schemas.js';
import { AuditList, AuditQuery } from '../schemas/auth.js';

/** Admin: who did what, newest first. */
export const auditRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/audit',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['users'],
        summary: 'The audit log, newest first: every change (and bulk read of personal data) with who, what, when and from where',
        security: [{ bearerAuth: [] }, { sessionCookie: [] }],
        querystring: AuditQuery,
        response: { 200: AuditList, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => auditPage(deps, request.query),
  );
};
