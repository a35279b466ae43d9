/**
 * A tiny fake Twilio REST API for the benchmark (a trimmed copy of test/helpers/fake-twilio.ts): it accepts
 * `POST /2010-04-01/Accounts/{sid}/Calls.json`, answers with a fresh CallSid in Twilio's JSON shape, keeps the
 * webhook URL it was given for that call, and plays nothing — the benchmark itself drives the signed webhooks,
 * starting from that URL as Twilio would (or `onCall`, told of each call once it has been answered, does).
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeTwilioRest {
  url: string;
  created: () => number;
  /** The URL Twilio was asked to fetch when call `callSid` is answered (the service's `/twilio-voice?conversation=…`). */
  voiceUrl: (callSid: string) => string | undefined;
  /** Called with each created call's CallSid and the request's form, after the answer was sent. */
  onCall?: (callSid: string, form: URLSearchParams) => void;
  close(): Promise<void>;
}

export async function startFakeTwilioRest(): Promise<FakeTwilioRest> {
  let created = 0;
  const voiceUrls = new Map<string, string>();
  const self: { rest?: FakeTwilioRest } = {};
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Calls\.json$/.exec(req.url ?? '');
      if (req.method !== 'POST' || match === null) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 20404, message: 'The requested resource was not found', status: 404 }));
        return;
      }
      created++;
      const sid = `CA${randomBytes(16).toString('hex')}`;
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const url = form.get('Url');
      if (url !== null) voiceUrls.set(sid, url);
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ sid, status: 'queued', account_sid: match[1], direction: 'outbound-api', api_version: '2010-04-01' }));
      self.rest?.onCall?.(sid, form);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const rest: FakeTwilioRest = {
    url: `http://127.0.0.1:${port}`,
    created: () => created,
    voiceUrl: (callSid) => voiceUrls.get(callSid),
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
  self.rest = rest;
  return rest;
}
