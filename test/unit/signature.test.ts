import crypto from 'node:crypto';
import fc from 'fast-check';
import { getExpectedTwilioSignature, validateRequest } from 'twilio/lib/webhooks/webhooks.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isValidTwilioSignature } from '../../src/adapters/twilio/signature.js';

const TOKEN = 'test-auth-token-0123456789abcdef';

/** A webhook URL as WEBHOOK_BASE_URL + path could give it: scheme, host, maybe a port, a path, maybe a query. */
const webhookUrl = fc
  .record({
    scheme: fc.constantFrom('http://', 'https://'),
    host: fc.constantFrom('caller.example.com', 'abc.ngrok.app', '127.0.0.1', 'localhost'),
    port: fc.constantFrom('', ':80', ':443', ':8000', ':8080'),
    path: fc.constantFrom('/twilio-voice', '/twilio-process', '/app/twilio-status', '/twilio-process'),
    query: fc.constantFrom('', '?turn=1', '?turn=12', '?x=a%20b&turn=3', "?q=it's"),
  })
  .map((u) => ({ ...u, url: `${u.scheme}${u.host}${u.port}${u.path}${u.query}` }));

/** The URL Twilio might have signed instead: the same one, without or with a port, another port or host. */
function variants(u: { scheme: string; host: string; port: string; path: string; query: string; url: string }): string[] {
  const rest = `${u.path}${u.query}`;
  return [
    u.url,
    `${u.scheme}${u.host}${rest}`,
    `${u.scheme}${u.host}${u.scheme === 'https://' ? ':443' : ':80'}${rest}`,
    `${u.scheme}${u.host}:9999${rest}`,
    `${u.scheme}other.example.com${u.port}${rest}`,
    `${u.scheme === 'https://' ? 'http://' : 'https://'}${u.host}${u.port}${rest}`,
    `${u.scheme}${u.host}${u.port}${u.path}`,
  ];
}

const form = fc.dictionary(
  fc.constantFrom('CallSid', 'SpeechResult', 'Digits', 'AccountSid', 'CallStatus', 'Confidence', 'AnsweredBy'),
  fc.string({ maxLength: 20 }),
);

describe('isValidTwilioSignature', () => {
  afterEach(() => vi.restoreAllMocks());

  it("accepts what twilio's validateRequest accepts, for the configured URL and for a proxy's", () => {
    fc.assert(
      fc.property(
        webhookUrl,
        webhookUrl,
        form,
        fc.nat(6),
        fc.constantFrom('signed', 'tampered', 'wrong-token', 'garbage', 'empty'),
        fc.nat(27),
        (u, proxy, params, which, kind, at) => {
          const signedUrl = variants(u)[which] ?? u.url;
          const genuine = getExpectedTwilioSignature(TOKEN, signedUrl, params);
          const signature =
            kind === 'signed'
              ? genuine
              : kind === 'tampered'
                ? `${genuine.slice(0, at)}${genuine[at] === 'A' ? 'B' : 'A'}${genuine.slice(at + 1)}`
                : kind === 'wrong-token'
                  ? getExpectedTwilioSignature(`${TOKEN}x`, signedUrl, params)
                  : kind === 'garbage'
                    ? 'AAAAAAAAAAAAAAAAAAAAAAAAAAA='
                    : '';
          const reference = (urls: string[]) => signature !== '' && urls.some((url) => validateRequest(TOKEN, signature, url, params));
          // Never more than validateRequest; the same except for its re-encoded query variants (`'` → %27), not tried.
          for (const urls of [[u.url], [u.url, proxy.url]]) {
            const ours = isValidTwilioSignature(TOKEN, signature, urls, params);
            if (ours) expect(reference(urls)).toBe(true);
            if (!urls.some((url) => url.includes("'"))) expect(ours).toBe(reference(urls));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('accepts a genuine webhook with one HMAC, also when the configured URL has a port', () => {
    const hmac = vi.spyOn(crypto, 'createHmac');
    const params = { CallSid: `CA${'1'.repeat(32)}`, SpeechResult: 'tuesday at two works' };
    for (const url of ['http://localhost:8000/twilio-process?turn=2', 'https://caller.example.com/twilio-process?turn=2']) {
      const signature = getExpectedTwilioSignature(TOKEN, url, params);
      hmac.mockClear();
      expect(isValidTwilioSignature(TOKEN, signature, [url], params)).toBe(true);
      expect(hmac).toHaveBeenCalledTimes(1);
    }
  });

  it('refuses a missing signature without computing anything', () => {
    const hmac = vi.spyOn(crypto, 'createHmac');
    expect(isValidTwilioSignature(TOKEN, undefined, ['https://caller.example.com/twilio-voice'], {})).toBe(false);
    expect(isValidTwilioSignature(TOKEN, '', ['https://caller.example.com/twilio-voice'], {})).toBe(false);
    expect(hmac).not.toHaveBeenCalled();
  });

  it('signs repeated fields as twilio does: all values count, so an appended value breaks the signature', () => {
    const url = 'https://caller.example.com/twilio-status';
    const signed = { CallSid: `CA${'1'.repeat(32)}`, StirVerstat: ['TN-A', 'TN-B'] };
    const signature = getExpectedTwilioSignature(TOKEN, url, signed);
    expect(validateRequest(TOKEN, signature, url, signed)).toBe(true);
    expect(isValidTwilioSignature(TOKEN, signature, [url], signed)).toBe(true);
    expect(isValidTwilioSignature(TOKEN, signature, [url], { ...signed, StirVerstat: ['TN-A', 'TN-B', 'TN-C'] })).toBe(false);
    expect(isValidTwilioSignature(TOKEN, signature, [url], { ...signed, StirVerstat: 'TN-A' })).toBe(false);
  });

  it('computes one HMAC per candidate URL for a forged request', () => {
    const hmac = vi.spyOn(crypto, 'createHmac');
    const urls = ['https://caller.example.com/twilio-voice', 'https://second.example.com:8443/twilio-voice'];
    expect(isValidTwilioSignature(TOKEN, 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=', urls, { CallSid: 'x' })).toBe(false);
    expect(hmac).toHaveBeenCalledTimes(4); // each URL with and without its port
  });
});
