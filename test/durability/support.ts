/**
 * Shared by the durability suites: the real service as a child process (`node --import tsx src/main.ts`),
 * and a Twilio-side client that signs its webhooks like Twilio does.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { signTwilioRequest } from '../../src/adapters/twilio/signature.js';
import { adminRequest } from '../helpers/app.js';
import type { JsonBody } from '../helpers/json.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ADMIN_KEY = 'durability-admin-key-0123456789abcdef';
export const ACCOUNT = `AC${'d'.repeat(32)}`;
export const TWILIO_TOKEN = 'durability-twilio-token';

/** A port that was free a moment ago (the simulator and the signatures need the real port up front). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  port: number;
  /** stdout + stderr so far (for failure messages). */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  exited: Promise<number | string>;
}

/**
 * Spawns the service with `env` (on top of a minimal PATH/HOME environment, nothing from the test's own) and
 * waits until GET /health answers 200. TELEPHONY=twilio unless `env` says otherwise.
 */
export async function spawnService(env: Record<string, string>, options: { port?: number } = {}): Promise<ServiceProcess> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_API_KEY: ADMIN_KEY,
      LOG_LEVEL: 'warn',
      LOG_PRETTY: 'false',
      CALLING_HOURS: '00:00-24:00',
      CANDIDATE_PHONE: '+14155550123',
      CALL_RATE_LIMIT: '10000',
      ADMIN_RATE_LIMIT: '100000',
      // No drain before closing (test/ops/drain.test.ts covers it): SIGTERM closes the listener at once.
      DRAIN_SECONDS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  let gone: number | string | undefined;
  void exited.then((c) => (gone = c));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (gone !== undefined) throw new Error(`the service exited (${gone}) before it was ready:\n${output}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the service did not become ready in 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url, port, output: () => output, exited };
}

/** Ends a child that may still be running (SIGKILL), and waits for it. */
export async function killService(service: ServiceProcess | undefined): Promise<void> {
  if (service === undefined) return;
  if (service.child.exitCode === null && service.child.signalCode === null) service.child.kill('SIGKILL');
  await service.exited;
}

export function admin(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: JsonBody }> {
  return adminRequest(base, ADMIN_KEY, method, path, body);
}

/** The form Twilio posts for this call. */
export function twilioForm(callSid: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    CallSid: callSid,
    AccountSid: ACCOUNT,
    From: '+15005550006',
    To: '+14155550123',
    Direction: 'outbound-api',
    ApiVersion: '2010-04-01',
    CallStatus: 'in-progress',
    ...extra,
  };
}

/** Posts a form to `base + path`, signed with `token` for `signedBase + path` (the WEBHOOK_BASE_URL). */
export async function postSigned(
  base: string,
  path: string,
  form: Record<string, string>,
  token: string,
  signedBase = base,
): Promise<{ status: number; text: string }> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signTwilioRequest(token, `${signedBase}${path}`, form),
    },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, text: await res.text() };
}

/** The turn number a TwiML answer asks Twilio to post next (its <Gather action>), or undefined (a hang-up). */
export function nextTurnOf(twiml: string): number | undefined {
  const match = /<Gather[^>]*action="[^"]*twilio-process\?turn=(\d+)[&"]/.exec(twiml);
  return match === null ? undefined : Number(match[1]);
}
