import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appShellRoutes } from '../../src/http/routes/app-shell.js';
import { prefersHtml } from '../../src/http/routes/status.js';
import { startWebApp, type WebApp } from './support.js';

/** The built app served at /app/ with its security headers; `/` sends a browser there; /docs still works under the CSP. */
describe('serving the web app', () => {
  let w: WebApp;
  beforeAll(async () => {
    w = await startWebApp();
  });
  afterAll(async () => {
    await w?.close();
  });

  it('serves index.html at /app/ and for any app path, with a CSP that forbids inline scripts', async () => {
    for (const path of ['/app/', '/app/calls', '/app/calls/CA123?x=1']) {
      const res = await fetch(`${w.t.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      const html = await res.text();
      expect(html).toMatch(/<script type="module" crossorigin src="\/app\/assets\/index-[\w-]+\.js"><\/script>/);
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const bare = await fetch(`${w.t.url}/app`, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([301, '/app/']);
  });

  it('serves the hashed assets for a year and answers 404 for a missing one (never the page)', async () => {
    const html = await (await fetch(`${w.t.url}/app/`)).text();
    const script = /src="(\/app\/assets\/[^"]+\.js)"/.exec(html)?.[1] ?? '';
    const res = await fetch(`${w.t.url}${script}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${w.t.url}/app/assets/nothing-here.js`)).status).toBe(404);
  });

  it('redirects a browser at / to /app/ and answers the status to API clients', async () => {
    const browser = await fetch(`${w.t.url}/`, {
      redirect: 'manual',
      headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
    });
    expect([browser.status, browser.headers.get('location')]).toEqual([302, '/app/']);
    for (const accept of ['application/json', '*/*', '']) {
      const res = await fetch(`${w.t.url}/`, { redirect: 'manual', headers: accept === '' ? {} : { accept } });
      expect(res.status, accept).toBe(200);
      expect(await res.json()).toMatchObject({ service: 'interview-caller' });
    }
    expect(prefersHtml('application/json, text/html;q=0.5')).toBe(false);
    expect(prefersHtml('text/html;q=0.9, application/json;q=0.8')).toBe(true);
  });

  it('keeps the API docs working under the policy (no CSP refusal in the page)', async () => {
    const { page, problems } = await w.anonymous();
    await page.goto(`${w.t.url}/docs`);
    await page.getByText('interview-caller', { exact: false }).first().waitFor();
    await page.locator('.opblock').first().waitFor();
    expect(problems).toEqual([]);
  });

  it('says how to build the app when dist/web is missing', async () => {
    const app = Fastify();
    await app.register(appShellRoutes, { webRoot: '/nonexistent/web' });
    const res = await app.inject({ url: '/app/calls' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build');
    await app.close();
  });
});
