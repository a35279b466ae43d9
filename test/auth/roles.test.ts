import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, signIn, simulatedCall, startApp, userRequest, type SignedIn, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/databases.js';
import { send } from './support.js';

describe.each(DIALECTS)('roles (%s)', (dialect) => {
  let t: TestApp;
  let viewer: SignedIn;
  let recruiter: SignedIn;
  let admin: SignedIn;
  let job: number;
  let candidate: number;

  beforeAll(async () => {
    t = await startApp({ dialect });
    [viewer, recruiter, admin] = [await signIn(t, 'viewer'), await signIn(t, 'recruiter'), await signIn(t, 'admin')];
    job = (await t.admin('POST', '/jobs', { title: 'Data Engineer', company: 'Acme', timezone: 'America/Chicago' })).body.id;
    await t.admin('POST', `/jobs/${job}/candidates`, { candidates: [{ name: 'Ada', phone: '+14155550177' }] });
    candidate = (await t.admin('GET', `/jobs/${job}/candidates`)).body.items[0].id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a viewer reads but is refused every change (403 forbidden), and the change did not happen', async () => {
    expect((await userRequest(t, viewer, 'GET', '/jobs')).status).toBe(200);
    const attempts = [
      ['POST', '/jobs', { title: 'Nope', company: 'Acme', timezone: 'America/Chicago' }],
      ['PATCH', `/jobs/${job}`, { title: 'Renamed' }],
      ['DELETE', `/candidates/${candidate}`, undefined],
      ['POST', `/jobs/${job}/campaign`, {}],
      ['POST', '/do-not-call', { phone: '+14155550199' }],
    ] as const;
    for (const [method, path, body] of attempts) {
      const res = await userRequest(t, viewer, method, path, body);
      expect([method, path, res.status, res.body.error.code]).toEqual([method, path, 403, 'forbidden']);
    }
    expect((await t.admin('GET', `/jobs/${job}`)).body.title).toBe('Data Engineer');
    expect((await t.admin('GET', `/candidates/${candidate}`)).status).toBe(200);
  });

  it('a viewer sees phone numbers masked; a recruiter sees them whole', async () => {
    const asViewer = await userRequest(t, viewer, 'GET', `/jobs/${job}/candidates`);
    expect(asViewer.body.items[0].phone).toBe('+1••••••0177');
    expect(JSON.stringify(asViewer.body)).not.toContain('4155550177');
    expect((await userRequest(t, viewer, 'GET', `/candidates/${candidate}`)).body.phone).toBe('+1••••••0177');
    expect((await userRequest(t, recruiter, 'GET', `/jobs/${job}/candidates`)).body.items[0].phone).toBe('+14155550177');
  });

  it("a viewer sees a call's candidate phone masked in the calls list and on the call", async () => {
    const { callSid } = await simulatedCall(t, ['yes', 'the first one', 'yes']);
    const list = await userRequest(t, viewer, 'GET', '/conversations');
    expect(list.status).toBe(200);
    const text = JSON.stringify(list.body);
    expect(text).toContain('0123');
    expect(text).not.toContain('+14155550123');
    const one = await userRequest(t, viewer, 'GET', `/conversations/${callSid}`);
    expect(JSON.stringify(one.body)).not.toContain('+14155550123');
    expect(JSON.stringify((await userRequest(t, recruiter, 'GET', `/conversations/${callSid}`)).body)).toContain('+14155550123');
  });

  it('a recruiter changes jobs but is refused the admin routes (users, audit, webhooks, outbox, calendar token)', async () => {
    expect((await userRequest(t, recruiter, 'PATCH', `/jobs/${job}`, { title: 'Data Engineer II' })).status).toBe(200);
    const refused = [
      ['GET', '/users', undefined],
      ['POST', '/users', { email: 'new@example.com', role: 'admin' }],
      ['GET', '/audit', undefined],
      ['GET', '/webhooks', undefined],
      ['POST', '/webhooks', { url: 'https://example.com/hook', events: ['booking.created'] }],
      ['GET', '/outbox', undefined],
      ['POST', `/jobs/${job}/calendar-token`, undefined],
    ] as const;
    for (const [method, path, body] of refused) {
      const res = await userRequest(t, recruiter, method, path, body);
      expect([method, path, res.status, res.body.error.code]).toEqual([method, path, 403, 'forbidden']);
    }
    for (const path of ['/users', '/audit', '/webhooks', '/outbox']) expect((await userRequest(t, admin, 'GET', path)).status).toBe(200);
    expect((await userRequest(t, admin, 'POST', `/jobs/${job}/calendar-token`)).status).toBe(201);
  });

  it('ADMIN_API_KEY is still an admin bearer; no credentials or a wrong bearer is 401', async () => {
    expect((await send(t, 'GET', '/users', { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).status).toBe(200);
    const me = await send(t, 'GET', '/auth/me', { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(me.body).toMatchObject({ kind: 'key', role: 'admin', user: null, csrf_token: null });
    const attempts: Array<Record<string, string>> = [{}, { authorization: 'Bearer wrong-key' }, { authorization: 'Bearer ic_not-a-token' }];
    for (const headers of attempts) {
      const res = await send(t, 'GET', '/jobs', { headers });
      expect([res.status, res.body.error.code]).toEqual([401, 'unauthorized']);
    }
    // A wrong bearer is not rescued by a valid cookie: the sender meant the bearer.
    expect((await send(t, 'GET', '/jobs', { headers: { authorization: 'Bearer wrong', cookie: viewer.cookie } })).status).toBe(401);
  });

  it('an admin manages users: adds one with a sign-in link, changes a role, and cannot demote the last admin', async () => {
    const created = await userRequest(t, admin, 'POST', '/users', { email: 'Newbie@Example.com', role: 'viewer' });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ email: 'newbie@example.com', role: 'viewer', disabled: false, has_password: false });
    expect(created.body.sign_in_link).toMatch(new RegExp(`^${t.url}/auth/link/[A-Za-z0-9_-]{43}$`));
    const again = await userRequest(t, admin, 'POST', '/users', { email: 'newbie@example.com', role: 'viewer' });
    expect([again.status, again.body.error.code]).toEqual([409, 'email_taken']);
    const patched = await userRequest(t, admin, 'PATCH', `/users/${created.body.user.id}`, { role: 'recruiter' });
    expect(patched.body).toMatchObject({ role: 'recruiter' });
    const users = (await userRequest(t, admin, 'GET', '/users')).body.items as Array<{ id: number; role: string }>;
    for (const u of users.filter((x) => x.role === 'admin' && x.id !== admin.userId)) {
      expect((await userRequest(t, admin, 'PATCH', `/users/${u.id}`, { disabled: true })).status).toBe(200);
    }
    const last = await userRequest(t, admin, 'PATCH', `/users/${admin.userId}`, { role: 'viewer' });
    expect([last.status, last.body.error.code]).toEqual([409, 'last_admin']);
  });
});
