import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveAdminKey, resolveDoNotCallSecret } from '../../src/admin-key.js';
import { loadConfig } from '../../src/config.js';
import { requireAdminKey } from '../../src/http/plugins/admin-auth.js';
import { freshDatabase } from '../helpers/databases.js';
import { ADMIN_KEY, simulatedCall, startApp } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';

describe('admin API key (src/admin-key.ts)', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'ic-admin-key-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('uses ADMIN_API_KEY when it is set, and writes no file', () => {
    const dir = tempDir();
    expect(resolveAdminKey('my-configured-key-123', dir)).toEqual({ key: 'my-configured-key-123', created: false });
    expect(() => statSync(join(dir, 'admin-api-key'))).toThrow();
  });

  it('without it, creates a random key in the data folder, readable by its owner only (0600)', () => {
    const dir = join(tempDir(), 'nested', 'data');
    const first = resolveAdminKey(undefined, dir);
    expect(first.created).toBe(true);
    expect(first.file).toBe(join(dir, 'admin-api-key'));
    expect(first.key).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(readFileSync(first.file!, 'utf8').trim()).toBe(first.key);
    expect(statSync(first.file!).mode & 0o777).toBe(0o600);
  });

  it('reuses the stored key on the second start', () => {
    const dir = tempDir();
    const first = resolveAdminKey(undefined, dir);
    const second = resolveAdminKey(undefined, dir);
    expect(second).toEqual({ key: first.key, file: first.file, created: false });
  });

  it('tightens a reused key file that is readable by others back to 0600', () => {
    const dir = tempDir();
    const file = join(dir, 'admin-api-key');
    writeFileSync(file, 'a-key-copied-in-by-hand-0123456789\n', { mode: 0o644 });
    expect(resolveAdminKey(undefined, dir)).toEqual({ key: 'a-key-copied-in-by-hand-0123456789', file, created: false });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('never runs open: an empty or too-short stored key is replaced by a new random one', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'admin-api-key'), '\n');
    const fromEmpty = resolveAdminKey(undefined, dir);
    expect(fromEmpty.created).toBe(true);
    expect(fromEmpty.key.length).toBeGreaterThanOrEqual(32);
    expect(statSync(fromEmpty.file!).mode & 0o777).toBe(0o600);
    writeFileSync(join(dir, 'admin-api-key'), 'short\n', { mode: 0o644 });
    const fromShort = resolveAdminKey(undefined, dir);
    expect(fromShort.created).toBe(true);
    expect(fromShort.key).not.toBe('short');
    expect(statSync(fromShort.file!).mode & 0o777).toBe(0o600);
    // Two fresh folders never share a key.
    expect(resolveAdminKey(undefined, tempDir()).key).not.toBe(resolveAdminKey(undefined, tempDir()).key);
  });

  it('the check compares hashes of equal length in constant time and accepts only the exact bearer key', async () => {
    const hook = requireAdminKey('secret-key-0123456789');
    const answer = async (authorization: string | undefined) => {
      let status = 200;
      const reply = {
        status(code: number) {
          status = code;
          return reply;
        },
        header: () => reply,
        send: () => reply,
      };
      await hook({ headers: authorization === undefined ? {} : { authorization } } as never, reply as never);
      return status;
    };
    expect(await answer('Bearer secret-key-0123456789')).toBe(200);
    expect(await answer('bearer secret-key-0123456789')).toBe(200);
    expect(await answer('Bearer secret-key-012345678')).toBe(401);
    expect(await answer('Bearer secret-key-01234567890')).toBe(401);
    expect(await answer('secret-key-0123456789')).toBe(401);
    expect(await answer('Basic c2VjcmV0')).toBe(401);
    expect(await answer('Bearer ')).toBe(401);
    expect(await answer(undefined)).toBe(401);
  });
});

describe('do-not-call secret (src/admin-key.ts)', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'ic-dnc-secret-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('uses DNC_SECRET when it is set, and writes no file', () => {
    const dir = tempDir();
    expect(resolveDoNotCallSecret('s'.repeat(40), dir)).toEqual({ key: 's'.repeat(40), created: false });
    expect(() => statSync(join(dir, 'do-not-call-secret'))).toThrow();
  });

  it('without it, generates one beside the admin key (0600, a file of its own) and keeps it across starts', () => {
    const dir = tempDir();
    const first = resolveDoNotCallSecret(undefined, dir);
    expect(first).toEqual({ key: expect.stringMatching(/^[A-Za-z0-9_-]{32,}$/), file: join(dir, 'do-not-call-secret'), created: true });
    expect(statSync(first.file!).mode & 0o777).toBe(0o600);
    expect(resolveDoNotCallSecret(undefined, dir)).toEqual({ key: first.key, file: first.file, created: false });
    expect(resolveAdminKey(undefined, dir).key).not.toBe(first.key);
  });

  it('a restarted service with the generated secret still refuses a number put on the list before', async () => {
    const dataDir = tempDir();
    const database = await freshDatabase('sqlite');
    const env = { DATA_DIR: dataDir, DNC_SECRET: '' };
    try {
      const before = await startApp({ dialect: 'sqlite', database, env });
      expect((await before.admin('POST', '/do-not-call', { phone: '+14155550123' })).status).toBe(201);
      await before.close();
      expect(readFileSync(join(dataDir, 'do-not-call-secret'), 'utf8').trim()).toBe(before.deps.doNotCallSecret);
      const after = await startApp({ dialect: 'sqlite', database, env });
      const refused = await after.admin('POST', '/make-actual-call', { candidate: { phone: '+14155550123' } });
      await after.close();
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('do_not_call');
    } finally {
      await database.drop();
    }
  });
});

describe('admin routes over HTTP', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('every admin route answers 401 without the key, in the {error:{code,message}} shape', async () => {
    t = await startApp({ dialect: 'sqlite' });
    const routes: Array<[string, string]> = [
      ['POST', '/make-actual-call'],
      ['GET', '/conversations'],
      ['GET', '/conversations/CA123'],
      ['DELETE', '/conversations/CA123'],
      ['GET', '/analytics'],
      ['GET', '/do-not-call'],
      ['POST', '/do-not-call'],
      ['DELETE', '/do-not-call/%2B14155550123'],
      ['DELETE', '/candidates/%2B14155550123'],
    ];
    for (const [method, path] of routes) {
      for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: `Bearer ${ADMIN_KEY}x` }] as Array<
        Record<string, string>
      >) {
        const res = await fetch(`${t.url}${path}`, { method, headers });
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(res.headers.get('www-authenticate')).toBe('Bearer');
        expect((await res.json()).error.code).toBe('unauthorized');
      }
    }
    // Open routes stay open.
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
    expect((await fetch(`${t.url}/`)).status).toBe(200);
  });
});

describe('rate limits', () => {
  it('defaults: 30 calls a minute, 300 other admin requests a minute, calling hours 08:00-21:00', () => {
    const config = loadConfig({});
    expect(config.CALL_RATE_LIMIT).toBe(30);
    expect(config.ADMIN_RATE_LIMIT).toBe(300);
    expect(config.CALLING_HOURS).toBe('08:00-21:00');
  });

  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('CALL_RATE_LIMIT=3: the 4th call in a minute is 429 rate_limited with retry-after; Twilio webhooks still work', async () => {
    t = await startApp({ dialect: 'sqlite', env: { CALL_RATE_LIMIT: '3' } });
    const sids: string[] = [];
    for (let i = 0; i < 3; i++) sids.push((await simulatedCall(t, ['tuesday works', 'yes'])).callSid);
    const fourth = await fetch(`${t.url}/make-actual-call`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(fourth.status).toBe(429);
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(fourth.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    const body = await fourth.json();
    expect(body).toEqual({ error: { code: 'rate_limited', message: expect.stringMatching(/retry in/) } });

    // The other admin routes have their own budget and still answer.
    expect((await t.admin('GET', '/conversations')).status).toBe(200);
    // Twilio routes are never limited: a signed webhook for a placed call still gets TwiML.
    for (let i = 0; i < 10; i++) {
      const hook = await t.twilio('/twilio-voice', { CallSid: sids[0]!, CallStatus: 'in-progress' });
      expect(hook.status).toBe(200);
      expect(hook.text).toContain('<Response');
    }
    expect((await t.admin('POST', '/make-actual-call', {})).status).toBe(429);
  });

  it('ADMIN_RATE_LIMIT limits the other admin routes per IP, wrong keys included; /health is never limited', async () => {
    t = await startApp({ dialect: 'sqlite', env: { ADMIN_RATE_LIMIT: '5' } });
    for (let i = 0; i < 3; i++) expect((await t.admin('GET', '/conversations')).status).toBe(200);
    // Guessing the key spends the same budget.
    for (let i = 0; i < 2; i++) {
      expect((await fetch(`${t.url}/analytics`, { headers: { authorization: 'Bearer guess' } })).status).toBe(401);
    }
    const limited = await t.admin('GET', '/analytics');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect((await fetch(`${t.url}/conversations`, { headers: { authorization: 'Bearer guess' } })).status).toBe(429);
    for (let i = 0; i < 20; i++) expect((await fetch(`${t.url}/health`)).status).toBe(200);
    // make-actual-call has its own budget (CALL_RATE_LIMIT, default 30).
    expect((await t.admin('POST', '/make-actual-call', { simulate: { replies: ['yes'] } })).status).toBe(201);
  });
});
