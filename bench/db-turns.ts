/**
 * An ordinary turn's database work alone, many calls at once: each call reads its turn context, yields once (where
 * the service would understand the reply and render TwiML, letting other calls run), then in one transaction reads
 * the open slots and saves the turn with its session patch, turn after turn, on a fresh database.
 *   npm run bench:db [-- --calls 50] [-- --turns 200] [-- --db postgres://…]     (default: a temp SQLite file)
 * Prints turns per second and this process's CPU per turn. A diagnostic to compare two commits on one machine
 * (e.g. `git worktree add /tmp/before <commit>` and run it in both, alternating), not a figure of `npm run bench`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, insertSession, listOpenSlots, saveTurn } from '../src/db/index.js';
import { findDefaultJob } from '../src/db/jobs.repo.js';
import { getTurnContext } from '../src/db/sessions.repo.js';
import { option } from './lib/args.js';

const argv = process.argv.slice(2);
const arg = (name: string) => option(argv, name);
const calls = Number(arg('calls') ?? 50);
const turns = Number(arg('turns') ?? 200);
const dir = mkdtempSync(join(tmpdir(), 'ic-bench-db-'));
const handle = await createDb(arg('db') ?? `sqlite:${join(dir, 'b.db')}`);
const { db } = handle;
const now = new Date().toISOString();
const run = `CA${Date.now().toString(36)}`;
const sids = Array.from({ length: calls }, (_, i) => `${run}x${i}`);
// The open slots a turn reads are its job's: the default one, which the migrations make.
const jobId = await findDefaultJob(db).then((job) => {
  if (job === undefined) throw new Error('the migrated database has no default job');
  return job.id;
});
for (const sid of sids) {
  await insertSession(db, {
    call_sid: sid,
    candidate_name: 'Bench Candidate',
    candidate_phone: '+14155550123',
    candidate_email: null,
    candidate_position: 'Engineer',
    candidate_company: 'Bench',
    candidate_timezone: 'America/New_York',
    status: 'active',
    outcome: null,
    start_time: now,
    state: '{}',
    telephony: 'simulated',
    updated_at: now,
  });
}

async function play(sid: string): Promise<void> {
  for (let turn = 1; turn <= turns; turn++) {
    if ((await getTurnContext(db, { conversation: sid }, turn)) === undefined) throw new Error(`no session ${sid}`);
    await new Promise((resolve) => setImmediate(resolve));
    const row = {
      call_sid: sid,
      turn_number: turn,
      user_input: 'tuesday at two works',
      digits: null,
      bot_response: 'Tuesday at 2 PM. Shall I book it?',
      intent: 'time_preference',
      confidence: 0.9,
      engine: 'rules',
      latency_ms: 1,
      response_twiml: '<Response><Gather/></Response>',
      timestamp: now,
    };
    const saved = await db.transaction().execute(async (trx) => {
      await listOpenSlots(trx, jobId, now);
      return saveTurn(trx, { turn: row, session: { state: `{"turn":${turn}}`, turn_count: turn, updated_at: now }, questions: [] });
    });
    if (saved !== 'inserted') throw new Error('duplicate');
  }
}

const cpu0 = process.cpuUsage();
const t0 = performance.now();
await Promise.all(sids.map(play));
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const n = calls * turns;
console.log(
  `${n} turns (${calls} calls at once, ${turns} turns each): ${Math.round(n / seconds)} turns/s, ` +
    `CPU ${Math.round((cpu.user + cpu.system) / n)} µs per turn`,
);
await handle.close();
rmSync(dir, { recursive: true, force: true });
