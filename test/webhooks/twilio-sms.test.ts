import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDoNotCall } from '../../src/db/do-not-call.repo.js';
import { importCandidates } from '../../src/services/import-candidates.js';
import { isOptOut } from '../../src/services/sms-opt-out.js';
import type { TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/databases.js';
import { startWithWebhooks, testClock } from './support.js';

const EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

describe('which texts are an opt-out', () => {
  it('is the whole message, one of the words, any case, trimmed, a trailing . or ! allowed', () => {
    for (const body of ['STOP', 'stop', ' Stop. ', 'STOPALL', 'unsubscribe', 'Cancel', 'END', 'quit!', 'Opt out', 'OPTOUT', 'revoke']) {
      expect(isOptOut(body), body).toBe(true);
    }
    for (const body of ['START', 'UNSTOP', 'stop calling me maybe later?', 'can I cancel and rebook?', 'yes', '', 'STOP STOP']) {
      expect(isOptOut(body), body).toBe(false);
    }
  });
});

describe.each(DIALECTS)('a STOP by text on %s', (dialect) => {
  const clock = testClock();
  let t: TestApp;
  const text = (from: string, body: string, signature?: string) =>
    t.twilio('/twilio-sms', { MessageSid: 'SM0123', AccountSid: 'AC0123', From: from, To: '+15005550006', Body: body }, signature);
  const optOutEvents = async () =>
    (await t.deps.database.db.selectFrom('webhook_events').select('payload').where('type', '=', 'candidate.opted_out').execute()).map(
      (r) => JSON.parse(r.payload) as { data: Record<string, unknown> },
    );

  beforeAll(async () => {
    t = await startWithWebhooks(dialect, clock);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('puts the sender on the do-not-call list: a call to them is refused (409 do_not_call); the answer is <Response/>', async () => {
    const phone = '+14155550123'; // the settings' candidate: POST /make-actual-call without a body dials it
    const before = await t.admin('POST', '/make-actual-call', { simulate: { replies: ['no thanks'] } });
    expect(before.status).toBe(201);
    await (t.deps.telephony as { finished?: (sid: string) => Promise<unknown> }).finished?.(before.body.call_sid as string);
    const res = await text(phone, ' Stop ');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect(res.text).toBe(EMPTY);
    expect(await isDoNotCall(t.deps.database.db, t.deps.doNotCallSecret, phone)).toBe(true);
    const refused = await t.admin('POST', '/make-actual-call', {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('do_not_call');
    expect((await optOutEvents()).map((e) => e.data)).toEqual([
      { candidate_id: null, job_id: null, phone_last4: '0123', channel: 'sms', call_id: null },
    ]);
    // A second STOP changes nothing and reports nothing new.
    expect((await text(phone, 'STOP')).text).toBe(EMPTY);
    expect(await optOutEvents()).toHaveLength(1);
  });

  it("reports each of the number's candidates; START or any other text changes nothing", async () => {
    const jobs = await t.deps.database.db.selectFrom('jobs').select('id').execute();
    const jobId = jobs[0]?.id ?? 0;
    const phone = '+13105550777';
    await importCandidates(t.deps, jobId, { candidates: [{ name: 'Cy Young', phone }] });
    const candidate = await t.deps.database.db.selectFrom('candidates').select('id').where('phone', '=', phone).executeTakeFirstOrThrow();
    expect((await text(phone, 'what time is it again?')).text).toBe(EMPTY);
    expect(await isDoNotCall(t.deps.database.db, t.deps.doNotCallSecret, phone)).toBe(false);
    expect((await text(phone, 'unsubscribe')).text).toBe(EMPTY);
    expect(await isDoNotCall(t.deps.database.db, t.deps.doNotCallSecret, phone)).toBe(true);
    expect((await optOutEvents()).at(-1)?.data).toEqual({
      candidate_id: candidate.id,
      job_id: jobId,
      phone_last4: '0777',
      channel: 'sms',
      call_id: null,
    });
    expect((await text(phone, 'START')).text).toBe(EMPTY);
    expect((await text(phone, 'UNSTOP')).text).toBe(EMPTY);
    expect(await isDoNotCall(t.deps.database.db, t.deps.doNotCallSecret, phone)).toBe(true);
  });

  it('refuses an unsigned or forged text with 403 and TwiML, and changes nothing', async () => {
    const phone = '+13105550888';
    for (const signature of ['', 'forged-signature']) {
      const res = await text(phone, 'STOP', signature);
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toBe('text/xml; charset=utf-8');
      expect(res.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response>/);
    }
    expect(await isDoNotCall(t.deps.database.db, t.deps.doNotCallSecret, phone)).toBe(false);
    // Only a form is taken, as on the voice webhooks.
    const json = await fetch(`${t.url}/twilio-sms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);
  });
});
