import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, signIn, startApp, userRequest, type SignedIn, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/databases.js';
import { send } from './support.js';

describe.each(DIALECTS)('CSRF and API tokens (%s)', (dialect) => {
  let t: TestApp;
  let recruiter: SignedIn;
  let job: number;

  beforeAll(async () => {
    t = await startApp({ dialect });
    recruiter = await signIn(t, 'recruiter');
    job = (await t.admin('POST', '/jobs', { title: 'Data Engineer', company: 'Acme', timezone: 'America/Chicago' })).body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const title = async () => (await t.admin('GET', `/jobs/${job}`)).body.title as string;

  it('a cookie request that changes something without the CSRF token, or with a wrong one, is refused (403 csrf_failed)', async () => {
    for (const csrf of ['', 'wrong-token', `${recruiter.csrf}x`]) {
      const res = await userRequest(t, recruiter, 'PATCH', `/jobs/${job}`, { title: 'Forged' }, csrf);
      expect([csrf, res.status, res.body.error.code]).toEqual([csrf, 403, 'csrf_failed']);
    }
    expect(await title()).toBe('Data Engineer');
  });

  it('with the right CSRF token it goes through; a foreign Origin is refused even with it', async () => {
    expect((await userRequest(t, recruiter, 'PATCH', `/jobs/${job}`, { title: 'Renamed' })).status).toBe(200);
    expect(await title()).toBe('Renamed');
    const headers = { cookie: recruiter.cookie, 'x-csrf-token': recruiter.csrf };
    const foreign = await send(t, 'PATCH', `/jobs/${job}`, {
      headers: { ...headers, origin: 'https://evil.example' },
      body: { title: 'Evil' },
    });
    expect([foreign.status, foreign.body.error.code]).toEqual([403, 'csrf_failed']);
    const own = await send(t, 'PATCH', `/jobs/${job}`, { headers: { ...headers, origin: t.url }, body: { title: 'Own origin' } });
    expect(own.status).toBe(200);
    expect(await title()).toBe('Own origin');
  });

  it("another session's CSRF token does not do for this one", async () => {
    const other = await signIn(t, 'recruiter');
    const res = await userRequest(t, recruiter, 'PATCH', `/jobs/${job}`, { title: 'Mixed' }, other.csrf);
    expect(res.status).toBe(403);
  });

  it('bearer requests (the admin key, an API token) need no CSRF token', async () => {
    const byKey = await send(t, 'PATCH', `/jobs/${job}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` }, body: { title: 'By key' } });
    expect(byKey.status).toBe(200);
    const token = (await userRequest(t, recruiter, 'POST', '/auth/tokens', { name: 'script' })).body.token as string;
    const byToken = await send(t, 'PATCH', `/jobs/${job}`, { headers: { authorization: `Bearer ${token}` }, body: { title: 'By token' } });
    expect(byToken.status).toBe(200);
    expect(await title()).toBe('By token');
  });

  it("an API token acts with its user's role, is listed without its secret, and stops when revoked", async () => {
    const viewer = await signIn(t, 'viewer');
    const created = await userRequest(t, viewer, 'POST', '/auth/tokens', { name: 'dashboard export' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^ic_[A-Za-z0-9_-]{43}$/);
    const bearer = { authorization: `Bearer ${created.body.token as string}` };
    expect((await send(t, 'GET', '/jobs', { headers: bearer })).status).toBe(200);
    const refused = await send(t, 'PATCH', `/jobs/${job}`, { headers: bearer, body: { title: 'Viewer token' } });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden']);
    const me = await send(t, 'GET', '/auth/me', { headers: bearer });
    expect(me.body).toMatchObject({ kind: 'token', role: 'viewer', user: { id: viewer.userId } });
    const listed = await userRequest(t, viewer, 'GET', '/auth/tokens');
    expect(listed.body.items).toEqual([expect.objectContaining({ id: created.body.id, name: 'dashboard export' })]);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);
    const stored = await t.deps.database.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(created.body.token);
    expect((await userRequest(t, viewer, 'DELETE', `/auth/tokens/${created.body.id as number}`)).status).toBe(204);
    const after = await send(t, 'GET', '/jobs', { headers: bearer });
    expect([after.status, after.body.error.code]).toEqual([401, 'unauthorized']);
  });

  it('disabling a user stops their tokens and sessions at once, for good; once enabled they sign in again', async () => {
    const person = await signIn(t, 'recruiter');
    const token = (await userRequest(t, person, 'POST', '/auth/tokens', { name: 'ci' })).body.token as string;
    const bearer = { authorization: `Bearer ${token}` };
    expect((await send(t, 'GET', '/jobs', { headers: bearer })).status).toBe(200);
    expect((await t.admin('PATCH', `/users/${person.userId}`, { disabled: true })).body.disabled).toBe(true);
    expect((await send(t, 'GET', '/jobs', { headers: bearer })).status).toBe(401);
    expect((await userRequest(t, person, 'GET', '/jobs')).status).toBe(401);
    expect((await send(t, 'POST', '/auth/login', { body: { email: person.email, password: person.password } })).status).toBe(401);
    // Disabling revoked the token for good: enabling the person again does not bring it back.
    await t.admin('PATCH', `/users/${person.userId}`, { disabled: false });
    expect((await send(t, 'GET', '/jobs', { headers: bearer })).status).toBe(401);
    expect((await send(t, 'POST', '/auth/login', { body: { email: person.email, password: person.password } })).status).toBe(200);
  });

  it('the OpenAPI document describes the sign-in, users and audit routes (the web app types come from it)', async () => {
    const doc = (await send(t, 'GET', '/docs/json')).body;
    expect(doc.paths['/auth/login'].post.tags).toEqual(['auth']);
    expect(doc.paths['/users'].post.tags).toEqual(['users']);
    expect(doc.paths['/audit'].get.responses['200']).toBeDefined();
    expect(doc.components.securitySchemes.sessionCookie).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'ic_session' });
  });
});
