/**
 * Where one turn's time goes: the real service in this process (`app.inject`, no sockets), calls played one after
 * another on a fresh database, with every SQL statement's time summed by text and the understanding timed.
 *   npm run bench:breakdown [-- --calls 400] [-- --db postgres://…] [-- --gap-ms 37]     (default: a temp SQLite file)
 * `--gap-ms`: an idle pause before each turn, as between the paced runs' turns (the process goes idle and its
 * caches cool), so the per-turn figures can be compared with and without it.
 * Statement times are taken around better-sqlite3's synchronous calls, or from pg's query() to its answer.
 * A diagnostic for profiling, not a figure of the benchmark table (`npm run bench` is that).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createDeps } from '../src/deps.js';
import { option } from './lib/args.js';
import { startFakeTwilioRest } from './lib/fake-twilio.js';
import { ADMIN_KEY, AUTH_TOKEN, benchSlots, nextAction, signedForm, twilioForm, voicePathOf, type BenchCall } from './lib/service.js';
import { SCRIPT } from './turns.js';

const argv = process.argv.slice(2);
const arg = (name: string) => option(argv, name);
const calls = Number(arg('calls') ?? 400);
const gapMs = Number(arg('gap-ms') ?? 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const statements = new Map<string, { n: number; ms: number }>();
const add = (text: string, ms: number) => {
  const e = statements.get(text) ?? { n: 0, ms: 0 };
  e.n++;
  e.ms += ms;
  statements.set(text, e);
};

const prepare = BetterSqlite3.prototype.prepare;
BetterSqlite3.prototype.prepare = function (this: BetterSqlite3.Database, text: string) {
  const statement = prepare.call(this, text) as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const method of ['all', 'run', 'get']) {
    const call = statement[method]?.bind(statement);
    if (call === undefined) continue;
    statement[method] = (...a: unknown[]) => {
      const t = performance.now();
      try {
        return call(...a);
      } finally {
        add(text, performance.now() - t);
      }
    };
  }
  return statement as unknown as BetterSqlite3.Statement;
} as typeof prepare;
const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...a: unknown[]) {
  const t = performance.now();
  const out = query.apply(this, a);
  const first = a[0] as string | { text?: string };
  const text = typeof first === 'string' ? first : (first.text ?? '?');
  if (out instanceof Promise)
    out.then(
      () => add(text, performance.now() - t),
      () => undefined,
    );
  return out;
} as typeof pg.Client.prototype.query;

const dir = mkdtempSync(join(tmpdir(), 'ic-breakdown-'));
const rest = await startFakeTwilioRest();
const base = 'http://127.0.0.1:9';
const config = loadConfig({
  DATABASE_URL: arg('db') ?? `sqlite:${join(dir, 'b.db')}`,
  DATA_DIR: dir,
  ADMIN_API_KEY: ADMIN_KEY,
  TELEPHONY: 'twilio',
  TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: AUTH_TOKEN,
  TWILIO_PHONE_NUMBER: '+15005550006',
  TWILIO_API_BASE_URL: rest.url,
  WEBHOOK_BASE_URL: base,
  OPENAI_API_KEY: '',
  CANDIDATE_PHONE: '+14155550123',
  INTERVIEW_SLOTS: benchSlots(),
  SLOT_CAPACITY: '1000000',
  CALL_RATE_LIMIT: '1000000',
  ADMIN_RATE_LIMIT: '1000000',
  CALLING_HOURS: '00:00-24:00',
  LOG_LEVEL: 'warn',
  LOG_FILE: '',
  LOG_PRETTY: 'false',
});
const deps = await createDeps(config, { logger: pino({ level: 'warn' }) });
const app = await buildApp(deps, { adminKey: ADMIN_KEY });
const understand = deps.understander.understand.bind(deps.understander);
let understandingMs = 0;
deps.understander.understand = async (input, signal) => {
  const t = performance.now();
  const out = await understand(input, signal);
  understandingMs += performance.now() - t;
  return out;
};

async function placeCall(i: number): Promise<BenchCall> {
  const candidate = { name: `Candidate ${i}`, phone: `+1415555${String(1000 + (i % 9000))}` };
  const res = await app.inject({
    method: 'POST',
    url: '/make-actual-call',
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
    payload: { candidate },
  });
  const callSid = (JSON.parse(res.body) as { call_sid: string }).call_sid;
  return { callSid, voicePath: voicePathOf(rest, callSid, base) };
}
const byTurn: number[][] = [];
async function play({ callSid: sid, voicePath }: BenchCall, latencies: number[], gap = 0): Promise<void> {
  // Every URL as the service gave it (the conversation's id in each), as Twilio follows them.
  let path: string | undefined = voicePath;
  let form = twilioForm(sid);
  for (let turn = 0; path !== undefined && turn < 8; turn++) {
    if (gap > 0) await sleep(gap);
    const signed = signedForm(base, path, form);
    const t = performance.now();
    const res = await app.inject({ method: 'POST', url: path, headers: signed.headers, payload: signed.body });
    const ms = performance.now() - t;
    latencies.push(ms);
    (byTurn[turn] ??= []).push(ms);
    path = nextAction(res.body, base);
    form = twilioForm(sid, { SpeechResult: SCRIPT[turn] ?? 'yes', Confidence: '0.92' });
  }
}

for (let i = 0; i < 100; i++) await play(await placeCall(i), []); // warm-up
const placed: BenchCall[] = [];
for (let i = 0; i < calls; i++) placed.push(await placeCall(100 + i));
statements.clear();
byTurn.length = 0;
understandingMs = 0;
const latencies: number[] = [];
const cpu0 = process.cpuUsage();
for (const call of placed) await play(call, latencies, gapMs);
const cpu = process.cpuUsage(cpu0);
const turns = latencies.length;
latencies.sort((a, b) => a - b);
const us = (ms: number) => `${Math.round((ms / turns) * 1000)} µs`;
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)] ?? 0;
const at = (p: number) => pct(latencies, p);
const idle = gapMs > 0 ? `, ${gapMs} ms idle before each turn` : '';
console.log(`${turns} turns (${calls} calls, one at a time, ${config.DATABASE_URL.split(':')[0]}${idle})`);
const mean = us(latencies.reduce((a, b) => a + b, 0));
const cpuPerTurn = us((cpu.user + cpu.system) / 1000);
const [p50, p99] = [at(0.5), at(0.99)].map((ms) => Math.round(ms * 1000));
console.log(`per turn: mean ${mean}, p50 ${p50} µs, p99 ${p99} µs; CPU ${cpuPerTurn} (this process, all threads)`);
for (const [turn, xs] of byTurn.entries()) {
  xs.sort((a, b) => a - b);
  const what = turn === 0 ? '/twilio-voice' : JSON.stringify(SCRIPT[turn - 1] ?? 'yes');
  console.log(`  turn ${turn} (${what}): p50 ${Math.round(pct(xs, 0.5) * 1000)} µs, p99 ${Math.round(pct(xs, 0.99) * 1000)} µs`);
}
console.log(`understanding (as awaited by the turn): ${us(understandingMs)} per turn`);
console.log('SQL per turn, by statement:');
for (const [text, e] of [...statements].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) {
  console.log(`  ${us(e.ms).padStart(9)}  ×${String(e.n).padStart(5)}  ${text.replace(/\s+/g, ' ').slice(0, 110)}`);
}
await app.close();
await deps.close();
await rest.close();
rmSync(dir, { recursive: true, force: true });
