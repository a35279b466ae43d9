import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as usersCli } from '../../src/cli/users.js';
import { ensureOwner } from '../../src/services/auth/users.js';
import { FIXED_NOW, signIn, startApp, userRequest, type TestApp } from '../helpers/app.js';
import { DIALECTS, freshDatabase, type FreshDatabase } from '../helpers/databases.js';
import { loginFrom, send, sessionCookieOf } from './support.js';

describe.each(DIALECTS)('one-time sign-in links, the owner, and the users command (%s)', (dialect) => {
  let t: TestApp;
  let database: FreshDatabase;
  let dataDir: string;
  let clock = FIXED_NOW;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    dataDir = await mkdtemp(join(tmpdir(), 'ic-users-cli-'));
    t = await startApp({ dialect, database, now: () => clock });
  });
  afterAll(async () => {
    await t?.close();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** The users command against the app's database, as `npm run cli -- users …` runs it; its exit code and output. */
  const cli = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await usersCli(args, {
      env: { DATABASE_URL: database.url, DATA_DIR: dataDir, TELEPHONY: 'simulated', WEBHOOK_BASE_URL: t.url },
      out: (text) => out.push(text),
      err: (text) => err.push(text),
    });
    return { code, out: out.join(''), err: err.join('') };
  };
  const tokenOf = (link: string) => /\/auth\/link\/([A-Za-z0-9_-]+)/.exec(link)?.[1] ?? '';

  it('first start: an owner (admin, no password) and a link that signs in once, then answers 410 with a page', async () => {
    const owner = await ensureOwner(t.deps, 'owner@localhost');
    expect(owner?.email).toBe('owner@localhost');
    expect(await ensureOwner(t.deps, 'owner@localhost')).toBeUndefined(); // there are users now
    const first = await send(t, 'GET', `/auth/link/${owner?.token ?? ''}`);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/app/');
    const cookie = sessionCookieOf(first.headers);
    const me = await send(t, 'GET', '/auth/me', { headers: { cookie } });
    expect(me.body).toMatchObject({ kind: 'session', role: 'admin', user: { email: 'owner@localhost' } });
    // With no password yet, none is asked to set one.
    const set = await send(t, 'POST', '/auth/password', {
      headers: { cookie, 'x-csrf-token': me.body.csrf_token },
      body: { new_password: 'the owner password' },
    });
    expect(set.status).toBe(204);
    expect((await loginFrom(t, 'owner@localhost', 'the owner password')).status).toBe(200);
    const second = await send(t, 'GET', `/auth/link/${owner?.token ?? ''}`);
    expect(second.status).toBe(410);
    expect(second.headers.get('content-type')).toMatch(/^text\/html/);
    expect(second.text).toContain('already used');
    expect(second.text).not.toMatch(/at .*\.(ts|js):\d+/);
    expect(sessionCookieOf(second.headers)).toBe('');
  });

  it('an expired link answers 410 with its own page; an unknown one 404', async () => {
    const created = await t.admin('POST', '/users', { email: 'late@example.com', role: 'viewer' });
    clock = new Date(FIXED_NOW.getTime() + 25 * 3_600_000);
    try {
      const res = await send(t, 'GET', new URL(created.body.sign_in_link).pathname);
      expect(res.status).toBe(410);
      expect(res.text).toContain('expired');
    } finally {
      clock = FIXED_NOW;
    }
    const unknown = await send(t, 'GET', '/auth/link/not-a-real-token');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('not valid');
  });

  it('users add makes an account and prints a link that works; users list shows it', async () => {
    const added = await cli('add', 'Casey@Example.com', '--role', 'viewer');
    expect(added.code).toBe(0);
    expect(added.out).toContain('added casey@example.com (viewer)');
    const link = added.out.trim().split('\n').at(-1) ?? '';
    expect(link.startsWith(`${t.url}/auth/link/`)).toBe(true);
    const opened = await send(t, 'GET', `/auth/link/${tokenOf(link)}`);
    expect(opened.status).toBe(303);
    const me = await send(t, 'GET', '/auth/me', { headers: { cookie: sessionCookieOf(opened.headers) } });
    expect(me.body.user).toMatchObject({ email: 'casey@example.com', role: 'viewer' });
    const listed = await cli('list');
    expect(listed.out).toMatch(/\tcasey@example\.com\tviewer\tno password yet\n/);
    expect((await cli('add', 'casey@example.com')).code).toBe(1);
    expect((await cli('add', 'x@example.com', '--role', 'boss')).code).toBe(2);
  });

  it('users reset clears the password, ends the sessions and prints a new link', async () => {
    const who = await signIn(t, 'recruiter');
    expect((await userRequest(t, who, 'GET', '/jobs')).status).toBe(200);
    const reset = await cli('reset', who.email);
    expect(reset.code).toBe(0);
    expect((await userRequest(t, who, 'GET', '/jobs')).status).toBe(401);
    expect((await loginFrom(t, who.email, who.password)).status).toBe(401);
    const opened = await send(t, 'GET', `/auth/link/${tokenOf(reset.out)}`);
    expect(opened.status).toBe(303);
    expect((await cli('reset', 'nobody@example.com')).code).toBe(1);
  });

  it('an admin gives a person a new link: the old unused one stops working', async () => {
    const created = await t.admin('POST', '/users', { email: 'twice@example.com', role: 'recruiter' });
    const fresh = await t.admin('POST', `/users/${created.body.user.id as number}/sign-in-link`);
    expect(fresh.status).toBe(201);
    expect((await send(t, 'GET', new URL(created.body.sign_in_link).pathname)).status).toBe(410);
    expect((await send(t, 'GET', new URL(fresh.body.sign_in_link).pathname)).status).toBe(303);
  });

  it('a session lasts 12 hours after its last request, and 7 days at most however busy', async () => {
    const who = await signIn(t, 'viewer');
    const at = (hours: number) => new Date(FIXED_NOW.getTime() + hours * 3_600_000);
    try {
      // Every 11 hours a request: the session slides along, until 7 days after sign-in.
      for (let hours = 11; hours < 7 * 24; hours += 11) {
        clock = at(hours);
        expect([hours, (await userRequest(t, who, 'GET', '/auth/me')).status]).toEqual([hours, 200]);
      }
      clock = at(7 * 24 + 1);
      expect((await userRequest(t, who, 'GET', '/auth/me')).status).toBe(401);
      const idle = await signIn(t, 'viewer');
      clock = at(7 * 24 + 1 + 12.1);
      expect((await userRequest(t, idle, 'GET', '/auth/me')).status).toBe(401);
    } finally {
      clock = FIXED_NOW;
    }
  });
});
