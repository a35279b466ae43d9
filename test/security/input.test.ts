import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { signTwilioRequest } from '../../src/adapters/twilio/signature.js';
import { ADMIN_KEY, AUTH_TOKEN, startApp } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';

/** Bad input answers a 4xx in the {error: {code, message}} shape: never a 5xx, never a stack trace. */
describe('input validation', () => {
  let t: TestApp | undefined;
  let lines: Array<{ level: number; msg?: string }> = [];
  afterEach(async () => {
    await t?.close();
    t = undefined;
    lines = [];
  });

  async function start(env: Record<string, string> = {}) {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString('utf8')));
        done();
      },
    });
    t = await startApp({ dialect: 'sqlite', env, logger: pino({ level: 'warn' }, sink) });
    return t;
  }

  async function raw(method: string, path: string, body?: string, contentType = 'application/json') {
    const res = await fetch(`${t!.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body === undefined ? {} : { 'content-type': contentType }) },
      ...(body === undefined ? {} : { body }),
    });
    const text = await res.text();
    expect(text).not.toMatch(/"stack"|\n\s+at /);
    return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as { error: { code: string; message: string } }) };
  }

  it('malformed JSON, wrong types and unknown fields are 400; a huge body is 413 body_too_large', async () => {
    await start({ BODY_LIMIT_BYTES: '4096' });
    expect(await raw('POST', '/make-actual-call', '{"candidate":')).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_json' } },
    });
    expect(await raw('POST', '/make-actual-call', '[1,2')).toMatchObject({ status: 400, body: { error: { code: 'invalid_json' } } });
    expect(await raw('POST', '/make-actual-call', '{"candidate":{"phone":["+14155550123"]}}')).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_request' } },
    });
    // No type coercion on JSON bodies (ajv coerceTypes used to accept 123 and ["+1..."] as strings).
    expect(await raw('POST', '/make-actual-call', '{"candidate":{"name":123}}')).toEqual({
      status: 400,
      body: { error: { code: 'invalid_request', message: 'Invalid body: body/candidate/name must be string' } },
    });
    expect(await raw('POST', '/do-not-call', '{"phone":14155550123}')).toMatchObject({ status: 400 });
    expect(await raw('POST', '/make-actual-call', '{"simulate":{"replies":[true]}}')).toMatchObject({ status: 400 });
    expect(await raw('POST', '/make-actual-call', '{"candidate":"Jordan"}')).toMatchObject({ status: 400 });
    expect(await raw('POST', '/make-actual-call', '{"simulate":{"replies":"yes"}}')).toMatchObject({ status: 400 });
    expect(await raw('POST', '/make-actual-call', '{"candidate":{"phone":"+14155550123","role":"admin"}}')).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_request', message: expect.stringContaining('additional properties') } },
    });
    expect(await raw('POST', '/make-actual-call', '{"admin":true}')).toMatchObject({ status: 400 });
    expect(await raw('POST', '/make-actual-call', '{"__proto__":{"x":1}}')).toMatchObject({ status: 400 });
    const huge = await raw('POST', '/make-actual-call', JSON.stringify({ candidate: { name: 'x'.repeat(10_000) } }));
    expect(huge).toEqual({ status: 413, body: { error: { code: 'body_too_large', message: 'The request body is too large.' } } });
    expect(await raw('GET', '/conversations?limit=abc')).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    expect(await raw('GET', '/conversations?limit=1000')).toMatchObject({ status: 400 });
    expect(await raw('GET', '/conversations?status=deleted')).toMatchObject({ status: 400 });
    expect(await raw('GET', '/conversations?sort=desc')).toMatchObject({ status: 400 });
    expect(await raw('GET', '/conversations?cursor=bm90LWEtY3Vyc29y')).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_cursor' } },
    });
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
  });

  // Regressions found by test/security/fuzz.test.ts.
  it('a path parameter over 100 characters is 414 and a malformed %-escape 400, in the JSON error shape', async () => {
    await start();
    expect(await raw('DELETE', `/do-not-call/${'%C3%A9'.repeat(200)}`)).toEqual({
      status: 414,
      body: { error: { code: 'uri_too_long', message: 'A path parameter is too long.' } },
    });
    expect(await raw('GET', `/conversations/${'a'.repeat(101)}`)).toMatchObject({ status: 414, body: { error: { code: 'uri_too_long' } } });
    expect(await raw('GET', '/conversations/%E0%A4%A')).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
  });

  it('a URL over the HTTP parser limit (16 KB) is 431 in the JSON error shape, and the service stays up', async () => {
    await start();
    const res = await raw('GET', `/conversations?cursor=${'a'.repeat(20_000)}`);
    expect(res).toEqual({ status: 431, body: { error: { code: 'headers_too_large', message: 'The URL or the headers are too large.' } } });
    expect((await fetch(`${t!.url}/health`)).status).toBe(200);
  });

  it('Twilio routes check the signature before validating: unsigned junk is 403, not an apology, and logs no error', async () => {
    await start({ BODY_LIMIT_BYTES: '4096' });
    const post = (path: string, form: Record<string, string>, signed: boolean) =>
      fetch(`${t!.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(signed ? { 'x-twilio-signature': signTwilioRequest(AUTH_TOKEN, `${t!.deps.webhookBase.url}${path}`, form) } : {}),
        },
        body: new URLSearchParams(form).toString(),
      });
    // An invalid turn query: without a signature it never reaches validation.
    expect((await post('/twilio-process?turn=12345678901234', { CallSid: 'CA1' }, false)).status).toBe(403);
    // Signed, it is Twilio echoing a URL: a spoken apology (TwiML), logged as a warning, not an error.
    const signed = await post('/twilio-process?turn=12345678901234', { CallSid: 'CA1' }, true);
    expect(signed.status).toBe(200);
    expect(await signed.text()).toContain('<Say>');
    // A body over the limit is never read, so never verified: 413 and a hang-up.
    const huge = await post('/twilio-voice', { CallSid: 'CA1', SpeechResult: 'x'.repeat(10_000) }, true);
    expect(huge.status).toBe(413);
    expect(await huge.text()).toContain('<Hangup/>');
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(lines.map((l) => l.msg)).toEqual([
      'twilio signature mismatch: check WEBHOOK_BASE_URL (and TRUST_PROXY, WEBHOOK_HOSTS behind a proxy)',
      'twilio webhook with invalid parameters',
      'twilio webhook rejected before the signature check',
    ]);
  });
});
