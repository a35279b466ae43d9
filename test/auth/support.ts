import type { TestApp } from '../helpers/app.js';
import type { JsonBody } from '../helpers/json.js';

/** A request with exactly these headers (no key, no cookie unless given); the body as JSON or, failing that, as text. */
export async function send(
  t: Pick<TestApp, 'url'>,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown } = {},
): Promise<{ status: number; body: JsonBody; headers: Headers; text: string }> {
  const res = await fetch(`${t.url}${path}`, {
    method,
    redirect: 'manual',
    headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await res.text();
  let body: JsonBody;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, headers: res.headers, text };
}

/** POST /auth/login from `ip` (the app trusts X-Forwarded-For in these suites). */
export function loginFrom(t: Pick<TestApp, 'url'>, email: string, password: string, ip = '203.0.113.1') {
  return send(t, 'POST', '/auth/login', { headers: { 'x-forwarded-for': ip }, body: { email, password } });
}

/** The `ic_session=…` pair of a Set-Cookie answer ('' when none). */
export function sessionCookieOf(headers: Headers): string {
  return (headers.getSetCookie().find((c) => c.startsWith('ic_session=')) ?? '').split(';')[0] ?? '';
}
