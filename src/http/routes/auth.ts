import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.js';
import type { Deps } from '../../deps.js';
import { createApiToken, listTokens, revokeToken } from '../../services/auth/api-tokens.js';
import { recordAudit } from '../../services/auth/audit.js';
import { changePassword, login, signInWithLink, type SignedIn as Session } from '../../services/auth/login.js';
import type { LoginThrottle } from '../../services/auth/login-throttle.js';
import { SESSION_COOKIE, type Principal } from '../../services/auth/principal.js';
import { endSession, listSessions, SESSION_MAX_MS } from '../../services/auth/sessions.js';
import { requireUser } from '../../services/auth/users.js';
import { PAGE_CSP } from '../pages/layout.js';
import { signInLinkProblemPage } from '../pages/sign-in-link.js';
import { clientOf, ownOrigin } from '../plugins/auth.js';
import { errorBody } from '../plugins/errors.js';
import { ErrorBody, NoContent } from '../schemas.js';
import {
  ApiTokenList,
  CreatedApiToken,
  IdParams,
  LinkParams,
  LoginBody,
  PasswordBody,
  SessionList,
  SessionParams,
  SessionQuery,
  SignedIn,
  TokenBody,
  WhoAmI,
} from '../schemas/auth.js';

const tags = ['auth'];
const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { sessionCookie: [] }];

export interface AuthPublicOptions {
  deps: Deps;
  throttle: LoginThrottle;
  /** Requests a minute per client address to /auth/login and /auth/link (every attempt, failed or not). */
  perMinute: number;
}

function sessionPrincipal(signedIn: Session): Principal {
  const { user, session } = signedIn;
  return { kind: 'session', role: user.role, userId: user.id, email: user.email, sessionId: session.id, csrfToken: session.csrf_token };
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure: request.protocol === 'https',
    maxAge: SESSION_MAX_MS / 1000,
  });
}

/**
 * Signing in, without credentials: POST /auth/login and the one-time links (GET /auth/link/:token). Rate-limited per
 * address here; failed passwords are throttled per account and per address by the login service.
 */
export const authPublicRoutes: FastifyPluginAsyncTypebox<AuthPublicOptions> = async (app, { deps, throttle, perMinute }) => {
  await app.register(rateLimit, { global: false });
  app.addHook(
    'onRequest',
    app.rateLimit({
      max: perMinute,
      timeWindow: 60_000,
      keyGenerator: (request) => `sign-in|${normalizeIP(request.ip)}`,
      errorResponseBuilder: () => new AppError('too_many_attempts', 'Too many sign-in requests from this address: wait a minute.', 429),
    }),
  );

  app.post(
    '/auth/login',
    {
      schema: {
        tags,
        summary: 'Sign in with email and password: sets the ic_session cookie (httpOnly, SameSite=Strict) and gives the CSRF token',
        body: LoginBody,
        response: { 200: SignedIn, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      // A page elsewhere cannot sign the browser in to someone else's account (login CSRF).
      const origin = request.headers.origin;
      if (origin !== undefined && origin !== ownOrigin(request)) {
        return reply.status(403).send(errorBody('csrf_failed', "Sign in from this service's own page."));
      }
      const signedIn = await login(deps, throttle, request.body, clientOf(request));
      setSessionCookie(request, reply, signedIn.token);
      await recordAudit(deps, { principal: sessionPrincipal(signedIn), action: 'auth.login', target: {}, ip: request.ip });
      const { user, session } = signedIn;
      return { user: { id: user.id, email: user.email, role: user.role }, csrf_token: session.csrf_token };
    },
  );

  await app.register(async (scope) => {
    const links = scope.withTypeProvider<TypeBoxTypeProvider>();
    const sendPage = (reply: FastifyReply, status: number, body: string) =>
      reply
        .status(status)
        .type('text/html; charset=utf-8')
        .header('content-security-policy', PAGE_CSP)
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .send(body);
    // A browser opened this link: every failure is a page, never JSON or a stack trace.
    links.setErrorHandler((err: { statusCode?: number }, request, reply) => {
      const status = err instanceof AppError ? err.status : (err.statusCode ?? 500);
      if (status >= 500) request.log.error({ err }, 'sign-in link failed');
      const title = status === 429 ? 'Too many attempts: wait a minute and open the link again.' : 'The link could not be opened.';
      return sendPage(reply, status >= 400 && status < 600 ? status : 500, `<!doctype html><title>${title}</title><p>${title}</p>`);
    });
    links.get(
      '/auth/link/:token',
      {
        schema: {
          tags,
          summary: 'A one-time sign-in link: opens a session and redirects (303) to /app/; used or expired: an HTML page, 410',
          params: LinkParams,
          produces: ['text/html'],
        },
      },
      async (request, reply) => {
        const result = await signInWithLink(deps, request.params.token, clientOf(request));
        if ('problem' in result) {
          const page = signInLinkProblemPage(result.problem);
          return sendPage(reply, page.status, page.body);
        }
        setSessionCookie(request, reply, result.token);
        await recordAudit(deps, { principal: sessionPrincipal(result), action: 'auth.link', target: {}, ip: request.ip });
        return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').redirect('/app/', 303);
      },
    );
  });
};

/** The signed-in person's own account: who am I, sign out, password, sessions, API tokens. Any role. */
export const authRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const config = { role: 'viewer' as const };
  const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody };
  const userIdOf = (principal: Principal): number => {
    if (principal.userId === null) throw new AppError('no_user', 'The admin key is no user: sign in as one, or use their API token.', 422);
    return principal.userId;
  };

  app.get(
    '/auth/me',
    { config, schema: { tags, summary: "Who is asking, with the session's CSRF token", security, response: { 200: WhoAmI, ...errors } } },
    async (request) => {
      const p = request.principal;
      // Whether a password is set: the web app asks someone who came in by a one-time link to choose one.
      const hasPassword = p.userId === null ? false : (await requireUser(deps, p.userId)).password_hash !== null;
      return {
        user: p.userId === null ? null : { id: p.userId, email: p.email ?? '', role: p.role, has_password: hasPassword },
        kind: p.kind,
        role: p.role,
        csrf_token: p.csrfToken ?? null,
      };
    },
  );

  app.post(
    '/auth/logout',
    { config, schema: { tags, summary: 'End this session and clear its cookie', security, response: { 204: NoContent, ...errors } } },
    async (request, reply) => {
      if (request.principal.sessionId !== undefined) await endSession(deps, request.principal.sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/password',
    {
      config,
      schema: {
        tags,
        summary: 'Set your password (at least 12 characters; the current one is needed when one is set); your other sessions end',
        security,
        body: PasswordBody,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      await changePassword(deps, userIdOf(request.principal), request.body, request.principal.sessionId);
      request.auditNote = { action: 'auth.password', target: { user_id: request.principal.userId } };
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/sessions',
    {
      config,
      schema: {
        tags,
        summary: "Your live sessions (admins: anyone's with user_id)",
        security,
        querystring: SessionQuery,
        response: { 200: SessionList, ...errors },
      },
    },
    async (request) => {
      const asked = request.query.user_id;
      if (asked !== undefined && asked !== request.principal.userId && request.principal.role !== 'admin') {
        throw new AppError('forbidden', "Only admins see other people's sessions.", 403);
      }
      return { items: await listSessions(deps, asked ?? userIdOf(request.principal), request.principal.sessionId) };
    },
  );

  app.delete(
    '/auth/sessions/:id',
    {
      config,
      schema: {
        tags,
        summary: "Revoke a session: your own (admins: anyone's)",
        security,
        params: SessionParams,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      const owner = request.principal.role === 'admin' ? undefined : userIdOf(request.principal);
      if (!(await endSession(deps, request.params.id, owner))) throw new AppError('not_found', 'Session not found', 404);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/tokens',
    { config, schema: { tags, summary: 'Your API tokens (never their secrets)', security, response: { 200: ApiTokenList, ...errors } } },
    async (request) => ({ items: await listTokens(deps, userIdOf(request.principal)) }),
  );

  app.post(
    '/auth/tokens',
    {
      config,
      schema: {
        tags,
        summary: 'A new API token acting with your role (Authorization: Bearer <token>); the secret is shown only here',
        security,
        body: TokenBody,
        response: { 201: CreatedApiToken, ...errors },
      },
    },
    async (request, reply) => {
      const created = await createApiToken(deps, userIdOf(request.principal), request.body.name);
      request.auditNote = { action: 'auth.token.create', target: { id: created.id, name: created.name } };
      return reply.status(201).send(created);
    },
  );

  app.delete(
    '/auth/tokens/:id',
    {
      config,
      schema: {
        tags,
        summary: "Revoke one of your API tokens (admins: anyone's)",
        security,
        params: IdParams,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      await revokeToken(deps, request.params.id, request.principal.role === 'admin' ? undefined : userIdOf(request.principal));
      return reply.status(204).send(null);
    },
  );
};
