/**
 * A tiny fake Twilio REST API for the benchmark (a trimmed copy of test/helpers/fake-twilio.ts): it accepts
 * `POST /2010-04-01/Accounts/{sid}/Calls.json`, answers with a fresh CallSid in Twilio's JSON shape and plays
 * nothing — the benchmark itself drives the signed webhooks.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function startFakeTwilioRest(): Promise<{ url: string; created: () => number; close(): Promise<void> }> {
  let created = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Calls\.json$/.exec(req.url ?? '');
      if (req.method !== 'POST' || match === null) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 20404, message: 'The requested resource was not found', status: 404 }));
        return;
      }
      created++;
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ sid: `CA${randomBytes(16).toString('hex')}`, status: 'queued', account_sid: match[1], direction: 'outbound-api', api_version: '2010-04-01' }),
      );
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    created: () => created,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
