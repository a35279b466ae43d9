/**
 * A fake Twilio REST API on 127.0.0.1 (the network edge of every Twilio-mode test). It answers like Twilio's
 * `/2010-04-01/Accounts/{AccountSid}/Calls…` in Twilio's JSON shapes (errors too) and plays the calls it creates
 * against the webhooks it was given, signed with the auth token, with the simulator's call runner.
 *
 * API:
 * - `startFakeTwilio(authToken, port?)` → the fake; `twilioEnv(fake.url, accountSid, authToken, webhookBase?)` the
 *   settings that point the service at it.
 * - `calls`: every `POST Calls.json` in arrival order, refused ones included: `{ accountSid, form, authorization,
 *   createdAt (Date.now() ms at arrival), to, sid (undefined when refused or hung), live (the call's state), recording }`.
 * - `plays`: one promise per played call (its `CallRecording`: transcript, final status, AnsweredBy…).
 * - `behave(b)`: what a create does when no script covers its number: `{ kind: 'ok', play?, replies?, ringMs?,
 *   beforeAnswer? }` (default: created, not played: it stays 'queued'), `{ kind: 'error', status, code, message,
 *   times? }`, `{ kind: 'hang' }` (never answers).
 * - `script(s)`: per-number behaviours, the n-th create to a number (1-based, refused ones counted) playing the n-th
 *   entry: a map `{ '+1415…': [FakeAttempt, …] }` (a missing entry: answered, "the first one", "yes") or a function
 *   `(to, n) => FakeAttempt | undefined` (undefined: `behave`'s). A FakeAttempt is the simulator's `SimulateOptions`
 *   (`result`: answered | no-answer | busy | failed | voicemail | fax | machine_start, `replies`, `answeredBy`) plus
 *   `ringMs` (real ms it rings), or `{ error: { status, code, message } }` (the create refused, e.g. 21211).
 * - `liveCalls()`: played calls created and not ended now; `maxLive()`: its high-water mark.
 * - `call(sid)`: the `LiveCall`; `updates`: every `POST Calls/{sid}.json` `{ sid, form }`; `lists`: every list query.
 * - `failRest(err | undefined)`: every list, fetch and update answers Twilio's error `{ status, code, message }`.
 * - `idle()`: resolves when every played call has ended. `close()`.
 * REST: `GET Calls.json` (filters To, From, Status, StartTime, StartTime>, StartTime< as twilio-node sends them, on
 * the start time or, for a call not started, its creation; PageSize/Page; newest first), `GET Calls/{sid}.json`
 * (404 20404 when unknown), `POST Calls/{sid}.json` (`Twiml`: the live call plays it at its next step;
 * `Status=completed|canceled`: it hangs up; 400 21220 when it has ended).
 * Like Twilio: `AsyncAmd=true` with `AsyncAmdStatusCallback` posts the detection's verdict once the greeting started;
 * a webhook that cannot be reached ends an answered call 'completed'; a status callback that cannot be delivered is
 * dropped.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { runSimulatedCall } from '../../src/adapters/simulator/call-runner.js';
import type { CallRecording } from '../../src/adapters/simulator/call-runner.js';
import { LiveCall } from '../../src/adapters/simulator/live-call.js';
import type { SimulateOptions } from '../../src/adapters/telephony.js';
import { TelephonyError } from '../../src/adapters/telephony.js';

export interface CreatedCall {
  accountSid: string;
  form: Record<string, string | string[]>;
  authorization: string | undefined;
  /** When the create arrived (Date.now(), ms): what a calls-per-second check measures. */
  createdAt: number;
  to: string;
  /** Undefined when the create was refused or never answered. */
  sid?: string;
  live?: LiveCall;
  /** The played call's recording (also in `plays`). */
  recording?: Promise<CallRecording>;
}

export type FakeBehaviour =
  | {
      kind: 'ok';
      replies?: Array<string | null>;
      play?: boolean;
      ringMs?: number;
      /** Runs after the call is created and before Twilio's answer is sent (a webhook that overtakes the answer). */
      beforeAnswer?: (sid: string, form: Record<string, string | string[]>) => Promise<void>;
    }
  | { kind: 'error'; status: number; code: number; message: string; times?: number }
  /** Takes the request and never answers (a timeout on the client's side). */
  | { kind: 'hang' };

/** One scripted attempt: how the call to that number goes, or the create refused. */
export type FakeAttempt = (SimulateOptions & { ringMs?: number }) | { error: { status: number; code: number; message: string } };

export type FakeScript = Record<string, FakeAttempt[]> | ((to: string, n: number) => FakeAttempt | undefined);

/** A scripted number's attempt without an entry: a person who answers and takes the first slot. */
const DEFAULT_ATTEMPT: FakeAttempt = { result: 'answered', replies: ['the first one', 'yes'] };

const CALLS = /^\/2010-04-01\/Accounts\/([^/]+)\/Calls\.json$/;
const CALL = /^\/2010-04-01\/Accounts\/([^/]+)\/Calls\/([^/]+)\.json$/;

export type FakeTwilio = Awaited<ReturnType<typeof startFakeTwilio>>;

export async function startFakeTwilio(authToken: string, listenPort = 0) {
  const calls: CreatedCall[] = [];
  const plays: Array<Promise<CallRecording>> = [];
  const updates: Array<{ sid: string; form: Record<string, string> }> = [];
  const lists: URLSearchParams[] = [];
  const live = new Map<string, LiveCall>();
  const createsTo = new Map<string, number>();
  let behaviour: FakeBehaviour = { kind: 'ok', play: false };
  let script: FakeScript | undefined;
  let restFailure: { status: number; code: number; message: string } | undefined;
  let errorsLeft = 0;
  let playing = 0;
  let highWater = 0;
  let idleWaiters: Array<() => void> = [];
  /** Calls the runner plays; the others stay 'queued' until an update cancels them. */
  const played = new WeakSet<LiveCall>();

  const scripted = (to: string, n: number): FakeAttempt | undefined => {
    if (script === undefined) return undefined;
    if (typeof script === 'function') return script(to, n);
    const attempts = script[to];
    return attempts === undefined ? undefined : (attempts[n - 1] ?? DEFAULT_ATTEMPT);
  };

  const create = async (req: IncomingMessage, res: ServerResponse, accountSid: string, body: string) => {
    const form = formOf(body);
    const to = String(form.To ?? '');
    const created: CreatedCall = { accountSid, form, authorization: req.headers.authorization, createdAt: Date.now(), to };
    calls.push(created);
    const n = (createsTo.get(to) ?? 0) + 1;
    createsTo.set(to, n);
    const attempt = scripted(to, n);
    if (attempt !== undefined && 'error' in attempt)
      return twilioError(res, attempt.error.status, attempt.error.code, attempt.error.message);
    if (attempt === undefined && behaviour.kind === 'hang') return;
    if (attempt === undefined && behaviour.kind === 'error' && errorsLeft > 0) {
      errorsLeft--;
      return twilioError(res, behaviour.status, behaviour.code, behaviour.message);
    }
    const sid = `CA${randomBytes(16).toString('hex')}`;
    const call = new LiveCall(sid, to, String(form.From ?? ''));
    live.set(sid, call);
    Object.assign(created, { sid, live: call });
    const ok = behaviour.kind === 'ok' ? behaviour : undefined;
    if (attempt === undefined && ok?.beforeAnswer !== undefined) await ok.beforeAnswer(sid, form);
    json(res, 201, callJson(accountSid, call));
    const simulate: (SimulateOptions & { ringMs?: number }) | undefined =
      attempt ?? (ok?.play === true ? { replies: ok.replies ?? [], ...(ok.ringMs === undefined ? {} : { ringMs: ok.ringMs }) } : undefined);
    if (simulate !== undefined) created.recording = play(accountSid, call, form, simulate);
  };

  const play = (
    accountSid: string,
    call: LiveCall,
    form: Record<string, string | string[]>,
    attempt: SimulateOptions & { ringMs?: number },
  ) => {
    const { ringMs, ...simulate } = attempt;
    const amd = form.AsyncAmd === 'true' && typeof form.AsyncAmdStatusCallback === 'string' ? form.AsyncAmdStatusCallback : undefined;
    played.add(call);
    playing++;
    highWater = Math.max(highWater, playing);
    const recording = runSimulatedCall({
      callSid: call.callSid,
      accountSid,
      from: call.from,
      to: call.to,
      url: String(form.Url),
      statusCallback: String(form.StatusCallback),
      authToken,
      simulate,
      live: call,
      ...(ringMs === undefined ? {} : { ringMs }),
      ...(amd === undefined ? {} : { amdStatusCallback: amd }),
    }).finally(() => {
      playing--;
      if (playing === 0) {
        for (const wake of idleWaiters) wake();
        idleWaiters = [];
      }
    });
    plays.push(recording);
    return recording;
  };

  const list = (res: ServerResponse, accountSid: string, query: URLSearchParams) => {
    lists.push(query);
    const pageSize = Math.min(1000, Math.max(1, Number(query.get('PageSize') ?? '50') || 50));
    const page = Math.max(0, Number(query.get('Page') ?? '0') || 0);
    const matching = [...live.values()].filter((c) => matches(c, query)).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    const items = matching.slice(page * pageSize, (page + 1) * pageSize);
    const uri = (p: number) => {
      const q = new URLSearchParams(query);
      q.set('Page', String(p));
      q.set('PageSize', String(pageSize));
      return `/2010-04-01/Accounts/${accountSid}/Calls.json?${q.toString()}`;
    };
    json(res, 200, {
      calls: items.map((c) => callJson(accountSid, c)),
      page,
      page_size: pageSize,
      start: page * pageSize,
      end: page * pageSize + Math.max(0, items.length - 1),
      uri: uri(page),
      first_page_uri: uri(0),
      previous_page_uri: page > 0 ? uri(page - 1) : null,
      next_page_uri: (page + 1) * pageSize < matching.length ? uri(page + 1) : null,
    });
  };

  const update = (res: ServerResponse, accountSid: string, call: LiveCall, form: Record<string, string>) => {
    updates.push({ sid: call.callSid, form });
    const status = form.Status;
    try {
      if (status === 'completed' || status === 'canceled') {
        if (played.has(call) || call.ended) call.request({ status: 'completed' });
        else call.move('canceled');
      } else if (form.Twiml !== undefined) call.request({ twiml: form.Twiml });
      else return twilioError(res, 400, 21218, 'Invalid or missing parameters: this fake takes Twiml or Status');
    } catch (err) {
      if (err instanceof TelephonyError) return twilioError(res, 400, Number(err.code), err.message);
      throw err;
    }
    json(res, 200, callJson(accountSid, call));
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://fake');
      const many = CALLS.exec(url.pathname);
      const one = CALL.exec(url.pathname);
      if (many !== null && req.method === 'POST') return create(req, res, many[1] ?? '', body);
      if ((many !== null || one !== null) && restFailure !== undefined) {
        return twilioError(res, restFailure.status, restFailure.code, restFailure.message);
      }
      if (many !== null && req.method === 'GET') return list(res, many[1] ?? '', url.searchParams);
      const call = one === null ? undefined : live.get(one[2] ?? '');
      if (one !== null && call !== undefined && req.method === 'GET') return json(res, 200, callJson(one[1] ?? '', call));
      if (one !== null && call !== undefined && req.method === 'POST') return update(res, one[1] ?? '', call, single(formOf(body)));
      return twilioError(res, 404, 20404, 'The requested resource was not found');
    })().catch((err: unknown) => {
      if (!res.headersSent) twilioError(res, 500, 20500, err instanceof Error ? err.message : 'Internal Server Error');
    });
  });
  await new Promise<void>((resolve) => server.listen(listenPort, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    plays,
    updates,
    lists,
    behave(next: FakeBehaviour) {
      behaviour = next;
      errorsLeft = next.kind === 'error' ? (next.times ?? Number.POSITIVE_INFINITY) : 0;
    },
    script(next: FakeScript | undefined) {
      script = next;
    },
    /** Every list, fetch and update answers this error while it is set (creates follow `behave`). */
    failRest(next: { status: number; code: number; message: string } | undefined) {
      restFailure = next;
    },
    call: (sid: string) => live.get(sid),
    liveCalls: () => playing,
    maxLive: () => highWater,
    idle: () => (playing === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function formOf(body: string): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = form[k];
    form[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return form;
}

function single(form: Record<string, string | string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(form).map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? '') : v]));
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function twilioError(res: ServerResponse, status: number, code: number, message: string): void {
  json(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

/** Twilio's date format: RFC 2822 in UTC, to the second ("Tue, 24 Nov 2026 15:00:00 +0000"). */
function rfc2822(date: Date | null): string | null {
  return date === null ? null : date.toUTCString().replace('GMT', '+0000');
}

function callJson(accountSid: string, call: LiveCall) {
  return {
    sid: call.callSid,
    account_sid: accountSid,
    to: call.to,
    from: call.from,
    status: call.status,
    date_created: rfc2822(call.createdAt),
    date_updated: rfc2822(call.endTime ?? call.startTime ?? call.createdAt),
    start_time: rfc2822(call.startTime),
    end_time: rfc2822(call.endTime),
    duration: call.duration === null ? null : String(call.duration),
    answered_by: call.answeredBy,
    direction: 'outbound-api',
    api_version: '2010-04-01',
    uri: `/2010-04-01/Accounts/${accountSid}/Calls/${call.callSid}.json`,
  };
}

/** Twilio's list filters; a date-only StartTime compares by day, a date-time to the second. */
function matches(call: LiveCall, query: URLSearchParams): boolean {
  const to = query.get('To');
  const from = query.get('From');
  const status = query.get('Status');
  if (to !== null && call.to !== to) return false;
  if (from !== null && call.from !== from) return false;
  if (status !== null && call.status !== status) return false;
  const started = Math.floor((call.startTime ?? call.createdAt).getTime() / 1000) * 1000;
  const bound = (key: string) => {
    const value = query.get(key);
    if (value === null) return undefined;
    const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
    const at = Date.parse(day ? `${value}T00:00:00Z` : value);
    return { at, day };
  };
  const after = bound('StartTime>');
  const before = bound('StartTime<');
  const on = bound('StartTime');
  if (after !== undefined && started < after.at) return false;
  if (before !== undefined && started > before.at + (before.day ? 86_400_000 - 1 : 0)) return false;
  if (on !== undefined && (on.day ? Math.floor(started / 86_400_000) !== Math.floor(on.at / 86_400_000) : started !== on.at)) return false;
  return true;
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
