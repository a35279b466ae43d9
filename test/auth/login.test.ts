import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startApp, userRequest, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/databases.js';
import { createUser } from '../../src/services/auth/users.js';
import { loginFrom, send, sessionCookieOf } from './support.js';

describe.each(DIALECTS)('signing in with a password (%s)', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({
      dialect,
      env: { TRUST_PROXY: 'true', LOGIN_FAILURE_LIMIT: '3', LOGIN_IP_FAILURE_LIMIT: '5', LOGIN_RATE_LIMIT: '1000' },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the right password opens a session: an httpOnly, SameSite=Strict cookie on / and the CSRF token', async () => {
    await createUser(t.deps, { email: 'Rita@Example.com', role: 'recruiter', password: 'correct horse battery' });
    const res = await loginFrom(t, 'rita@example.com', 'correct horse battery');
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: 'rita@example.com', role: 'recruiter' });
    expect(res.body.csrf_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('ic_session=')) ?? '';
    expect(setCookie).toMatch(/; HttpOnly/i);
    expect(setCookie).toMatch(/; SameSite=Strict/i);
    expect(setCookie).toMatch(/; Path=\//i);
    expect(setCookie).not.toMatch(/; Secure/i); // plain http here; over https (a trusted proxy's X-Forwarded-Proto) it is Secure
    const me = await send(t, 'GET', '/auth/me', { headers: { cookie: sessionCookieOf(res.headers) } });
    expect(me.body).toMatchObject({
      kind: 'session',
      role: 'recruiter',
      user: { email: 'rita@example.com' },
      csrf_token: res.body.csrf_token,
    });
  });

  it('over https (as a trusted proxy says) the cookie is Secure', async () => {
    const { email, password } = await signIn(t, 'viewer');
    const res = await send(t, 'POST', '/auth/login', {
      headers: { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' },
      body: { email, password },
    });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().find((c) => c.startsWith('ic_session='))).toMatch(/; Secure/i);
  });

  it('a wrong password, an unknown email and an account with no password all answer 401 invalid_credentials', async () => {
    await createUser(t.deps, { email: 'nopass@example.com', role: 'viewer' });
    for (const [email, password] of [
      ['rita@example.com', 'not the password'],
      ['nobody@example.com', 'correct horse battery'],
      ['nopass@example.com', ''],
    ] as const) {
      const res = await loginFrom(t, email, password === '' ? 'anything at all' : password, '203.0.113.50');
      expect([email, res.status, res.body.error.code]).toEqual([email, 401, 'invalid_credentials']);
      expect(res.headers.getSetCookie()).toEqual([]);
    }
  });

  it('an account is locked after its failures, from any address, even for the right password (429)', async () => {
    await createUser(t.deps, { email: 'target@example.com', role: 'viewer', password: 'the real password' });
    for (let i = 0; i < 3; i++) expect((await loginFrom(t, 'target@example.com', `guess ${i}`, `198.51.100.${i}`)).status).toBe(401);
    const locked = await loginFrom(t, 'target@example.com', 'the real password', '198.51.100.77');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('too_many_attempts');
    // Another account is not affected.
    const { email, password } = await signIn(t, 'viewer');
    expect((await loginFrom(t, email, password, '198.51.100.78')).status).toBe(200);
  });

  it('an address is locked after its failures across accounts, even for a right password (429)', async () => {
    const ip = '192.0.2.44';
    for (let i = 0; i < 5; i++) expect((await loginFrom(t, `spray${i}@example.com`, 'password123456', ip)).status).toBe(401);
    const { email, password } = await signIn(t, 'viewer');
    const refused = await loginFrom(t, email, password, ip);
    expect([refused.status, refused.body.error.code]).toEqual([429, 'too_many_attempts']);
    expect((await loginFrom(t, email, password, '192.0.2.45')).status).toBe(200);
  });

  it('the stored password is an argon2id hash, never the password', async () => {
    const who = await signIn(t, 'recruiter');
    const row = await t.deps.database.db.selectFrom('users').select('password_hash').where('id', '=', who.userId).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
    expect(row.password_hash).not.toContain(who.password);
  });

  it('logout ends the session: the same cookie is refused afterwards (401)', async () => {
    const who = await signIn(t, 'recruiter');
    expect((await userRequest(t, who, 'GET', '/jobs')).status).toBe(200);
    const out = await userRequest(t, who, 'POST', '/auth/logout');
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join()).toMatch(/ic_session=;/);
    const after = await userRequest(t, who, 'GET', '/jobs');
    expect([after.status, after.body.error.code]).toEqual([401, 'unauthorized']);
  });

  it('a session revoked from another one is refused; the sessions list shows the live ones', async () => {
    const who = await signIn(t, 'viewer');
    const second = await loginFrom(t, who.email, who.password, '203.0.113.20');
    const other = { cookie: sessionCookieOf(second.headers), csrf: second.body.csrf_token as string };
    const list = await userRequest(t, who, 'GET', '/auth/sessions');
    expect(list.body.items).toHaveLength(2);
    const otherId = list.body.items.find((s: { current: boolean }) => !s.current).id as string;
    expect((await userRequest(t, who, 'DELETE', `/auth/sessions/${otherId}`)).status).toBe(204);
    expect((await userRequest(t, other, 'GET', '/auth/me')).status).toBe(401);
    expect((await userRequest(t, who, 'GET', '/auth/me')).status).toBe(200);
    // Someone else's session is not theirs to end.
    const stranger = await signIn(t, 'recruiter');
    const strangerId = (await userRequest(t, stranger, 'GET', '/auth/sessions')).body.items[0].id as string;
    expect((await userRequest(t, who, 'DELETE', `/auth/sessions/${strangerId}`)).status).toBe(404);
    expect((await userRequest(t, stranger, 'GET', '/auth/me')).status).toBe(200);
  });

  it('changing the password needs the current one, and ends the other sessions', async () => {
    const who = await signIn(t, 'recruiter');
    const second = await loginFrom(t, who.email, who.password, '203.0.113.21');
    const other = { cookie: sessionCookieOf(second.headers), csrf: second.body.csrf_token as string };
    const wrong = await userRequest(t, who, 'POST', '/auth/password', {
      current_password: 'nope nope nope',
      new_password: 'a new password!',
    });
    expect([wrong.status, wrong.body.error.code]).toEqual([401, 'invalid_credentials']);
    const short = await userRequest(t, who, 'POST', '/auth/password', { current_password: who.password, new_password: 'short' });
    expect(short.status).toBe(400);
    const ok = await userRequest(t, who, 'POST', '/auth/password', { current_password: who.password, new_password: 'a new password!' });
    expect(ok.status).toBe(204);
    expect((await userRequest(t, other, 'GET', '/auth/me')).status).toBe(401);
    expect((await userRequest(t, who, 'GET', '/auth/me')).status).toBe(200);
    expect((await loginFrom(t, who.email, who.password, '203.0.113.22')).status).toBe(401);
    expect((await loginFrom(t, who.email, 'a new password!', '203.0.113.22')).status).toBe(200);
  });

  it('a sign-in from a foreign page (Origin of another site) is refused', async () => {
    const { email, password } = await signIn(t, 'viewer');
    const res = await send(t, 'POST', '/auth/login', { headers: { origin: 'https://evil.example' }, body: { email, password } });
    expect([res.status, res.body.error.code]).toEqual([403, 'csrf_failed']);
  });
});

describe.each(DIALECTS)('sign-in requests per address (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ dialect, env: { TRUST_PROXY: 'true', LOGIN_RATE_LIMIT: '3' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('past LOGIN_RATE_LIMIT a minute, an address gets 429 on /auth/login (JSON) and on the links (a page)', async () => {
    const ip = '203.0.113.99';
    for (let i = 0; i < 3; i++) expect((await loginFrom(t, 'x@example.com', 'wrong password', ip)).status).toBe(401);
    const limited = await loginFrom(t, 'x@example.com', 'wrong password', ip);
    expect([limited.status, limited.body.error.code]).toEqual([429, 'too_many_attempts']);
    const link = await send(t, 'GET', '/auth/link/some-token', { headers: { 'x-forwarded-for': ip } });
    expect(link.status).toBe(429);
    expect(link.headers.get('content-type')).toMatch(/^text\/html/);
    expect((await loginFrom(t, 'x@example.com', 'wrong password', '203.0.113.100')).status).toBe(401);
  });
});
