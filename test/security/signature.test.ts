import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { signTwilioRequest } from '../../src/adapters/twilio/signature.js';
import { AUTH_TOKEN, startApp } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';

const UNKNOWN_CALL = `CA${'e'.repeat(32)}`;
const FORM = { CallSid: UNKNOWN_CALL, AccountSid: `AC${'0'.repeat(32)}`, CallStatus: 'in-progress', SpeechResult: 'yes' };

/**
 * X-Twilio-Signature behind proxies and tunnels: the URL Twilio signed is rebuilt from WEBHOOK_BASE_URL (or, with
 * TRUST_PROXY, from X-Forwarded-*), whatever scheme, host and port the service itself sees.
 */
describe('Twilio signature check', () => {
  let t: TestApp | undefined;
  let logLines: string[] = [];
  afterEach(async () => {
    await t?.close();
    t = undefined;
    logLines = [];
  });

  async function start(env: Record<string, string>) {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    t = await startApp({ dialect: 'sqlite', env, logger: pino({ level: 'warn' }, sink) });
    return t;
  }

  /** Posts `form` to `path` on the local server, signed for `signedUrl` with `token`. */
  async function post(
    path: string,
    signedUrl: string,
    options: { token?: string; headers?: Record<string, string>; form?: Record<string, string> } = {},
  ) {
    const form = options.form ?? FORM;
    const res = await fetch(`${t!.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signTwilioRequest(options.token ?? AUTH_TOKEN, signedUrl, form),
        ...options.headers,
      },
      body: new URLSearchParams(form).toString(),
    });
    return { status: res.status, text: await res.text() };
  }

  /** The signature-mismatch warnings logged so far. */
  const warnings = () =>
    logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === 40 && String(l.msg).includes('signature'));

  it('passes behind ngrok: Twilio signs https://abc.ngrok.app/..., the service sees http on 127.0.0.1', async () => {
    await start({ WEBHOOK_BASE_URL: 'https://abc.ngrok.app' });
    const voice = await post('/twilio-voice', 'https://abc.ngrok.app/twilio-voice');
    expect(voice.status).toBe(200);
    expect(voice.text).toContain('<Response');
    expect((await post('/twilio-process?turn=1', 'https://abc.ngrok.app/twilio-process?turn=1')).status).toBe(200);
    expect((await post('/twilio-status', 'https://abc.ngrok.app/twilio-status')).status).toBe(204);
    // The URL the service itself sees is not what Twilio signed: refused.
    expect((await post('/twilio-voice', `${t!.url}/twilio-voice`)).status).toBe(403);
    expect((await post('/twilio-voice', 'http://abc.ngrok.app/twilio-voice')).status).toBe(403);
  });

  it('treats https://host:443 and https://host as the same URL, both ways', async () => {
    await start({ WEBHOOK_BASE_URL: 'https://caller.example.com:443' });
    expect((await post('/twilio-voice', 'https://caller.example.com/twilio-voice')).status).toBe(200);
    expect((await post('/twilio-voice', 'https://caller.example.com:443/twilio-voice')).status).toBe(200);
    expect((await post('/twilio-voice', 'https://caller.example.com:8443/twilio-voice')).status).toBe(403);
    await t!.close();
    t = undefined;
    await start({ WEBHOOK_BASE_URL: 'https://caller.example.com' });
    expect((await post('/twilio-voice', 'https://caller.example.com:443/twilio-voice')).status).toBe(200);
    expect((await post('/twilio-voice', 'https://caller.example.com/twilio-voice')).status).toBe(200);
  });

  it('passes with a non-default port in the base URL', async () => {
    await start({ WEBHOOK_BASE_URL: 'http://caller.example.com:8080' });
    expect((await post('/twilio-voice', 'http://caller.example.com:8080/twilio-voice')).status).toBe(200);
    // twilio's validateRequest also accepts the URL without its port (Twilio sometimes signs it so).
    expect((await post('/twilio-voice', 'http://caller.example.com/twilio-voice')).status).toBe(200);
    expect((await post('/twilio-voice', 'http://other.example.com:8080/twilio-voice')).status).toBe(403);
    expect((await post('/twilio-voice', 'https://caller.example.com:8080/twilio-voice')).status).toBe(403);
  });

  it('keeps the query string in the signed URL', async () => {
    await start({ WEBHOOK_BASE_URL: 'https://caller.example.com' });
    expect((await post('/twilio-process?turn=3', 'https://caller.example.com/twilio-process?turn=3')).status).toBe(200);
    expect((await post('/twilio-process?turn=3&x=a%20b', 'https://caller.example.com/twilio-process?turn=3&x=a%20b')).status).toBe(200);
    // Signed without the query, or with another turn: refused.
    expect((await post('/twilio-process?turn=3', 'https://caller.example.com/twilio-process')).status).toBe(403);
    expect((await post('/twilio-process?turn=3', 'https://caller.example.com/twilio-process?turn=4')).status).toBe(403);
  });

  it('passes with a path prefix in WEBHOOK_BASE_URL (a proxy that strips /voice-app)', async () => {
    await start({ WEBHOOK_BASE_URL: 'https://example.com/voice-app/' });
    expect((await post('/twilio-voice', 'https://example.com/voice-app/twilio-voice')).status).toBe(200);
    expect((await post('/twilio-process?turn=2', 'https://example.com/voice-app/twilio-process?turn=2')).status).toBe(200);
    expect((await post('/twilio-voice', 'https://example.com/twilio-voice')).status).toBe(403);
  });

  it("behind a trusted proxy, accepts a forwarded host only when it is WEBHOOK_BASE_URL's or in WEBHOOK_HOSTS", async () => {
    await start({
      WEBHOOK_BASE_URL: 'https://old-tunnel.ngrok.app',
      TRUST_PROXY: '127.0.0.1',
      WEBHOOK_HOSTS: 'new-tunnel.ngrok.app, proxy.example.com:8443',
    });
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'new-tunnel.ngrok.app', 'x-forwarded-for': '203.0.113.7' };
    expect((await post('/twilio-voice', 'https://new-tunnel.ngrok.app/twilio-voice', { headers: forwarded })).status).toBe(200);
    expect(
      (await post('/twilio-process?turn=1', 'https://new-tunnel.ngrok.app/twilio-process?turn=1', { headers: forwarded })).status,
    ).toBe(200);
    const withPort = { ...forwarded, 'x-forwarded-host': 'proxy.example.com:8443' };
    expect((await post('/twilio-voice', 'https://proxy.example.com:8443/twilio-voice', { headers: withPort })).status).toBe(200);
    // WEBHOOK_BASE_URL still works.
    expect((await post('/twilio-voice', 'https://old-tunnel.ngrok.app/twilio-voice', { headers: forwarded })).status).toBe(200);
    // The forwarded scheme matters.
    expect((await post('/twilio-voice', 'http://new-tunnel.ngrok.app/twilio-voice', { headers: forwarded })).status).toBe(403);
    // Another app on the same Twilio account (same token): its own URL, its valid signature, refused.
    const otherApp = { ...forwarded, 'x-forwarded-host': 'other-app.example.com' };
    expect((await post('/twilio-voice', 'https://other-app.example.com/twilio-voice', { headers: otherApp })).status).toBe(403);
  });

  it("with TRUST_PROXY=true and no WEBHOOK_HOSTS, another host's valid signature is refused", async () => {
    await start({ WEBHOOK_BASE_URL: 'https://caller.example.com', TRUST_PROXY: 'true' });
    const otherApp = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'other-app.example.com' };
    expect((await post('/twilio-voice', 'https://other-app.example.com/twilio-voice', { headers: otherApp })).status).toBe(403);
    const same = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'caller.example.com' };
    expect((await post('/twilio-voice', 'https://caller.example.com/twilio-voice', { headers: same })).status).toBe(200);
  });

  it('ignores X-Forwarded-Host from a peer that is not a configured proxy', async () => {
    await start({ WEBHOOK_BASE_URL: 'https://caller.example.com', TRUST_PROXY: '10.0.0.0/8', WEBHOOK_HOSTS: 'second.example.com' });
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'second.example.com' };
    // The test client is 127.0.0.1, not in 10.0.0.0/8: its forwarded host is not believed, even an allowed one.
    expect((await post('/twilio-voice', 'https://second.example.com/twilio-voice', { headers: forwarded })).status).toBe(403);
    expect((await post('/twilio-voice', 'https://caller.example.com/twilio-voice', { headers: forwarded })).status).toBe(200);
  });

  it('ignores X-Forwarded-* without TRUST_PROXY (a client cannot choose the URL it is checked against)', async () => {
    await start({ WEBHOOK_BASE_URL: 'https://caller.example.com' });
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'attacker.example.com' };
    expect((await post('/twilio-voice', 'https://attacker.example.com/twilio-voice', { headers: forwarded })).status).toBe(403);
  });

  it('refuses a wrong token, a tampered body and a missing signature with 403, and logs the URL it expected', async () => {
    await start({ WEBHOOK_BASE_URL: 'https://caller.example.com/app' });
    const wrong = await post('/twilio-process?turn=2', 'https://caller.example.com/app/twilio-process?turn=2', { token: 'not-the-token' });
    expect(wrong.status).toBe(403);
    expect(wrong.text).toContain('<Hangup/>');
    const tampered = await fetch(`${t!.url}/twilio-voice`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signTwilioRequest(AUTH_TOKEN, 'https://caller.example.com/app/twilio-voice', FORM),
      },
      body: new URLSearchParams({ ...FORM, SpeechResult: 'no' }).toString(),
    });
    expect(tampered.status).toBe(403);
    const unsigned = await fetch(`${t!.url}/twilio-status`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(FORM).toString(),
    });
    expect(unsigned.status).toBe(403);

    const logged = warnings();
    expect(logged).toHaveLength(3);
    expect(logged[0]).toMatchObject({ expected: 'https://caller.example.com/app/twilio-process?turn=2' });
    expect(String(logged[0]?.msg)).toContain('WEBHOOK_BASE_URL');
    expect(logged[1]).toMatchObject({ expected: 'https://caller.example.com/app/twilio-voice' });
    expect(logged[2]).toMatchObject({ expected: 'https://caller.example.com/app/twilio-status' });
    // The log never carries the auth token.
    expect(logLines.join('\n')).not.toContain(AUTH_TOKEN);
  });

  it('in simulated mode the simulator signs too, so the check is exercised on every simulated call', async () => {
    await start({});
    expect((await post('/twilio-voice', `${t!.url}/twilio-voice`)).status).toBe(200);
    expect((await post('/twilio-voice', `${t!.url}/twilio-voice`, { token: 'forged' })).status).toBe(403);
    const placed = await t!.admin('POST', '/make-actual-call', { simulate: { replies: ['tuesday works', 'yes'] } });
    const recording = await (t!.deps.telephony as { finished(sid: string): Promise<unknown> }).finished(placed.body.call_sid);
    expect(recording).toBeDefined();
    expect((await t!.admin('GET', `/conversations/${placed.body.call_sid}`)).body.outcome).toBe('scheduled');
    expect(warnings()).toHaveLength(1); // only the forged one
  });
});
