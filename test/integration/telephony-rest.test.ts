import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelephonyError } from '../../src/adapters/telephony.js';
import type { Telephony } from '../../src/adapters/telephony.js';
import { createTwilioTelephony } from '../../src/adapters/twilio/rest-client.js';
import { startFakeTwilio } from '../helpers/fake-twilio.js';
import type { FakeTwilio } from '../helpers/fake-twilio.js';

const ACCOUNT = `AC${'2'.repeat(32)}`;
const TOKEN = 'tw-token-rest';
const FROM = '+15005550006';

/**
 * The Twilio REST edge with the official client against the fake Twilio: what placeCall sends for answering-machine
 * detection, listCalls (the calls to a number since a moment), fetchCall, updateCall (new TwiML, or a hang-up), and
 * Twilio's errors mapped as placeCall's are.
 */
describe('Twilio REST: list, fetch, update', () => {
  let fake: FakeTwilio;
  let telephony: Telephony;
  let hooks: Server;
  let hooksUrl = '';
  /** The voice webhook answers when this is called (a live call the test can redirect meanwhile). */
  let release: (() => void) | undefined;
  let held = false;

  beforeAll(async () => {
    fake = await startFakeTwilio(TOKEN);
    telephony = createTwilioTelephony({ accountSid: ACCOUNT, authToken: TOKEN, apiBaseUrl: fake.url, attempts: 1 });
    hooks = createServer((req, res) => {
      req.resume();
      const answer = () => {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end('<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hello there.</Say><Hangup/></Response>');
      };
      if (req.url?.startsWith('/voice') === true && held) {
        release = answer;
        return;
      }
      if (req.url?.startsWith('/voice') === true) return answer();
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
    hooksUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    hooks?.closeAllConnections();
    await new Promise((resolve) => hooks?.close(resolve));
    await fake?.close();
  });

  /** Waits until the held voice webhook of the call just placed has arrived (the call is in progress). */
  const heldCall = async () => {
    const deadline = Date.now() + 5000;
    while (release === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  };

  const place = (to: string, extra: { amdStatusCallback?: string } = {}) =>
    telephony.placeCall({ to, from: FROM, url: `${hooksUrl}/voice`, statusCallback: `${hooksUrl}/status`, ...extra });

  it('asks for asynchronous answering-machine detection only when a callback is given', async () => {
    fake.behave({ kind: 'ok', play: false });
    await place('+14155550001', { amdStatusCallback: 'https://caller.example.com/twilio-amd?conversation=conv_1' });
    await place('+14155550001');
    const [withAmd, without] = fake.calls.slice(-2).map((c) => c.form);
    expect(withAmd).toMatchObject({
      MachineDetection: 'DetectMessageEnd',
      AsyncAmd: 'true',
      AsyncAmdStatusCallback: 'https://caller.example.com/twilio-amd?conversation=conv_1',
      AsyncAmdStatusCallbackMethod: 'POST',
    });
    expect(without).not.toHaveProperty('MachineDetection');
    expect(without).not.toHaveProperty('AsyncAmd');
  });

  it('lists the calls to a number created since a moment, across pages, and only those', async () => {
    fake.behave({ kind: 'ok', play: false });
    const before = new Date(Date.now() - 5000);
    const placed = [];
    for (let i = 0; i < 105; i++) placed.push((await place('+14155550002')).callSid);
    await place('+14155550003');
    const found = await telephony.listCalls({ to: '+14155550002', since: before });
    expect(found.map((c) => c.callSid).sort()).toEqual([...placed].sort());
    expect(found[0]).toMatchObject({ to: '+14155550002', status: 'queued', startTime: null, duration: null, answeredBy: null });
    expect(Date.parse(found[0]?.createdAt ?? '')).toBeGreaterThanOrEqual(Math.floor(before.getTime() / 1000) * 1000);
    const query = fake.lists.at(-1);
    expect(query?.get('To')).toBe('+14155550002');
    expect(await telephony.listCalls({ to: '+14155550002', since: new Date(Date.now() + 2000) })).toEqual([]);
  });

  it('the fake takes the StartTime filters as twilio-node sends them (StartTime>=YYYY-MM-DDTHH:mm:ssZ) or by day', async () => {
    const count = async (after: string) => {
      const query = new URLSearchParams({ To: '+14155550003', 'StartTime>': after });
      const res = await fetch(`${fake.url}/2010-04-01/Accounts/${ACCOUNT}/Calls.json?${query.toString()}`);
      return ((await res.json()) as { calls: unknown[] }).calls.length;
    };
    expect(await count('2000-01-01T00:00:00Z')).toBe(1);
    expect(await count('2999-01-01')).toBe(0);
  });

  it('fetches a call (undefined when Twilio does not know it) and follows it to its end', async () => {
    fake.behave({ kind: 'ok', play: true });
    const { callSid } = await place('+14155550004');
    const recording = await fake.plays.at(-1);
    expect(recording?.transcript).toEqual([{ speaker: 'caller', text: 'Hello there.' }]);
    const info = await telephony.fetchCall(callSid);
    expect(info).toMatchObject({ callSid, to: '+14155550004', status: 'completed', answeredBy: 'human' });
    expect(info?.startTime).not.toBeNull();
    expect(info?.duration).toBeGreaterThanOrEqual(1);
    expect(await telephony.fetchCall(`CA${'f'.repeat(32)}`)).toBeUndefined();
  });

  it('updates a live call with TwiML (played at its next step), and refuses an ended one with 21220', async () => {
    fake.behave({ kind: 'ok', play: true });
    held = true;
    const { callSid } = await place('+14155550005');
    await heldCall();
    expect(fake.liveCalls()).toBe(1);
    await telephony.updateCall(callSid, { twiml: '<Response><Say>A message for you.</Say><Hangup/></Response>' });
    held = false;
    release?.();
    release = undefined;
    const recording = await fake.plays.at(-1);
    expect(recording?.transcript).toEqual([{ speaker: 'caller', text: 'A message for you.' }]);
    expect(fake.updates.at(-1)).toMatchObject({
      sid: callSid,
      form: { Twiml: '<Response><Say>A message for you.</Say><Hangup/></Response>' },
    });
    const refused = await telephony.updateCall(callSid, { status: 'completed' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TelephonyError);
    expect(refused).toMatchObject({ kind: 'refused', code: '21220', retryable: false });
    expect(fake.maxLive()).toBeGreaterThanOrEqual(1);
    expect(fake.liveCalls()).toBe(0);
  });

  it('hangs up a live call (Status=completed)', async () => {
    fake.behave({ kind: 'ok', play: true });
    held = true;
    const { callSid } = await place('+14155550006');
    await heldCall();
    await telephony.updateCall(callSid, { status: 'completed' });
    held = false;
    release?.();
    release = undefined;
    const recording = await fake.plays.at(-1);
    expect(recording?.transcript).toEqual([]);
    expect((await telephony.fetchCall(callSid))?.status).toBe('completed');
  });

  it('an answered call whose webhook cannot be reached ends completed, as Twilio ends it', async () => {
    fake.behave({ kind: 'ok', play: true });
    const { callSid } = await telephony.placeCall({
      to: '+14155550007',
      from: FROM,
      url: 'http://127.0.0.1:1/voice',
      statusCallback: 'http://127.0.0.1:1/status',
    });
    const recording = await fake.plays.at(-1);
    expect(recording).toMatchObject({ finalStatus: 'completed', transcript: [] });
    expect(recording?.applicationError).toContain('http://127.0.0.1:1/voice');
    expect((await telephony.fetchCall(callSid))?.status).toBe('completed');
  });

  it("maps Twilio's errors as placeCall's: 5xx unavailable, 401 account, another 4xx refused; unreachable is retryable", async () => {
    const failing = async (status: number, code: number) => {
      fake.failRest({ status, code, message: 'failure' });
      try {
        return await Promise.all([
          telephony.listCalls({ to: '+14155550001', since: new Date(0) }).catch((e: unknown) => e),
          telephony.fetchCall(`CA${'1'.repeat(32)}`).catch((e: unknown) => e),
          telephony.updateCall(`CA${'1'.repeat(32)}`, { status: 'completed' }).catch((e: unknown) => e),
        ]);
      } finally {
        fake.failRest(undefined);
      }
    };
    for (const err of await failing(503, 20503)) expect(err).toMatchObject({ kind: 'unavailable', code: '20503', retryable: false });
    for (const err of await failing(401, 20003)) expect(err).toMatchObject({ kind: 'account', code: '20003' });
    for (const err of await failing(400, 21220)) expect(err).toMatchObject({ kind: 'refused', code: '21220' });
    // An unknown call is not fetched (undefined) but is refused an update.
    expect(await telephony.updateCall(`CA${'9'.repeat(32)}`, { status: 'completed' }).catch((e: unknown) => e)).toMatchObject({
      kind: 'refused',
      code: '20404',
    });
    const closed = createTwilioTelephony({ accountSid: ACCOUNT, authToken: TOKEN, apiBaseUrl: 'http://127.0.0.1:1', attempts: 1 });
    expect(await closed.listCalls({ to: '+14155550001', since: new Date(0) }).catch((e: unknown) => e)).toMatchObject({
      kind: 'unavailable',
      code: 'twilio_unreachable',
      retryable: true,
    });
  });
});
