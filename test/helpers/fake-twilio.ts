import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { runSimulatedCall } from '../../src/adapters/simulator/call-runner.js';
import type { CallRecording } from '../../src/adapters/simulator/call-runner.js';

export interface CreatedCall {
  accountSid: string;
  form: Record<string, string | string[]>;
  authorization: string | undefined;
}

export type FakeBehaviour =
  | {
      kind: 'ok';
      replies?: Array<string | null>;
      play?: boolean;
      /** Runs after the call is created and before Twilio's answer is sent (a webhook that overtakes the answer). */
      beforeAnswer?: (sid: string, form: Record<string, string | string[]>) => Promise<void>;
    }
  | { kind: 'error'; status: number; code: number; message: string; times?: number }
  /** Takes the request and never answers (a timeout on the client's side). */
  | { kind: 'hang' };

/**
 * A fake Twilio REST API on 127.0.0.1: it accepts `POST /2010-04-01/Accounts/{sid}/Calls.json` like Twilio, records
 * it, answers in Twilio's JSON shape (or with Twilio's error shape), and can then play the call against the
 * webhooks it was given, signed with the account's auth token.
 */
export async function startFakeTwilio(authToken: string, listenPort = 0) {
  const calls: CreatedCall[] = [];
  const plays: Array<Promise<CallRecording>> = [];
  let behaviour: FakeBehaviour = { kind: 'ok', play: false };
  let errorsLeft = 0;

  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Calls\.json$/.exec(req.url ?? '');
    if (req.method !== 'POST' || match === null) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 20404, message: 'The requested resource was not found', status: 404 }));
      return;
    }
    const form: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(body)) {
      const prev = form[k];
      form[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    calls.push({ accountSid: match[1] ?? '', form, authorization: req.headers.authorization });
    if (behaviour.kind === 'hang') return;
    if (behaviour.kind === 'error' && errorsLeft > 0) {
      errorsLeft--;
      res.writeHead(behaviour.status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          code: behaviour.code,
          message: behaviour.message,
          more_info: `https://www.twilio.com/docs/errors/${behaviour.code}`,
          status: behaviour.status,
        }),
      );
      return;
    }
    const sid = `CA${randomBytes(16).toString('hex')}`;
    if (behaviour.kind === 'ok' && behaviour.beforeAnswer !== undefined) await behaviour.beforeAnswer(sid, form);
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        sid,
        status: 'queued',
        to: form.To,
        from: form.From,
        account_sid: match[1],
        direction: 'outbound-api',
        api_version: '2010-04-01',
      }),
    );
    if (behaviour.kind === 'ok' && behaviour.play === true) {
      plays.push(
        runSimulatedCall({
          callSid: sid,
          accountSid: match[1] ?? '',
          from: String(form.From),
          to: String(form.To),
          url: String(form.Url),
          statusCallback: String(form.StatusCallback),
          authToken,
          simulate: { replies: behaviour.replies ?? [] },
        }),
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(listenPort, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    plays,
    behave(next: FakeBehaviour) {
      behaviour = next;
      errorsLeft = next.kind === 'error' ? (next.times ?? Number.POSITIVE_INFINITY) : 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The settings that put the service in Twilio mode against a fake Twilio REST server. */
export function twilioEnv(apiBaseUrl: string, accountSid: string, authToken: string, webhookBaseUrl = 'https://caller.example.com') {
  return {
    TELEPHONY: 'twilio',
    TWILIO_ACCOUNT_SID: accountSid,
    TWILIO_AUTH_TOKEN: authToken,
    TWILIO_PHONE_NUMBER: '+15005550006',
    TWILIO_API_BASE_URL: apiBaseUrl,
    WEBHOOK_BASE_URL: webhookBaseUrl,
  };
}
