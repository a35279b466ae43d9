/**
 * The Calls list at scale: 1,000,000 calls (one INSERT … SELECT over a generated series, two turns each, a 1 KB
 * machine state per call as real rows carry), then GET /conversations with each filter: the first page, and a page
 * deep in the list (a cursor 90 % of the way to the oldest call), sequentially, in process through `app.inject`.
 *   npm run bench:calls-list [-- --calls 1000000] [-- --requests 20] [-- --db sqlite|postgres|both]
 * Prints p50 and p99 per filter and page.
 */
import { pathToFileURL } from 'node:url';
import { sql, type RawBuilder } from 'kysely';
import { dialectOf } from '../src/db/util.js';
import { createJob } from '../src/services/jobs.js';
import { option } from './lib/args.js';
import type { BenchDialect } from './lib/service.js';
import { latency, type Latency } from './funnel.js';
import { postgresReachable, startBenchApp, type BenchApp } from './import.js';

/** Job ids: most calls are for `main`, 10 % for `tenth`, 1 % for `hundredth`. */
interface Jobs {
  main: number;
  tenth: number;
  hundredth: number;
}

const STATE = JSON.stringify({ version: 2, phase: 'ended', note: 'x'.repeat(950) });
const TWIML = `<?xml version="1.0" encoding="UTF-8"?><Response><Say>${'y'.repeat(400)}</Say><Hangup/></Response>`;

/** Inserts `count` calls and two turns each; every 100,000th candidate is named "Zelda Quill", 1 in 50 replies used openai. */
export async function seedCalls(bench: BenchApp, jobs: Jobs, count: number): Promise<void> {
  const db = bench.deps.database.db;
  const pg = dialectOf(db) === 'postgres';
  const sid = (i: string) => (pg ? `'CA' || lpad(${i}::text, 32, '0')` : `'CA' || printf('%032d', ${i})`);
  const at = (i: string) =>
    pg
      ? `to_char(timestamp '2026-01-01' + ${i} * interval '30 seconds', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
      : `strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || (${i} * 30) || ' seconds')`;
  const columns = sql.raw(`call_sid, twilio_call_sid, candidate_name, candidate_phone, candidate_email, candidate_position,
    candidate_company, candidate_timezone, status, outcome, start_time, end_time, job_id, turn_count, state, telephony,
    twilio_status, updated_at`);
  const row = (i: string): RawBuilder<unknown> =>
    sql.raw(`${sid(i)}, ${sid(i)}, case when ${i} % 100000 = 7 then 'Zelda Quill' else 'Candidate ' || ${i} end,
    '+1' || cast(2000000000 + ${i} as text), null, 'Engineer', 'Bench', 'America/New_York', 'completed',
    case ${i} % 20 when 0 then 'scheduled' when 1 then 'scheduled' when 2 then 'scheduled' when 3 then 'scheduled'
      when 4 then 'scheduled' when 5 then 'scheduled' when 6 then 'no_answer' when 7 then 'no_answer' when 8 then 'no_answer'
      when 9 then 'no_answer' when 10 then 'declined' when 11 then 'declined' when 12 then 'hung_up' when 13 then 'hung_up'
      when 14 then 'hung_up' when 15 then 'voicemail' when 16 then 'voicemail' when 17 then 'busy' when 18 then 'no_response'
      else case when ${i} % 100 = 19 then 'wrong_number' else 'max_turns' end end,
    ${at(i)}, ${at(i)},
    case when ${i} % 10 = 0 then ${jobs.tenth} when ${i} % 100 = 1 then ${jobs.hundredth} else ${jobs.main} end,
    1, '${STATE}', 'simulated', 'completed', ${at(i)}`);
  const last = sql.lit(count - 1);
  if (pg) {
    await sql`insert into conversation_sessions (${columns}) select ${row('i')} from generate_series(0, ${last}) as s(i)`.execute(db);
  } else {
    await sql`with recursive s(i) as (select 0 union all select i + 1 from s where i < ${last})
      insert into conversation_sessions (${columns}) select ${row('i')} from s`.execute(db);
  }
  const number = pg ? `substr(call_sid, 3)::bigint` : `cast(substr(call_sid, 3) as integer)`;
  const turns = sql.raw(`call_sid, turn_number, user_input, digits, bot_response, intent, confidence, engine, latency_ms,
    response_twiml, timestamp`);
  await sql`insert into conversation_turns (${turns}) select call_sid, 0, null, null, ${'Hello, this is the scheduling assistant.'},
    null, null, null, 5, ${TWIML}, start_time from conversation_sessions`.execute(db);
  await sql`insert into conversation_turns (${turns}) select call_sid, 1, 'tuesday works for me', null, ${'Just to confirm: Tuesday.'},
    'accept', 0.9, ${sql.raw(`case when ${number} % 50 = 0 then 'openai' else 'local' end`)}, 5, ${TWIML}, start_time
    from conversation_sessions`.execute(db);
  if (pg) await sql`analyze`.execute(db);
}

/** A cursor for the page that starts `fraction` of the way down the whole list (as GET /conversations issues them). */
async function cursorAt(bench: BenchApp, count: number, fraction: number): Promise<string> {
  const row = await bench.deps.database.db
    .selectFrom('conversation_sessions')
    .select(['start_time', 'call_sid'])
    .orderBy('start_time', 'desc')
    .orderBy('call_sid', 'desc')
    .offset(Math.floor(count * fraction))
    .limit(1)
    .executeTakeFirstOrThrow();
  return Buffer.from(JSON.stringify([row.start_time, row.call_sid]), 'utf8').toString('base64url');
}

export interface CallsListCase {
  name: string;
  query: string;
  first: Latency;
  deep: Latency;
}

export async function callsListBench(
  dialect: BenchDialect,
  count: number,
  requests: number,
): Promise<{ seedSeconds: number; cases: CallsListCase[] }> {
  const bench = await startBenchApp(dialect);
  try {
    const job = (title: string) =>
      createJob(bench.deps, { title, company: 'Bench', timezone: 'America/New_York', interview_minutes: 30, calling_hours: '09:00-18:00' });
    const jobs: Jobs = { main: bench.jobId, tenth: (await job('Tenth')).id, hundredth: (await job('Hundredth')).id };
    const started = performance.now();
    await seedCalls(bench, jobs, count);
    const seedSeconds = (performance.now() - started) / 1000;
    const deep = await cursorAt(bench, count, 0.9);
    const filters: Array<[string, string]> = [
      ['none', ''],
      ['job (10 %)', `job_id=${jobs.tenth}`],
      ['job (1 %)', `job_id=${jobs.hundredth}`],
      ['outcome scheduled (30 %)', 'outcome=scheduled'],
      ['outcome wrong_number (1 %)', 'outcome=wrong_number'],
      ['job + outcome', `job_id=${jobs.tenth}&outcome=declined`],
      ['dates (one month)', 'from=2026-06-01&to=2026-06-30'],
      ['engine openai (2 %)', 'engine=openai'],
      ['engine local (100 %)', 'engine=local'],
      ['q "candidate 4242" (~11 calls)', 'q=candidate%204242'],
      ['q "zelda" (10 calls)', 'q=zelda'],
      ['q no match', 'q=nobody-at-all'],
    ];
    const cases: CallsListCase[] = [];
    for (const [name, filter] of filters) {
      const url = `/conversations?limit=20${filter === '' ? '' : `&${filter}`}`;
      cases.push({
        name,
        query: filter,
        first: await latency(bench, url, requests),
        deep: await latency(bench, `${url}&cursor=${deep}`, requests),
      });
    }
    return { seedSeconds, cases };
  } finally {
    await bench.close();
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const count = Number(option(argv, 'calls') ?? 1_000_000);
  const requests = Number(option(argv, 'requests') ?? 20);
  const which = option(argv, 'db') ?? 'sqlite';
  const dialects: BenchDialect[] = which === 'both' ? ['sqlite', 'postgres'] : [which === 'postgres' ? 'postgres' : 'sqlite'];
  for (const dialect of dialects) {
    if (dialect === 'postgres' && !(await postgresReachable())) {
      console.log('postgres: not reachable, skipped');
      continue;
    }
    const { seedSeconds, cases } = await callsListBench(dialect, count, requests);
    console.log(`${dialect}: seeded ${count} calls (two turns each) in ${seedSeconds.toFixed(1)} s; ${requests} requests per line`);
    const ms = (l: Latency) => `p50 ${l.p50_ms.toFixed(1).padStart(7)} ms  p99 ${l.p99_ms.toFixed(1).padStart(7)} ms`;
    for (const c of cases) console.log(`  ${c.name.padEnd(32)} first page ${ms(c.first)}   deep page ${ms(c.deep)}`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
