import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireAdminKey } from '../../src/http/plugins/admin-auth.js';
import { jsonErrorHandler } from '../../src/http/plugins/errors.js';
import { messageRoutes } from '../../src/http/routes/messages.js';
import { sendDueMessages } from '../../src/services/messages/sender.js';
import { createMessaging } from '../../src/services/messages/transports.js';
import type { Messaging } from '../../src/services/messages/transports.js';
import { adminRequest, startApp } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/databases.js';
import { readInvite } from './ical.js';
import { BEFORE_US_CHANGE, bookInterview, SLOT_UTC } from './support.js';
import type { Booked } from './support.js';

const KEY = 'messages-test-admin-key-0123456789abcdef';

describe.each(DIALECTS)('the outbox (no SMTP_URL, simulated texts) on %s', (dialect) => {
  let t: TestApp;
  let outboxDir: string;
  let messaging: Messaging;
  let api: FastifyInstance;
  let apiUrl: string;
  let booked: Booked;

  const admin = (method: string, path: string) => adminRequest(apiUrl, KEY, method, path);

  beforeAll(async () => {
    t = await startApp({ dialect, now: () => BEFORE_US_CHANGE });
    outboxDir = join(await mkdtemp(join(tmpdir(), 'ic-data-')), 'outbox');
    messaging = createMessaging({ outboxDir });
    // The routes as the service mounts them: behind the admin key, errors in the service's JSON shape.
    api = Fastify();
    api.setErrorHandler(jsonErrorHandler);
    api.addHook('onRequest', requireAdminKey(KEY));
    await api.register(messageRoutes, { deps: { database: t.deps.database, messaging } });
    apiUrl = await api.listen({ port: 0, host: '127.0.0.1' });
    booked = await bookInterview(t, {
      name: 'Camille Martin',
      phone: '+33612345678',
      email: 'camille@example.com',
      timezone: 'Europe/Paris',
    });
  });
  afterAll(async () => {
    await api?.close();
    messaging?.close();
    await t?.close();
    if (outboxDir !== undefined) await rm(join(outboxDir, '..'), { recursive: true, force: true });
  });

  it('lists an empty outbox before anything was written', async () => {
    const res = await admin('GET', '/outbox');
    expect(res).toEqual({ status: 200, body: { dir: outboxDir, files: [] } });
  });

  it('writes each email as an .eml (with its invite) and each text as JSON, and lists them', async () => {
    expect(await sendDueMessages({ ...t.deps, now: () => BEFORE_US_CHANGE, messaging })).toEqual({
      sent: 3,
      retrying: 0,
      failed: 0,
      cancelled: 0,
    });
    const rows = await t.deps.database.db
      .selectFrom('messages')
      .selectAll()
      .where('purpose', '=', 'confirmation')
      .where('state', '=', 'sent')
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.provider_id)).toEqual(rows.map((r) => `${r.id}.${r.channel === 'email' ? 'eml' : 'json'}`));
    expect((await readdir(outboxDir)).sort()).toEqual(rows.map((r) => r.provider_id).sort());

    const email = rows.find((r) => r.recipient === 'camille@example.com');
    const mail = await simpleParser(await readFile(join(outboxDir, `${email?.id}.eml`)));
    expect(mail.subject).toBe('Interview confirmed: Backend Engineer at Globex, Tue, Nov 3, 4:00 PM GMT+1');
    expect(mail.to).toMatchObject({ text: 'camille@example.com' });
    const ics = mail.attachments.find((a) => a.contentType === 'text/calendar')?.content.toString('utf8') ?? '';
    expect(readInvite(ics)).toMatchObject({ method: 'REQUEST', tzid: 'America/New_York', startUtc: SLOT_UTC });

    const sms = rows.find((r) => r.channel === 'sms');
    const text = JSON.parse(await readFile(join(outboxDir, `${sms?.id}.json`), 'utf8'));
    expect(text).toMatchObject({ channel: 'sms', id: sms?.id, to: '+33612345678' });
    expect(text.body).toContain('your interview for Backend Engineer is booked for Tue, Nov 3, 4:00 PM GMT+1');

    const listed = await admin('GET', '/outbox');
    expect(listed.status).toBe(200);
    expect(listed.body.files).toHaveLength(3);
    expect(listed.body.files).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: `${email?.id}.eml`,
          path: join(outboxDir, `${email?.id}.eml`),
          channel: 'email',
          message_id: email?.id,
          purpose: 'confirmation',
          recipient: 'camille@example.com',
          subject: email?.subject,
          candidate_id: booked.candidateId,
        }),
        expect.objectContaining({ file: `${sms?.id}.json`, channel: 'sms', recipient: '+33612345678', subject: null }),
        expect.objectContaining({ channel: 'email', recipient: 'pat@globex.example' }),
      ]),
    );
    expect((await admin('GET', '/outbox?limit=1')).body.files).toHaveLength(1);
  });

  it('serves one outbox file as written, and 404 for another name', async () => {
    const [file] = (await readdir(outboxDir)).filter((f) => f.endsWith('.eml'));
    const res = await fetch(`${apiUrl}/outbox/${file}`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('message/rfc822');
    expect(await res.text()).toBe(await readFile(join(outboxDir, file ?? ''), 'utf8'));
    expect((await admin('GET', '/outbox/999999.eml')).status).toBe(404);
    expect((await admin('GET', '/outbox/..%2Fsecret.eml')).status).toBe(400);
  });

  it("lists a candidate's messages with where each stands", async () => {
    const res = await admin('GET', `/candidates/${booked.candidateId}/messages`);
    expect(res.status).toBe(200);
    const messages = res.body.messages as Array<Record<string, unknown>>;
    // Latest due first: the reminders, then the confirmations (the interviewer's invite is about this candidate too).
    expect(messages.map((m) => [m.purpose, m.channel, m.recipient, m.state])).toEqual([
      ['reminder', 'sms', '+33612345678', 'queued'],
      ['reminder', 'email', 'camille@example.com', 'queued'],
      ['reminder', 'sms', '+33612345678', 'queued'],
      ['reminder', 'email', 'camille@example.com', 'queued'],
      ['confirmation', 'email', 'pat@globex.example', 'sent'],
      ['confirmation', 'sms', '+33612345678', 'sent'],
      ['confirmation', 'email', 'camille@example.com', 'sent'],
    ]);
    expect(messages[6]).toMatchObject({ has_invite: true, tries: 1, last_error: null, due_at: BEFORE_US_CHANGE.toISOString() });
    expect(messages[5]).toMatchObject({ has_invite: false, provider_id: expect.stringMatching(/\.json$/) });
    expect(messages[0]).toMatchObject({ due_at: '2026-11-03T13:00:00.000Z', sent_at: null, has_invite: false });
    expect((await admin('GET', '/candidates/999999/messages')).status).toBe(404);
  });

  it('asks for the admin key', async () => {
    expect((await adminRequest(apiUrl, 'wrong-key', 'GET', '/outbox')).status).toBe(401);
  });
});
