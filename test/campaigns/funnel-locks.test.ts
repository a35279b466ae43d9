import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moveCandidateStatus } from '../../src/db/candidates.repo.js';
import { readFunnelCounters } from '../../src/db/funnel.repo.js';
import { dialectOf } from '../../src/db/util.js';
import { startApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/databases.js';
import { until } from './dispatch-support.js';

/**
 * Two campaign transactions that move candidates of one job through the funnel's counters in crossing orders: the end
 * of a voicemail (calling → unreachable, then its attempt moves on to callback, two statements) and the dial of a
 * retry (callback → calling, one statement). Each takes a counter row the other wants next; on PostgreSQL that was a
 * deadlock (one of them aborted: a turn lost, a dial put back), seen in the engine suite on a loaded machine.
 */
describe.each(DIALECTS)('funnel counters under crossing moves on %s', (dialect) => {
  let t: TestApp;
  let job: number;
  const ids: number[] = [];
  const NOW = '2026-11-24T15:00:00.000Z';
  beforeAll(async () => {
    t = await startApp({ dialect });
    job = (await t.deps.database.db.selectFrom('jobs').select('id').where('is_default', '=', 1).executeTakeFirstOrThrow()).id;
    const res = await t.admin('POST', `/jobs/${job}/candidates`, {
      candidates: [
        { name: 'Vic Voicemail', phone: '+14155550111' },
        { name: 'Rae Retry', phone: '+14155550112' },
      ],
    });
    expect(res.body.created).toBe(2);
    const rows = await t.deps.database.db.selectFrom('candidates').select('id').where('job_id', '=', job).orderBy('id').execute();
    ids.push(...rows.map((r) => r.id));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('an end moving a candidate twice and a dial moving another the other way both commit', async () => {
    const db = t.deps.database.db;
    const [vic = 0, rae = 0] = ids;
    // Vic is on the line; Rae waits for her retry (the counters' rows for calling, callback and unreachable all exist).
    await db.transaction().execute(async (trx) => {
      await moveCandidateStatus(trx, vic, 'calling', NOW);
      await moveCandidateStatus(trx, rae, 'calling', NOW);
      await moveCandidateStatus(trx, rae, 'unreachable', NOW);
      await moveCandidateStatus(trx, rae, 'callback', NOW);
    });

    let held!: () => void;
    const holding = new Promise<void>((resolve) => (held = resolve));
    let goOn!: () => void;
    const resumed = new Promise<void>((resolve) => (goOn = resolve));
    // The end: calling → unreachable (counters calling, unreachable), then on to callback (counter callback).
    const end = db.transaction().execute(async (trx) => {
      await moveCandidateStatus(trx, vic, 'unreachable', NOW);
      held();
      await resumed;
      await moveCandidateStatus(trx, vic, 'callback', NOW);
    });
    await holding;
    // The dial: callback → calling (counters callback, then calling) while the end holds calling.
    const dial = db.transaction().execute((trx) => moveCandidateStatus(trx, rae, 'calling', NOW));
    if (dialectOf(db) === 'postgres') {
      // The dial waits for a lock the end holds (SQLite: it waits for the one write transaction, before it starts).
      await until(
        async () => {
          const { rows } = await sql<{ n: string }>`
            select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
          return Number(rows[0]?.n) > 0;
        },
        10_000,
        () => 'the dial never waited for the end',
      );
    }
    goOn();
    const settled = await Promise.allSettled([end, dial]);
    expect(settled.map((s) => (s.status === 'rejected' ? String(s.reason) : s.status))).toEqual(['fulfilled', 'fulfilled']);

    const counters = await readFunnelCounters(db, job);
    expect({ calling: counters.get('status:calling'), callback: counters.get('status:callback') }).toEqual({ calling: 1, callback: 1 });
    expect(counters.get('status:unreachable') ?? 0).toBe(0);
    const statuses = await db.selectFrom('candidates').select(['id', 'status']).where('job_id', '=', job).orderBy('id').execute();
    expect(statuses.map((c) => c.status)).toEqual(['callback', 'calling']);
  });
});
