import helmet from '@fastify/helmet';
import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

const DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * Helmet's headers on every answer, with a Content-Security-Policy that lets a page run only the scripts and style
 * sheets this service serves: no inline script, no inline style, nothing from elsewhere. The dashboard (/app/) lives
 * within it; the candidate's page (/b/...) replaces it with its own, stricter one. No `upgrade-insecure-requests`
 * and no HSTS: the service is often reached over plain http on a private network (a TLS proxy adds HSTS).
 */
export const SECURITY_HEADERS: FastifyHelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: DIRECTIVES },
  strictTransportSecurity: false,
  referrerPolicy: { policy: 'same-origin' },
};

/** Swagger UI sets inline styles as it renders (scripts stay 'self' only): its pages alone allow them. */
const DOCS_HEADERS: FastifyHelmetOptions = {
  ...SECURITY_HEADERS,
  contentSecurityPolicy: { useDefaults: false, directives: { ...DIRECTIVES, styleSrc: ["'self'", "'unsafe-inline'"] } },
};

/** Registers helmet over the whole app; call before the docs' routes are added (their policy is set as they are). */
export async function securityHeaders(app: FastifyInstance): Promise<void> {
  app.addHook('onRoute', (route) => {
    if (route.url === '/docs' || route.url.startsWith('/docs/')) route.helmet = DOCS_HEADERS;
  });
  await app.register(helmet, SECURITY_HEADERS);
}
