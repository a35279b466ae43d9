import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie'; // its request.cookies typing
import { isSafeMethod, requiredRole, roleAllows, type Role } from '../../core/auth/roles.js';
import { maskPhoneLikeValues, maskPhones } from '../../core/auth/mask.js';
import type { Deps } from '../../deps.js';
import { recordAudit } from '../../services/auth/audit.js';
import { authenticate, SESSION_COOKIE, type Principal } from '../../services/auth/principal.js';
import { sameSecret } from '../../services/auth/secrets.js';
import { errorBody } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking; set by {@link requireSignIn} in the authenticated scope (null elsewhere). */
    principal: Principal;
    /** A route may name its audit entry and what it touched (default: `<METHOD> <route url>` and the route params). */
    auditNote: { action?: string; target?: Record<string, unknown> } | null;
  }
  interface FastifyContextConfig {
    /** The least role the route needs (default: viewer for GET/HEAD, recruiter for every other method). */
    role?: Role;
    /** Record a successful read in the audit log too (a bulk read or an export of personal data). */
    audit?: boolean;
  }
}

/**
 * Reads of personal data in bulk that are audited like changes (a route may also say `config: { audit: true }`).
 * Listed here rather than on each route so the rule is read in one place.
 */
const AUDITED_READS = new Set(['/conversations', '/jobs/:id/candidates', '/do-not-call', '/outbox', '/outbox/:file']);

/** Decorations for every request (the principal and the audit note), on the root instance, once. */
export function decorateAuth(app: FastifyInstance): void {
  app.decorateRequest('principal', null as unknown as Principal);
  app.decorateRequest('auditNote', null);
}

/** The request's own origin (scheme://host[:port]), as a browser would send it in Origin. */
export function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** The client's address for the audit log and the sessions list. */
export function clientOf(request: FastifyRequest): { ip: string | null; userAgent: string | null } {
  return { ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null };
}

/**
 * The authenticated scope's hooks: who is asking (401 unauthorized), whether their role may (403 forbidden), the
 * CSRF check for browser sessions (403 csrf_failed), phone numbers masked for viewers, and the audit log of every
 * successful change (and audited reads).
 */
export function requireSignIn(scope: FastifyInstance, deps: Deps, adminKey: string): void {
  scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = await authenticate(deps, adminKey, {
      authorization: request.headers.authorization,
      sessionToken: request.cookies[SESSION_COOKIE],
    });
    if (principal === undefined) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer')
        .send(errorBody('unauthorized', 'Sign in, or send Authorization: Bearer <API token or ADMIN_API_KEY>.'));
    }
    request.principal = principal;
    const needed = requiredRole(request.method, request.routeOptions.config.role);
    if (!roleAllows(principal.role, needed)) {
      return reply.status(403).send(errorBody('forbidden', `This needs the ${needed} role; you are ${principal.role}.`));
    }
    if (principal.kind === 'session' && !isSafeMethod(request.method) && !csrfOk(request, principal)) {
      return reply.status(403).send(errorBody('csrf_failed', 'Missing or wrong x-csrf-token (or a foreign Origin): reload the page.'));
    }
  });

  scope.addHook('preSerialization', async (request: FastifyRequest, _reply: FastifyReply, payload: unknown) =>
    request.principal?.role === 'viewer' ? maskPhones(payload) : payload,
  );

  scope.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const url = request.routeOptions.url;
    const audited =
      !isSafeMethod(request.method) || request.routeOptions.config.audit === true || (url !== undefined && AUDITED_READS.has(url));
    if (!audited || reply.statusCode >= 400 || request.principal === null || url === undefined) return payload;
    // Phone numbers in a path (DELETE /do-not-call/:phone, an erasure's /candidates/+1…) are masked, and of a read's
    // query only the names are kept (a name search is personal data): the log names what was touched, never copies it.
    const params = maskPhoneLikeValues((request.params ?? {}) as Record<string, unknown>);
    const query = isSafeMethod(request.method) ? Object.keys(request.query ?? {}) : [];
    try {
      await recordAudit(deps, {
        principal: request.principal,
        action: request.auditNote?.action ?? `${request.method} ${url}`,
        target: request.auditNote?.target ?? { ...params, ...(query.length === 0 ? {} : { query }) },
        ip: request.ip ?? null,
      });
    } catch (err) {
      // The change itself is done: its answer still goes out, and the gap in the log is logged loudly.
      request.log.error({ err, action: `${request.method} ${url}` }, 'could not write the audit log');
    }
    return payload;
  });
}

/** A session's change carries its CSRF token and, when the browser names an Origin, comes from this service's own. */
function csrfOk(request: FastifyRequest, principal: Principal): boolean {
  const header = request.headers['x-csrf-token'];
  const given = Array.isArray(header) ? header[0] : header;
  if (given === undefined || principal.csrfToken === undefined || !sameSecret(given, principal.csrfToken)) return false;
  const origin = request.headers.origin;
  return origin === undefined || origin === ownOrigin(request);
}
