import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

/** Where `npm run build` puts the dashboard: dist/web under the project's root (found from this file, built or not). */
export function defaultWebRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'web');
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The dashboard at /app/: the files Vite built (hashed assets cached for a year, index.html always revalidated), and
 * index.html for any other /app/ path, where the app's own router takes over. Without a build, every /app/ path
 * answers a page saying how to build it (503), so `npm run dev` without `npm run build` is not a mystery.
 */
export const appShellRoutes: FastifyPluginAsync<{ webRoot?: string }> = async (app, options) => {
  const root = options.webRoot ?? defaultWebRoot();
  const hidden = { hide: true } as const;
  app.get('/app', { schema: hidden }, async (_request, reply) => reply.redirect('/app/', 301));

  if (!existsSync(join(root, 'index.html'))) {
    const notBuilt = async (_request: unknown, reply: FastifyReply) =>
      reply.status(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(NOT_BUILT);
    app.get('/app/', { schema: hidden }, notBuilt);
    app.get('/app/*', { schema: hidden }, notBuilt);
    return;
  }

  await app.register(fastifyStatic, {
    root,
    prefix: '/app/',
    // Routes for the files present at start (a build replaces them all, and a start follows a build).
    wildcard: false,
    index: 'index.html',
    schemaHide: true,
    setHeaders(reply, path) {
      reply.header('cache-control', path.includes(`${join('/', 'assets')}/`) ? IMMUTABLE : 'no-cache');
    },
  });
  app.get('/app/*', { schema: hidden }, async (request, reply) => {
    // A missing asset is a 404, never the app's page (a script tag must not receive HTML).
    if (request.url.startsWith('/app/assets/')) return reply.callNotFound();
    return reply.header('cache-control', 'no-cache').sendFile('index.html', root);
  });
};

const NOT_BUILT = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Dashboard not built</title></head>
<body>
<main>
<h1>The dashboard is not built yet</h1>
<p>Run <code>npm run build</code> (or <code>npm start</code>, which builds first), then reload this page.</p>
<p>The API works without it: see <a href="/docs">/docs</a>.</p>
</main>
</body>
</html>
`;
