/**
 * A fake Twilio Messages API on 127.0.0.1 (the network edge of the SMS tests): `POST
 * /2010-04-01/Accounts/{AccountSid}/Messages.json` answers like Twilio (201 and the Message resource, or Twilio's
 * error JSON). Point `createTwilioSms({ apiBaseUrl: fake.url })` at it.
 *
 * - `messages`: every create in arrival order, refused ones included: `{ accountSid, form, authorization, sid }`.
 * - `fail({ status, code, message, times? })`: the next `times` creates (default: all until `fail(undefined)`) are
 *   refused with that error.
 * - `close()`.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeMessage {
  accountSid: string;
  form: Record<string, string>;
  authorization: string | undefined;
  /** Undefined when the create was refused. */
  sid?: string;
}

export interface FakeFailure {
  status: number;
  code: number;
  message: string;
  times?: number;
}

const MESSAGES = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;

export type FakeTwilioMessages = Awaited<ReturnType<typeof startFakeTwilioMessages>>;

export async function startFakeTwilioMessages() {
  const messages: FakeMessage[] = [];
  let failure: (FakeFailure & { left: number }) | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const match = MESSAGES.exec(req.url ?? '');
      if (req.method !== 'POST' || match === null) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 20404, message: 'Not found', status: 404 }));
        return;
      }
      const accountSid = match[1] ?? '';
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const entry: FakeMessage = { accountSid, form, authorization: req.headers.authorization };
      messages.push(entry);
      if (failure !== undefined && failure.left > 0) {
        failure.left -= 1;
        res
          .writeHead(failure.status, { 'content-type': 'application/json' })
          .end(JSON.stringify({ code: failure.code, message: failure.message, more_info: '', status: failure.status }));
        return;
      }
      entry.sid = `SM${randomBytes(16).toString('hex')}`;
      const now = new Date().toUTCString();
      res.writeHead(201, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          sid: entry.sid,
          account_sid: accountSid,
          to: form.To,
          from: form.From,
          body: form.Body,
          status: 'queued',
          direction: 'outbound-api',
          num_segments: '1',
          date_created: now,
          date_updated: now,
          date_sent: null,
          error_code: null,
          error_message: null,
          price: null,
          price_unit: 'USD',
          api_version: '2010-04-01',
          uri: `/2010-04-01/Accounts/${accountSid}/Messages/${entry.sid}.json`,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    messages,
    fail(next: FakeFailure | undefined) {
      failure = next === undefined ? undefined : { ...next, left: next.times ?? Number.POSITIVE_INFINITY };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
