/**
 * `npm run seed:demo -- --calls N [--database URL] [--batch 5000]`: writes N realistic demo conversations fast.
 *
 * A mix of statuses and outcomes (about half booked), 0–7 stored turns each with intents, utterances and the
 * TwiML answered, durations, twilio statuses, and bookings spread over past demo slots. Rows go in with batched
 * prepared inserts (SQLite) or multi-row `unnest` inserts (PostgreSQL), one transaction per batch; the
 * analytics counters follow through their triggers and are rebuilt from the tables at the end.
 * Appends: run it again to add more. The database defaults to DATABASE_URL (or the configured default).
 */
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { renderTwiml } from '../adapters/twilio/twiml.js';
import { createDb } from '../db/create-db.js';
import { recomputeCounters } from '../db/counters.js';
import type { SessionOutcome, SessionStatus } from '../db/sessions.table.js';

export interface SeedOptions {
  calls: number;
  database: string;
  batch?: number;
  /** PRNG seed, for repeatable data. */
  seed?: number;
  log?: (line: string) => void;
}

export interface SeedResult {
  calls: number;
  turns: number;
  bookings: number;
  seconds: number;
}

const SESSION_COLUMNS = [
  'call_sid',
  'candidate_name',
  'candidate_phone',
  'candidate_email',
  'candidate_position',
  'candidate_company',
  'candidate_timezone',
  'status',
  'outcome',
  'start_time',
  'end_time',
  'confirmed_slot',
  'confirmed_slot_start',
  'slot_id',
  'turn_count',
  'state',
  'telephony',
  'twilio_status',
  'duration_seconds',
  'answered_by',
  'error_code',
  'error_message',
  'updated_at',
] as const;
const SESSION_PG_TYPES = [
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'int',
  'int',
  'text',
  'text',
  'text',
  'int',
  'text',
  'text',
  'text',
  'text',
];
const TURN_COLUMNS = [
  'call_sid',
  'turn_number',
  'user_input',
  'digits',
  'bot_response',
  'intent',
  'confidence',
  'engine',
  'latency_ms',
  'response_twiml',
  'timestamp',
] as const;
const TURN_PG_TYPES = ['text', 'int', 'text', 'text', 'text', 'text', 'float8', 'text', 'float8', 'text', 'text'];
const BOOKING_COLUMNS = ['call_sid', 'slot_id', 'candidate_phone', 'created_at'] as const;
const BOOKING_PG_TYPES = ['text', 'int', 'text', 'text'];

type Row = Array<string | number | null>;

/** Outcome mix: [status, outcome, weight, turns min, turns max]. */
const MIX: Array<[SessionStatus, SessionOutcome | null, number, number, number]> = [
  ['completed', 'scheduled', 46, 2, 5],
  ['failed', 'declined', 8, 1, 3],
  ['failed', 'callback_requested', 7, 1, 2],
  ['failed', 'opted_out', 2, 1, 2],
  ['failed', 'wrong_number', 3, 1, 1],
  ['failed', 'no_answer', 11, 0, 0],
  ['failed', 'busy', 5, 0, 0],
  ['failed', 'no_response', 4, 3, 3],
  ['failed', 'max_turns', 6, 6, 6],
  ['failed', 'hung_up', 5, 0, 3],
  ['failed', 'error', 1, 0, 1],
  ['active', null, 2, 0, 3],
];
const MIX_TOTAL = MIX.reduce((n, m) => n + m[2], 0);

const LAST_INTENT: Partial<Record<SessionOutcome, string>> = {
  scheduled: 'accept',
  declined: 'decline',
  callback_requested: 'callback_later',
  opted_out: 'opt_out',
  wrong_number: 'wrong_person',
  no_response: 'silence',
};
const MIDDLE = ['request_alternatives', 'propose_time', 'question', 'accept', 'unclear', 'silence'];
const SAID: Record<string, string[]> = {
  accept: ['yes that works', 'tuesday at two works', 'yeah the first one', 'sure, sounds good'],
  request_alternatives: ['um what times do you have', 'do you have anything else', 'any other times?'],
  propose_time: ['how about thursday at eleven', 'could we do wednesday afternoon', 'monday at 10 would be great'],
  question: ['how long is the interview', 'is it remote?', 'who will I be talking to'],
  decline: ["no thanks, I'm not interested anymore", "I've taken another job"],
  callback_later: ["I'm driving, can you call back later", 'call me tomorrow please'],
  opt_out: ["please don't call me again", 'take me off your list'],
  wrong_person: ['wrong number', "there's no Jordan here"],
  unclear: ['hmm', 'what', 'uh huh'],
};
const NAMES = [
  'Jordan Lee',
  'Sam Patel',
  'Alex Kim',
  'Maria Garcia',
  'Chen Wei',
  'Priya Shah',
  'Tom Becker',
  'Ana Souza',
  'Omar Haddad',
  'Lena Novak',
];
const POSITIONS = ['Software Engineer', 'Data Analyst', 'Product Designer', 'Support Specialist', 'Site Reliability Engineer'];
const GATHER = {
  action: 'https://example.ngrok.app/twilio-process?turn=1',
  timeout: 10,
  hints: 'Monday, Tuesday, Wednesday, Thursday, Friday, yes, no',
};

/** A small fast PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface DemoSlot {
  id: number;
  start: string;
  label: string;
}

/** Past demo slots (Tue/Thu 10 AM and 2 PM, New York, the last 26 weeks), created once; bookings go there. */
function demoSlotSpecs(now: Date): Array<{ start_time: string; start_utc: string; label: string }> {
  const out: Array<{ start_time: string; start_utc: string; label: string }> = [];
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  for (let d = 1; d <= 182; d++) {
    const date = new Date(day.getTime() - d * 86_400_000);
    const weekday = date.getUTCDay();
    if (weekday !== 2 && weekday !== 4) continue;
    for (const hour of [10, 14]) {
      const utc = new Date(date.getTime() + (hour + 5) * 3_600_000);
      const ymd = date.toISOString().slice(0, 10);
      out.push({
        start_time: `${ymd}T${String(hour).padStart(2, '0')}:00:00-05:00`,
        start_utc: utc.toISOString(),
        label: `Demo ${weekday === 2 ? 'Tuesday' : 'Thursday'} ${ymd} at ${hour > 12 ? hour - 12 : hour} ${hour >= 12 ? 'PM' : 'AM'}`,
      });
    }
  }
  return out;
}

/** Generates one batch of rows. */
function generate(rand: () => number, prefix: string, from: number, count: number, slots: DemoSlot[], now: number) {
  const sessions: Row[] = [];
  const turns: Row[] = [];
  const bookings: Row[] = [];
  const booked = new Map<number, number>();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  for (let i = from; i < from + count; i++) {
    let w = rand() * MIX_TOTAL;
    let spec = MIX[0] as (typeof MIX)[number];
    for (const m of MIX) {
      w -= m[2];
      if (w < 0) {
        spec = m;
        break;
      }
    }
    const [status, outcome, , tmin, tmax] = spec;
    const turnCount = tmin + Math.floor(rand() * (tmax - tmin + 1));
    const answered = outcome !== 'no_answer' && outcome !== 'busy' && !(outcome === 'error' && turnCount === 0);
    const startMs = status === 'active' ? now - Math.floor(rand() * 300_000) : now - Math.floor(rand() * 180 * 86_400_000);
    const startIso = new Date(startMs).toISOString();
    const durationS = status === 'active' || !answered ? null : 12 + turnCount * 16 + Math.floor(rand() * 40);
    const endIso = status === 'active' ? null : new Date(startMs + (durationS ?? 25) * 1000).toISOString();
    const callSid = `CA${prefix}${i.toString(16).padStart(24, '0')}`;
    const name = pick(NAMES);
    const phone = `+1415${String(2000000 + Math.floor(rand() * 7999999)).padStart(7, '0')}`;
    let slot: DemoSlot | undefined;
    if (outcome === 'scheduled' && slots.length > 0) {
      // Preferences are skewed: a few slots are far more popular.
      slot = slots[Math.floor(rand() * rand() * slots.length)];
      if (slot !== undefined) {
        booked.set(slot.id, (booked.get(slot.id) ?? 0) + 1);
        bookings.push([callSid, slot.id, phone, endIso ?? startIso]);
      }
    }
    const state = JSON.stringify({
      phase: status === 'active' ? 'offering' : 'ended',
      candidate: { name, email: null, position: pick(POSITIONS), company: 'TechCorp', timezone: 'America/New_York' },
      maxTurns: 6,
      turns: turnCount,
      offered: [],
      pending: null,
      silences: 0,
      misses: 0,
      dtmf: false,
    });
    sessions.push([
      callSid,
      name,
      phone,
      null,
      pick(POSITIONS),
      'TechCorp',
      'America/New_York',
      status,
      outcome,
      startIso,
      endIso,
      slot?.label ?? null,
      slot?.start ?? null,
      slot?.id ?? null,
      turnCount,
      state,
      'twilio',
      status === 'active' ? 'in-progress' : outcome === 'no_answer' ? 'no-answer' : outcome === 'busy' ? 'busy' : 'completed',
      durationS,
      answered ? 'human' : null,
      null,
      null,
      endIso ?? startIso,
    ]);
    if (!answered) continue;
    for (let t = 0; t <= turnCount; t++) {
      const at = new Date(startMs + t * 9000).toISOString();
      if (t === 0) {
        const text =
          `Hello ${name}, this is the interview scheduling assistant calling from TechCorp about your application. ` +
          'We would like to schedule your interview. ' +
          'The times I have open are Tuesday at 10 AM; Tuesday at 2 PM; or Thursday at 10 AM. Which of these works best for you?';
        turns.push([callSid, 0, null, null, text, null, null, null, 3 + rand() * 4, TWIML_GREETING(text), at]);
        continue;
      }
      const last = t === turnCount;
      const intent =
        (last && outcome !== null ? LAST_INTENT[outcome] : undefined) ??
        (outcome === 'max_turns' ? pick(['unclear', 'question', 'silence']) : pick(MIDDLE));
      const speech = intent === 'silence' ? null : pick(SAID[intent] ?? SAID.unclear ?? ['hmm']);
      const reply =
        last && outcome === 'scheduled'
          ? `Perfect, your interview is booked for ${slot?.label ?? 'Tuesday at 2 PM'} Eastern Time. ` +
            `Thank you, ${name}, and good luck. Goodbye.`
          : 'Just to confirm: Tuesday, December 1st at 2 PM Eastern Time. Is that right?';
      turns.push([
        callSid,
        t,
        speech,
        null,
        reply,
        intent,
        speech === null ? null : 0.8 + rand() * 0.15,
        speech === null ? null : 'local',
        2 + rand() * 6,
        last && status !== 'active' ? TWIML_END(reply) : TWIML_GREETING(reply),
        at,
      ]);
    }
  }
  return { sessions, turns, bookings, booked };
}

const twimlCache = new Map<string, string>();
function TWIML_GREETING(text: string): string {
  let out = twimlCache.get(text);
  if (out === undefined) {
    out = renderTwiml(
      [
        { type: 'say', text },
        { type: 'gather', dtmf: false },
      ],
      GATHER,
    );
    if (twimlCache.size < 5000) twimlCache.set(text, out);
  }
  return out;
}
function TWIML_END(text: string): string {
  const key = `end:${text}`;
  let out = twimlCache.get(key);
  if (out === undefined) {
    out = renderTwiml(
      [
        { type: 'say', text },
        { type: 'end', status: 'completed', outcome: 'scheduled' },
      ],
      GATHER,
    );
    if (twimlCache.size < 5000) twimlCache.set(key, out);
  }
  return out;
}

function placeholders(n: number): string {
  return `(${Array.from({ length: n }, () => '?').join(', ')})`;
}

/** Seeds `calls` demo conversations into `database` (migrating it first). */
export async function seedDemo(options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const batch = options.batch ?? 5000;
  const rand = prng(options.seed ?? Date.now());
  const prefix = randomBytes(4).toString('hex');
  const now = Date.now();
  const handle = await createDb(options.database);
  let totals = { turns: 0, bookings: 0 };
  try {
    const db = handle.db;
    // Demo slots (past, so they are never offered), with capacity raised as bookings land.
    const specs = demoSlotSpecs(new Date(now));
    // The demo's calls are the default job's (made by migration 008).
    const job = await db.selectFrom('jobs').select('id').where('is_default', '=', 1).executeTakeFirstOrThrow();
    for (const s of specs) {
      await db
        .insertInto('slots')
        .values({ ...s, job_id: job.id, capacity: 0 })
        .onConflict((oc) => oc.columns(['job_id', 'start_utc']).doNothing())
        .execute();
    }
    const slots: DemoSlot[] = (
      await db
        .selectFrom('slots')
        .select(['id', 'start_time', 'label'])
        .where(
          'start_utc',
          'in',
          specs.map((s) => s.start_utc),
        )
        .orderBy('start_utc')
        .execute()
    ).map((r) => ({ id: Number(r.id), start: r.start_time, label: r.label }));
    const bump = (booked: Map<number, number>) => [...booked].sort((a, b) => a[0] - b[0]).map(([id, n]) => [n, n, id] as const);

    if (handle.dialect === 'sqlite') {
      await handle.close();
      const file = options.database.slice('sqlite:'.length).replace(/^\/\//, '');
      const raw = new BetterSqlite3(file);
      raw.pragma('journal_mode = WAL');
      raw.pragma('busy_timeout = 5000');
      raw.pragma('foreign_keys = ON');
      raw.pragma('synchronous = NORMAL');
      raw.pragma('cache_size = -200000');
      const insSession = raw.prepare(
        `insert into conversation_sessions (${SESSION_COLUMNS.join(', ')}) values ${placeholders(SESSION_COLUMNS.length)}`,
      );
      const insTurn = raw.prepare(
        `insert into conversation_turns (${TURN_COLUMNS.join(', ')}) values ${placeholders(TURN_COLUMNS.length)}`,
      );
      const insBooking = raw.prepare(`insert into bookings (${BOOKING_COLUMNS.join(', ')}) values ${placeholders(BOOKING_COLUMNS.length)}`);
      const seat = raw.prepare('update slots set capacity = max(capacity, booked_count + ?), booked_count = booked_count + ? where id = ?');
      const write = raw.transaction((rows: ReturnType<typeof generate>) => {
        for (const r of rows.sessions) insSession.run(r);
        for (const r of rows.turns) insTurn.run(r);
        for (const r of rows.bookings) insBooking.run(r);
        for (const r of bump(rows.booked)) seat.run(r);
      });
      for (let done = 0; done < options.calls; done += batch) {
        const rows = generate(rand, prefix, done, Math.min(batch, options.calls - done), slots, now);
        write(rows);
        totals = { turns: totals.turns + rows.turns.length, bookings: totals.bookings + rows.bookings.length };
        if ((done / batch) % 20 === 0) log(`  ${done + rows.sessions.length} / ${options.calls} calls`);
      }
      raw.pragma('optimize');
      raw.close();
    } else {
      await handle.close();
      const client = new pg.Client({ connectionString: options.database });
      await client.connect();
      const unnest = (table: string, columns: readonly string[], types: string[], rows: Row[]) => {
        const arrays = columns.map((_, c) => rows.map((r) => r[c] ?? null));
        return client.query(
          `insert into ${table} (${columns.join(', ')}) select * from unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`,
          arrays,
        );
      };
      try {
        for (let done = 0; done < options.calls; done += batch) {
          const rows = generate(rand, prefix, done, Math.min(batch, options.calls - done), slots, now);
          await client.query('begin');
          await unnest('conversation_sessions', SESSION_COLUMNS, SESSION_PG_TYPES, rows.sessions);
          for (let i = 0; i < rows.turns.length; i += 10_000)
            await unnest('conversation_turns', TURN_COLUMNS, TURN_PG_TYPES, rows.turns.slice(i, i + 10_000));
          if (rows.bookings.length > 0) await unnest('bookings', BOOKING_COLUMNS, BOOKING_PG_TYPES, rows.bookings);
          for (const r of bump(rows.booked)) {
            await client.query(
              'update slots set capacity = greatest(capacity, booked_count + $1), booked_count = booked_count + $2 where id = $3',
              [...r],
            );
          }
          await client.query('commit');
          totals = { turns: totals.turns + rows.turns.length, bookings: totals.bookings + rows.bookings.length };
          if ((done / batch) % 20 === 0) log(`  ${done + rows.sessions.length} / ${options.calls} calls`);
        }
        await client.query('analyze conversation_sessions');
        await client.query('analyze conversation_turns');
      } finally {
        await client.end();
      }
    }
    // The triggers kept the counters in step; rebuild them from the tables anyway (cheap, and a check).
    const again = await createDb(options.database);
    try {
      await recomputeCounters(again.db);
    } finally {
      await again.close();
    }
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw err;
  }
  const seconds = (performance.now() - started) / 1000;
  return { calls: options.calls, turns: totals.turns, bookings: totals.bookings, seconds };
}

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

export async function run(args: string[]): Promise<number> {
  const calls = Number(arg(args, '--calls') ?? '1000');
  if (!Number.isInteger(calls) || calls < 1) {
    process.stderr.write('usage: npm run seed:demo -- --calls N [--database URL] [--batch 5000]\n');
    return 2;
  }
  await import('dotenv/config');
  const database = arg(args, '--database') ?? process.env.DATABASE_URL ?? 'sqlite:./data/interview-caller.db';
  const batch = Number(arg(args, '--batch') ?? '5000');
  const result = await seedDemo({ calls, database, batch, log: (l) => process.stderr.write(`${l}\n`) });
  process.stdout.write(
    `seeded ${result.calls} calls, ${result.turns} turns, ${result.bookings} bookings in ${result.seconds.toFixed(1)} s ` +
      `(${Math.round(result.calls / result.seconds)} calls/s) into ${database.replace(/\/\/[^@/]*@/, '//')}\n`,
  );
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
