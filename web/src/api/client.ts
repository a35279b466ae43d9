import createClient from 'openapi-fetch';
import type { Middleware } from 'openapi-fetch';
import type { paths } from './schema.js';
import { csrfToken, signedOut } from '../auth.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The session's CSRF token on every state-changing request (the server refuses one without it); a 401 on anything
 * but the sign-in calls themselves means the session ended: the app shows the sign-in form.
 */
const session: Middleware = {
  onRequest({ request }) {
    const token = csrfToken.value;
    if (!SAFE.has(request.method) && token !== null) request.headers.set('x-csrf-token', token);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/auth/')) signedOut();
    return response;
  },
};

/** The typed API client: paths, parameters and bodies checked against the service's OpenAPI document. */
export const api = createClient<paths>({ baseUrl: location.origin, credentials: 'same-origin' });
api.use(session);

/** The `error` object of an API error body (`{error:{code,message}}`), when that is what `body` is. */
function errorOf(body: unknown): { code?: unknown; message?: unknown } | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const inner = body.error;
  return typeof inner === 'object' && inner !== null ? inner : undefined;
}

/** An API error body's message, or a fallback for anything else. */
export function errorMessage(error: unknown, fallback = 'Something went wrong.'): string {
  const message = errorOf(error)?.message;
  return typeof message === 'string' ? message : fallback;
}

/** An API error body's code, when there is one. */
export function errorCode(error: unknown): string | undefined {
  const code = errorOf(error)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The JSON a GET of `P` answers with 200: `Get<'/analytics'>`. */
export type Get<P extends keyof paths> = paths[P] extends { get: { responses: { 200: { content: { 'application/json': infer T } } } } }
  ? T
  : never;
