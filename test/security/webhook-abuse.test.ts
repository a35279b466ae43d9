import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { signTwilioRequest } from '../../src/adapters/twilio/signature.js';
import type { SignedForm } from '../../src/adapters/twilio/signature.js';
import { AUTH_TOKEN, startApp } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';

const BASE = 'https://caller.example.com';
const UNKNOWN_CALL = `CA${'e'.repeat(32)}`;
const FORM = { CallSid: UNKNOWN_CALL, AccountSid: `AC${'0'.repeat(32)}`, CallStatus: 'in-progress' };

/** A form-encoded body with every entry in order (a repeated field sent twice, as Twilio may send one). */
function encode(entries: Array<[string, string]>): string {
  return new URLSearchParams(entries).toString();
}

/** The fields as Twilio signs them: a repeated one as an array (without a prototype: `__proto__` is a field too). */
function signedForm(entries: Array<[string, string]>): SignedForm {
  const form: SignedForm = Object.create(null);
  for (const [key, value] of entries) {
    const seen = form[key];
    form[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return form;
}

describe('Twilio webhooks accept exactly what Twilio sends', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function post(
    path: string,
    body: string,
    signature: string,
    contentType = 'application/x-www-form-urlencoded',
    headers: Record<string, string> = {},
  ) {
    const res = await fetch(`${t!.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-twilio-signature': signature, ...headers },
      body,
    });
    return { status: res.status, text: await res.text() };
  }

  it('accepts a signed form with a repeated field, signed the way Twilio signs arrays', async () => {
    t = await startApp({ dialect: 'sqlite', env: { WEBHOOK_BASE_URL: BASE } });
    const entries: Array<[string, string]> = [
      ...Object.entries(FORM),
      ['StirVerstat', 'TN-Validation-Passed-A'],
      ['StirVerstat', 'TN-Other'],
    ];
    const signature = signTwilioRequest(AUTH_TOKEN, `${BASE}/twilio-status`, signedForm(entries));
    expect((await post('/twilio-status', encode(entries), signature)).status).toBe(204);
  });

  it('refuses a duplicate field appended after a signed body', async () => {
    t = await startApp({ dialect: 'sqlite', env: { WEBHOOK_BASE_URL: BASE } });
    const entries: Array<[string, string]> = [...Object.entries(FORM), ['SpeechResult', 'no']];
    const signature = signTwilioRequest(AUTH_TOKEN, `${BASE}/twilio-process?turn=1`, signedForm(entries));
    expect((await post('/twilio-process?turn=1', encode(entries), signature)).status).toBe(200);
    const appended = `${encode(entries)}&SpeechResult=yes`;
    const res = await post('/twilio-process?turn=1', appended, signature);
    expect(res.status).toBe(403);
    expect(res.text).toContain('<Hangup/>');
  });

  it('signs a field named __proto__ like any other: accepted as signed, refused when one is appended', async () => {
    t = await startApp({ dialect: 'sqlite', env: { WEBHOOK_BASE_URL: BASE } });
    const entries: Array<[string, string]> = [...Object.entries(FORM), ['__proto__', 'x']];
    const signature = signTwilioRequest(AUTH_TOKEN, `${BASE}/twilio-status`, signedForm(entries));
    expect((await post('/twilio-status', encode(entries), signature)).status).toBe(204);
    expect((await post('/twilio-status', `${encode(entries)}&__proto__=y`, signature)).status).toBe(403);
  });

  it('refuses a signed JSON body with 415 (Twilio sends forms only)', async () => {
    t = await startApp({ dialect: 'sqlite', env: { WEBHOOK_BASE_URL: BASE } });
    const signature = signTwilioRequest(AUTH_TOKEN, `${BASE}/twilio-voice`, FORM);
    const res = await post('/twilio-voice', JSON.stringify(FORM), signature, 'application/json');
    expect(res.status).toBe(415);
    expect(res.text).toContain('<Hangup/>');
  });

  it('refuses a form of more than 100 fields, and one over 16 KB, before checking any signature', async () => {
    t = await startApp({ dialect: 'sqlite', env: { WEBHOOK_BASE_URL: BASE } });
    const many: Array<[string, string]> = Array.from({ length: 101 }, (_, i) => [`F${i}`, 'x']);
    const signed = signTwilioRequest(AUTH_TOKEN, `${BASE}/twilio-voice`, signedForm(many));
    expect((await post('/twilio-voice', encode(many), signed)).status).toBe(413);
    const hundred = many.slice(0, 100);
    expect(
      (await post('/twilio-voice', encode(hundred), signTwilioRequest(AUTH_TOKEN, `${BASE}/twilio-voice`, signedForm(hundred)))).status,
    ).toBe(200);
    const big: Array<[string, string]> = [...Object.entries(FORM), ['SpeechResult', 'a'.repeat(17 * 1024)]];
    expect((await post('/twilio-voice', encode(big), signTwilioRequest(AUTH_TOKEN, `${BASE}/twilio-voice`, signedForm(big)))).status).toBe(
      413,
    );
  });

  it('throttles a client whose signatures keep failing, while signed webhooks keep passing', async () => {
    t = await startApp({ dialect: 'sqlite', env: { WEBHOOK_BASE_URL: BASE, SIGNATURE_FAILURE_LIMIT: '5' } });
    const body = encode(Object.entries(FORM));
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) statuses.push((await post('/twilio-status', body, 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=')).status);
    expect(statuses).toEqual([403, 403, 403, 403, 403, 429, 429, 429]);
    // A genuine webhook from the same address passes, and never counts against it.
    const genuine = signTwilioRequest(AUTH_TOKEN, `${BASE}/twilio-status`, FORM);
    for (let i = 0; i < 3; i += 1) expect((await post('/twilio-status', body, genuine)).status).toBe(204);
  });

  it('a genuine Twilio address is never throttled by its own requests', async () => {
    t = await startApp({ dialect: 'sqlite', env: { WEBHOOK_BASE_URL: BASE, SIGNATURE_FAILURE_LIMIT: '2' } });
    const body = encode(Object.entries(FORM));
    const genuine = signTwilioRequest(AUTH_TOKEN, `${BASE}/twilio-status`, FORM);
    for (let i = 0; i < 10; i += 1) expect((await post('/twilio-status', body, genuine)).status).toBe(204);
    expect((await post('/twilio-status', body, 'forged')).status).toBe(403);
  });

  it('counts failures per client behind a trusted proxy: a forger is throttled, Twilio behind the same proxy is not', async () => {
    t = await startApp({ dialect: 'sqlite', env: { WEBHOOK_BASE_URL: BASE, SIGNATURE_FAILURE_LIMIT: '3', TRUST_PROXY: '127.0.0.1' } });
    const body = encode(Object.entries(FORM));
    const forger = { 'x-forwarded-for': '198.51.100.9' };
    for (let i = 0; i < 3; i += 1) await post('/twilio-status', body, 'forged', undefined, forger);
    expect((await post('/twilio-status', body, 'forged', undefined, forger)).status).toBe(429);
    const twilio = { 'x-forwarded-for': '54.172.60.1' };
    expect((await post('/twilio-status', body, 'forged-once', undefined, twilio)).status).toBe(403);
  });
});

describe('forwarded client addresses and the rate limit', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function statuses(headersFor: (i: number) => Record<string, string>, n: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < n; i += 1) {
      const res = await fetch(`${t!.url}/conversations`, { headers: { authorization: 'Bearer wrong', ...headersFor(i) } });
      out.push(res.status);
    }
    return out;
  }

  it('rotating X-Forwarded-For from a client that is not a configured proxy does not escape the limit', async () => {
    t = await startApp({ dialect: 'sqlite', env: { ADMIN_RATE_LIMIT: '3', TRUST_PROXY: '10.0.0.0/8' } });
    const codes = await statuses((i) => ({ 'x-forwarded-for': `203.0.113.${i + 1}` }), 5);
    expect(codes.slice(3)).toEqual([429, 429]);
  });

  it('without TRUST_PROXY, X-Forwarded-For is ignored', async () => {
    t = await startApp({ dialect: 'sqlite', env: { ADMIN_RATE_LIMIT: '3' } });
    const codes = await statuses((i) => ({ 'x-forwarded-for': `203.0.113.${i + 1}` }), 5);
    expect(codes.slice(3)).toEqual([429, 429]);
  });

  it('behind a configured proxy, each forwarded client has its own budget', async () => {
    t = await startApp({ dialect: 'sqlite', env: { ADMIN_RATE_LIMIT: '3', TRUST_PROXY: '127.0.0.1' } });
    const codes = await statuses((i) => ({ 'x-forwarded-for': `203.0.113.${i + 1}` }), 5);
    expect(codes).not.toContain(429);
  });
});

describe('slow clients', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  /** Opens a socket, sends `head` then one byte of `trickle` a second; resolves with the ms until the server closed it. */
  function trickle(port: number, head: string, slow: string): Promise<number> {
    return new Promise((resolve) => {
      const started = Date.now();
      const socket = connect(port, '127.0.0.1', () => socket.write(head));
      let at = 0;
      const timer = setInterval(() => {
        if (at < slow.length && !socket.destroyed) socket.write(slow[at++] ?? '');
      }, 1000);
      socket.on('data', () => undefined);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearInterval(timer);
        resolve(Date.now() - started);
      });
    });
  }

  it('closes a socket that sends its headers at a byte a second, within the headers timeout', async () => {
    t = await startApp({ dialect: 'sqlite', env: { HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_REQUEST_TIMEOUT_MS: '2000' } });
    const port = Number(new URL(t.url).port);
    const ms = await trickle(port, 'P', 'OST /twilio-voice HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n');
    expect(ms).toBeLessThan(3500);
  });

  it('closes a socket that sends its body at a byte a second, within the request timeout', async () => {
    t = await startApp({ dialect: 'sqlite', env: { HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_REQUEST_TIMEOUT_MS: '2000' } });
    const port = Number(new URL(t.url).port);
    const head = 'POST /twilio-voice HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 200\r\n\r\n';
    const ms = await trickle(port, head, 'a'.repeat(200));
    expect(ms).toBeLessThan(4500);
  });
});
