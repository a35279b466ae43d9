import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTwilioTelephony } from '../../src/adapters/twilio/rest-client.js';
import { TelephonyError } from '../../src/adapters/telephony.js';
import { startFakeTwilio } from '../helpers/fake-twilio.js';

const ACCOUNT = `AC${'2'.repeat(32)}`;
const TOKEN = 'placing-token-0123';
const REQUEST = {
  to: '+14155550123',
  from: '+15005550006',
  url: 'https://caller.example.com/twilio-voice?conversation=conv_1',
  statusCallback: 'https://caller.example.com/twilio-status?conversation=conv_1',
};

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A call is never placed twice: only a request that never left this machine is sent again. */
describe('placing a call with Twilio', () => {
  let fake: Awaited<ReturnType<typeof startFakeTwilio>> | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  const telephony = (apiBaseUrl: string, timeoutMs = 10_000) =>
    createTwilioTelephony({ accountSid: ACCOUNT, authToken: TOKEN, apiBaseUrl, backoffMs: 150, timeoutMs });

  it('a 500 (Twilio may have created the call) is sent once and reported, not retried', async () => {
    fake = await startFakeTwilio(TOKEN);
    fake.behave({ kind: 'error', status: 500, code: 20500, message: 'Internal Server Error' });
    const error = await telephony(fake.url)
      .placeCall(REQUEST)
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TelephonyError);
    expect(error).toMatchObject({ code: '20500', retryable: false, kind: 'unavailable' });
    expect(fake.calls).toHaveLength(1);
  });

  it('says why Twilio refused, without choosing an HTTP status: our credentials (401) or this call (400)', async () => {
    fake = await startFakeTwilio(TOKEN);
    fake.behave({ kind: 'error', status: 401, code: 20003, message: 'Authenticate' });
    const credentials = await telephony(fake.url)
      .placeCall(REQUEST)
      .catch((err: unknown) => err);
    expect(credentials).toMatchObject({ code: '20003', kind: 'account', retryable: false });
    expect(credentials).not.toHaveProperty('httpStatus');
    fake.behave({ kind: 'error', status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
    const number = await telephony(fake.url)
      .placeCall(REQUEST)
      .catch((err: unknown) => err);
    expect(number).toMatchObject({ code: '21211', kind: 'refused', retryable: false });
  });

  it('a request that times out (Twilio may have created the call) is sent once and reported, not retried', async () => {
    fake = await startFakeTwilio(TOKEN);
    fake.behave({ kind: 'hang' });
    const error = await telephony(fake.url, 300)
      .placeCall(REQUEST)
      .catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'twilio_no_answer', retryable: false, kind: 'unavailable' });
    // Long enough for a retry to have arrived, had there been one.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(fake.calls).toHaveLength(1);
  });

  it('a refused connection (nothing was sent) is tried again, and the call is placed once', async () => {
    const port = await freePort();
    const placing = telephony(`http://127.0.0.1:${port}`).placeCall(REQUEST);
    // Twilio comes back while the first refusal waits its backoff.
    await new Promise((resolve) => setTimeout(resolve, 50));
    fake = await startFakeTwilio(TOKEN, port);
    const placed = await placing;
    expect(placed.callSid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]?.form.Url).toBe(REQUEST.url);
  });

  it('an unreachable Twilio is reported after the tries as unavailable, under a code that names it', async () => {
    const port = await freePort();
    const error = await telephony(`http://127.0.0.1:${port}`)
      .placeCall(REQUEST)
      .catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'twilio_unreachable', kind: 'unavailable', retryable: true });
  });
});
