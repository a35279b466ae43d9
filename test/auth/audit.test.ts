import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, simulatedCall, startApp, userRequest, type SignedIn, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/databases.js';

describe.each(DIALECTS)('the audit log (%s)', (dialect) => {
  let t: TestApp;
  let recruiter: SignedIn;
  let admin: SignedIn;

  beforeAll(async () => {
    t = await startApp({ dialect });
    recruiter = await signIn(t, 'recruiter');
    admin = await signIn(t, 'admin');
  });
  afterAll(async () => {
    await t?.close();
  });

  const entries = async () => (await userRequest(t, admin, 'GET', '/audit?limit=500')).body.items as Array<Record<string, unknown>>;

  it('records a campaign start, a conversation deleted and a user changed, each with who did it and from where', async () => {
    const job = (await userRequest(t, recruiter, 'POST', '/jobs', { title: 'Data Engineer', company: 'Acme', timezone: 'America/Chicago' }))
      .body.id as number;
    await userRequest(t, recruiter, 'POST', `/jobs/${job}/candidates`, { candidates: [{ name: 'Ada', phone: '+14155550177' }] });
    expect((await userRequest(t, recruiter, 'POST', `/jobs/${job}/campaign`, {})).status).toBeLessThan(300);
    const { callSid } = await simulatedCall(t, ['yes', 'the first one', 'yes']);
    expect((await userRequest(t, recruiter, 'DELETE', `/conversations/${callSid}`)).status).toBe(204);
    const viewer = await signIn(t, 'viewer');
    expect((await userRequest(t, admin, 'PATCH', `/users/${viewer.userId}`, { role: 'recruiter' })).status).toBe(200);

    const log = await entries();
    expect(log).toContainEqual(
      expect.objectContaining({
        actor: recruiter.email,
        user_id: recruiter.userId,
        action: 'POST /jobs/:id/campaign',
        target: { id: job },
      }),
    );
    expect(log).toContainEqual(
      expect.objectContaining({
        actor: recruiter.email,
        action: 'DELETE /conversations/:call_sid',
        target: { call_sid: callSid },
        ip: '127.0.0.1',
      }),
    );
    expect(log).toContainEqual(
      expect.objectContaining({
        actor: admin.email,
        user_id: admin.userId,
        action: 'users.update',
        target: { id: viewer.userId, email: viewer.email, role: 'recruiter' },
      }),
    );
    // The admin key's own changes are recorded too (simulatedCall placed its call with it).
    expect(log).toContainEqual(expect.objectContaining({ actor: 'admin key', user_id: null, action: 'POST /make-actual-call' }));
    expect(log).toContainEqual(expect.objectContaining({ actor: recruiter.email, action: 'auth.login' }));
  });

  it('records bulk reads of personal data; refused and failed requests leave no entry', async () => {
    const viewer = await signIn(t, 'viewer');
    await userRequest(t, viewer, 'GET', '/conversations');
    await userRequest(t, viewer, 'DELETE', '/conversations/CA0000'); // 403
    await userRequest(t, recruiter, 'DELETE', '/conversations/CAnot-there'); // 404
    const log = await entries();
    expect(log).toContainEqual(expect.objectContaining({ actor: viewer.email, action: 'GET /conversations' }));
    expect(log.filter((e) => e.actor === viewer.email && e.action !== 'auth.login' && e.action !== 'GET /conversations')).toEqual([]);
    expect(log.filter((e) => JSON.stringify(e.target).includes('CAnot-there'))).toEqual([]);
  });

  it('pages newest first with a cursor', async () => {
    const first = await userRequest(t, admin, 'GET', '/audit?limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items[0].id).toBeGreaterThan(first.body.items[1].id);
    const next = await userRequest(t, admin, 'GET', `/audit?limit=2&cursor=${first.body.next_cursor as number}`);
    expect(next.body.items[0].id).toBeLessThan(first.body.items[1].id);
  });
});
