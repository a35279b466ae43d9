import { sql } from 'kysely';
import { pingRedis } from '../adapters/redis-ping.js';
import { describeEngine } from '../understander.js';
import { spokenSlot } from '../core/scheduling/slots.js';
import { ping } from '../db/create-db.js';
import { MIGRATIONS } from '../db/migrate.js';
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

export interface Readiness {
  ready: boolean;
  /** 'ok', or why this instance should not be sent work: 'draining' after SIGTERM. */
  instance: 'ok' | 'draining';
  database: string;
  /** 'current', or how the schema differs from this build's migrations ('pending: …', 'unknown: …' when unreadable). */
  migrations: string;
  /** 'ok' or why not; 'not configured' without REDIS_URL. */
  redis: string;
}

/**
 * Whether a load balancer should send this instance work: not draining, the database reachable and writable, its
 * schema migrated to this build's latest, and Redis answering PING when REDIS_URL is set. Never throws.
 */
export async function readiness(deps: Pick<Deps, 'database' | 'config' | 'lifecycle'>): Promise<Readiness> {
  const [database, migrations, redis] = await Promise.all([
    health(deps),
    migrationState(deps),
    deps.config.REDIS_URL === undefined ? Promise.resolve('not configured') : pingRedis(deps.config.REDIS_URL),
  ]);
  const instance = deps.lifecycle.draining ? 'draining' : 'ok';
  const ready = instance === 'ok' && database.status === 'ok' && migrations === 'current' && (redis === 'ok' || redis === 'not configured');
  return { ready, instance, database: database.database, migrations, redis };
}

/**
 * 'current' when every migration this build ships is recorded in Kysely's table. Migrations recorded there that
 * this build does not know (a newer instance migrated first, in a rolling deploy) do not make it unready: it keeps
 * serving until it is replaced (docs/deploy.md: deploy schema changes the previous build can live with).
 */
async function migrationState(deps: Pick<Deps, 'database'>): Promise<string> {
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(deps.database.db);
    const applied = new Set(rows.map((r) => r.name));
    const pending = Object.keys(MIGRATIONS).filter((name) => !applied.has(name));
    return pending.length === 0 ? 'current' : `pending: ${pending.join(', ')}`;
  } catch (err) {
    return `unknown: ${err instanceof Error ? err.message : String(err)}`;
  }
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
