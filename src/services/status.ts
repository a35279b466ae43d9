import { describeEngine } from '../understander.js';
import { spokenSlot } from '../core/scheduling/slots.js';
import { ping } from '../db/create-db.js';
import { countActive } from '../db/sessions.repo.js';
import { listSlots } from '../db/slots.repo.js';
import type { Deps } from '../deps.js';
import { VERSION } from '../version.js';

/** What the open status routes say: liveness and a summary with no secrets and no candidate data. */

export interface Health {
  status: 'ok' | 'degraded';
  /** 'ok', 'unreachable', or why it cannot be written ("read-only: …", "cannot write: …"). */
  database: string;
}

/** Whether the database answers and can be written; a failing ping is "unreachable", never an error. */
export async function health(deps: Pick<Deps, 'database'>): Promise<Health> {
  const ok = await ping(deps.database.db).catch(() => false);
  if (!ok) return { status: 'degraded', database: 'unreachable' };
  // A database that answers reads but refuses writes (a read-only file, filesystem or server) loses every turn.
  const problem = await deps.database.writeProblem();
  return problem === undefined ? { status: 'ok', database: 'ok' } : { status: 'degraded', database: problem };
}

/** The service's settings in brief, its slots with their seats, and how many calls are in progress. */
export async function serviceStatus(deps: Pick<Deps, 'config' | 'database' | 'telephony' | 'understander'>) {
  const db = deps.database.db;
  const [slots, active] = await Promise.all([listSlots(db), countActive(db)]);
  const zone = deps.config.INTERVIEW_TIMEZONE;
  return {
    service: 'interview-caller',
    version: VERSION,
    telephony: deps.telephony.mode,
    understanding: describeEngine(deps.config),
    understanding_fallbacks: deps.understander.stats().fallbacks,
    database: deps.database.dialect,
    timezone: zone,
    max_turns: deps.config.MAX_TURNS,
    slots: slots.map((s) => ({
      start: s.start_time,
      label: spokenSlot(s.start_time, zone),
      capacity: s.capacity,
      booked: s.booked_count,
      open: s.booked_count < s.capacity,
    })),
    active_calls: active,
    docs: '/docs',
  };
}
