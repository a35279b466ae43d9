import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.js';
import { changeUser, createUser, issueSignInLink, listUserViews, requireUser, signInLinkUrl, userView } from '../../services/auth/users.js';
import { ownOrigin } from '../plugins/auth.js';
import { ErrorBody } from '../schemas.js';
import { IdParams, SignInLink, User, UserCreate, UserList, UserPatch, UserWithLink } from '../schemas/auth.js';

const tags = ['users'];
const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { sessionCookie: [] }];
const config = { role: 'admin' as const };
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };

/** Admin: the team's accounts. A new account signs in with its one-time link and sets a password there. */
export const userRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  // Links point at the address the admin reached the service by (behind a proxy: as TRUST_PROXY lets it tell).
  const link = (request: FastifyRequest, token: string) => signInLinkUrl(ownOrigin(request), token);

  app.get(
    '/users',
    { config, schema: { tags, summary: 'Every account, oldest first', security, response: { 200: UserList, ...errors } } },
    async () => ({ items: await listUserViews(deps) }),
  );

  app.post(
    '/users',
    {
      config,
      schema: {
        tags,
        summary: 'Add a person with a role: the answer holds their one-time sign-in link (valid 24 hours)',
        security,
        body: UserCreate,
        response: { 201: UserWithLink, ...errors },
      },
    },
    async (request, reply) => {
      const user = await createUser(deps, request.body);
      const token = await issueSignInLink(deps, user.id);
      request.auditNote = { action: 'users.create', target: { id: user.id, email: user.email, role: user.role } };
      return reply.status(201).send({ user: userView(user), sign_in_link: link(request, token) });
    },
  );

  app.patch(
    '/users/:id',
    {
      config,
      schema: {
        tags,
        summary: "Change a person's role, or disable them (their sessions and tokens stop at once) or enable them again",
        security,
        params: IdParams,
        body: UserPatch,
        response: { 200: User, ...errors },
      },
    },
    async (request) => {
      const user = await changeUser(deps, request.params.id, request.body);
      request.auditNote = { action: 'users.update', target: { id: user.id, email: user.email, ...request.body } };
      return user;
    },
  );

  app.post(
    '/users/:id/sign-in-link',
    {
      config,
      schema: {
        tags,
        summary: 'A new one-time sign-in link for the person (their earlier unused links stop working)',
        security,
        params: IdParams,
        response: { 201: SignInLink, ...errors },
      },
    },
    async (request, reply) => {
      const user = await requireUser(deps, request.params.id);
      const token = await issueSignInLink(deps, user.id);
      request.auditNote = { action: 'users.sign_in_link', target: { id: user.id, email: user.email } };
      return reply.status(201).send({ sign_in_link: link(request, token) });
    },
  );
};
