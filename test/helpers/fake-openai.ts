/**
 * A real OpenAI-compatible HTTP server for tests: POST /v1/chat/completions on 127.0.0.1, port 0.
 * Point the SDK (or OPENAI_BASE_URL) at `server.baseURL`, program its behaviour per test, and read what
 * it received.
 *
 *   const server = await startFakeOpenAI();
 *   server.setBehaviour(fakeAnswer({ intent: 'accept', slot: 0, time: null, date: null, confidence: 0.9 }));
 *   server.enqueue(fakeStatus(500));             // one-shot, used before the default behaviour
 *   server.setBehaviour((req) => ...);           // or decide per request (e.g. from the utterance)
 *   ...
 *   server.requests[0].body.model; await server.waitForAborted(1); await server.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { JsonBody } from './json.js';

export type FakeBehaviour =
  /** 200 with `content` as the assistant message content (objects are JSON-encoded, strings sent as is). */
  | { kind: 'answer'; content: unknown; delayMs?: number; finishReason?: string }
  /** 200 with a refusal message and null content. */
  | { kind: 'refusal'; refusal: string; delayMs?: number }
  /** Any status with an OpenAI-style error body (or `body`) and headers. */
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  /** 200 with a body that is not JSON at all (the HTTP layer is broken, not the model). */
  | { kind: 'raw'; status?: number; body: string; contentType?: string; delayMs?: number }
  /** Never answers; the request stays open until the client gives up (or the server closes). */
  | { kind: 'hang' };

export type FakeHandler = (request: RecordedRequest) => FakeBehaviour;

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body (undefined when it was not JSON). */
  body: JsonBody;
  rawBody: string;
  receivedAt: number;
  /** Set when the client closed the connection before the answer was sent. */
  aborted: boolean;
  /** Set when the answer was fully sent. */
  answered: boolean;
}

export interface FakeOpenAI {
  /** e.g. http://127.0.0.1:54321/v1 — what the SDK's `baseURL` / OPENAI_BASE_URL expects. */
  readonly baseURL: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Requests the client aborted (closed) before the answer was sent. */
  readonly aborted: number;
  /** Requests currently open (received, not yet answered or aborted). */
  readonly inFlight: number;
  /** The behaviour for every request not served by the queue. */
  setBehaviour(behaviour: FakeBehaviour | FakeHandler): void;
  /** One-shot behaviours, consumed in order before the default. */
  enqueue(...behaviours: FakeBehaviour[]): void;
  /** Forgets requests and counters, empties the queue and restores the default behaviour. */
  reset(): void;
  /** Resolves once `aborted >= count`; rejects after `timeoutMs`. */
  waitForAborted(count?: number, timeoutMs?: number): Promise<void>;
  /** Resolves once `requests.length >= count`; rejects after `timeoutMs`. */
  waitForRequests(count?: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** The assistant answers with this JSON (or raw string) content. */
export function fakeAnswer(content: unknown, opts: { delayMs?: number; finishReason?: string } = {}): FakeBehaviour {
  return { kind: 'answer', content, ...opts };
}
/** The assistant answers `content` after `delayMs`. */
export function fakeSlow(delayMs: number, content: unknown): FakeBehaviour {
  return { kind: 'answer', content, delayMs };
}
/** Content that is not JSON (the model's answer is malformed). */
export function fakeMalformed(content = '{"intent": "accept", "slot": 0,'): FakeBehaviour {
  return { kind: 'answer', content };
}
export function fakeRefusal(refusal = "I'm sorry, I can't help with that."): FakeBehaviour {
  return { kind: 'refusal', refusal };
}
export function fakeStatus(status: number, headers?: Record<string, string>): FakeBehaviour {
  return headers ? { kind: 'status', status, headers } : { kind: 'status', status };
}
export function fakeRateLimited(retryAfterSeconds = 1): FakeBehaviour {
  return {
    kind: 'status',
    status: 429,
    headers: { 'retry-after': String(retryAfterSeconds) },
    body: { error: { message: 'Rate limit reached', type: 'requests', param: null, code: 'rate_limit_exceeded' } },
  };
}
export function fakeHang(): FakeBehaviour {
  return { kind: 'hang' };
}

/** A harmless default: the model says it could not tell. */
export const DEFAULT_ANSWER = { intent: 'unclear', slot: null, time: null, date: null, confidence: 0.1 };

let completionCounter = 0;

function completionBody(model: string, message: { content: string | null; refusal: string | null }, finishReason: string) {
  completionCounter++;
  return {
    id: `chatcmpl-fake${completionCounter}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: message.content, refusal: message.refusal, annotations: [] },
        logprobs: null,
        finish_reason: finishReason,
      },
    ],
    usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
    system_fingerprint: 'fp_fake',
  };
}

function errorBody(status: number) {
  const type = status === 429 ? 'requests' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return { error: { message: `Fake error ${status}`, type, param: null, code: null } };
}

export async function startFakeOpenAI(options: { behaviour?: FakeBehaviour | FakeHandler } = {}): Promise<FakeOpenAI> {
  const initial = options.behaviour ?? fakeAnswer(DEFAULT_ANSWER);
  let behaviour: FakeBehaviour | FakeHandler = initial;
  let queue: FakeBehaviour[] = [];
  let requests: RecordedRequest[] = [];
  let aborted = 0;
  let inFlight = 0;
  const sockets = new Set<Socket>();
  const waiters = new Set<() => void>();
  const notify = (): void => {
    for (const w of [...waiters]) w();
  };

  function send(res: ServerResponse, record: RecordedRequest, status: number, body: string, headers: Record<string, string>): void {
    if (record.aborted || res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_fake${requests.length}`, ...headers });
    res.end(body);
  }

  function serve(req: IncomingMessage, res: ServerResponse, record: RecordedRequest): void {
    if (req.method !== 'POST' || !/\/chat\/completions\/?$/.test(record.path)) {
      send(
        res,
        record,
        404,
        JSON.stringify({ error: { message: `No route ${req.method} ${record.path}`, type: 'invalid_request_error' } }),
        {},
      );
      return;
    }
    const chosen = queue.shift() ?? (typeof behaviour === 'function' ? behaviour(record) : behaviour);
    if (chosen.kind === 'hang') return;
    const model = typeof record.body?.model === 'string' ? record.body.model : 'fake-model';
    const respond = (): void => {
      switch (chosen.kind) {
        case 'answer': {
          const content = typeof chosen.content === 'string' ? chosen.content : JSON.stringify(chosen.content);
          send(res, record, 200, JSON.stringify(completionBody(model, { content, refusal: null }, chosen.finishReason ?? 'stop')), {});
          return;
        }
        case 'refusal':
          send(res, record, 200, JSON.stringify(completionBody(model, { content: null, refusal: chosen.refusal }, 'stop')), {});
          return;
        case 'status':
          send(res, record, chosen.status, JSON.stringify(chosen.body ?? errorBody(chosen.status)), chosen.headers ?? {});
          return;
        case 'raw':
          send(res, record, chosen.status ?? 200, chosen.body, { 'content-type': chosen.contentType ?? 'application/json' });
          return;
      }
    };
    const delay = chosen.delayMs ?? 0;
    if (delay <= 0) {
      respond();
      return;
    }
    const timer = setTimeout(respond, delay);
    res.on('close', () => clearTimeout(timer)); // an aborted request leaves no work behind
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: (req.url ?? '/').split('?')[0] ?? '/',
      headers: req.headers,
      body: undefined,
      rawBody: '',
      receivedAt: Date.now(),
      aborted: false,
      answered: false,
    };
    inFlight++;
    res.on('finish', () => {
      record.answered = true;
    });
    res.on('close', () => {
      inFlight--;
      if (!record.answered) {
        record.aborted = true;
        aborted++;
      }
      notify();
    });
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      record.rawBody = Buffer.concat(chunks).toString('utf8');
      try {
        record.body = JSON.parse(record.rawBody);
      } catch {
        record.body = undefined;
      }
      requests.push(record);
      notify();
      if (!res.destroyed) serve(req, res, record);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  function waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!predicate()) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`fake OpenAI: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      waiters.add(check);
    });
  }

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    get requests() {
      return requests;
    },
    get aborted() {
      return aborted;
    },
    get inFlight() {
      return inFlight;
    },
    setBehaviour(b) {
      behaviour = b;
    },
    enqueue(...bs) {
      queue.push(...bs);
    },
    reset() {
      requests = [];
      queue = [];
      aborted = 0;
      behaviour = initial;
    },
    waitForAborted(count = 1, timeoutMs = 2000) {
      return waitFor(() => aborted >= count, timeoutMs, `${count} aborted request(s)`);
    },
    waitForRequests(count = 1, timeoutMs = 2000) {
      return waitFor(() => requests.length >= count, timeoutMs, `${count} request(s)`);
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
      });
    },
  };
}
