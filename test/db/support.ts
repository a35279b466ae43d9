import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { createDb, type DbHandle, type NewSession, type NewTurn } from '../../src/db/index.js';
import { freshDatabase, type FreshDatabase, type TestDialect } from '../helpers/databases.js';

/** A migrated fresh database for the enclosing describe block; `get()` inside tests. */
export function useDatabase(dialect: TestDialect): { get(): DbHandle; url(): string } {
  let fresh: FreshDatabase | undefined;
  let handle: DbHandle | undefined;
  beforeAll(async () => {
    fresh = await freshDatabase(dialect);
    handle = await createDb(fresh.url);
  });
  afterAll(async () => {
    await handle?.close();
    await fresh?.drop();
  });
  return {
    get: () => {
      if (handle === undefined) throw new Error('database not ready');
      return handle;
    },
    url: () => {
      if (fresh === undefined) throw new Error('database not ready');
      return fresh.url;
    },
  };
}

/** Empties every table (children first). */
export async function resetTables(handle: DbHandle): Promise<void> {
  const { db } = handle;
  await db.deleteFrom('bookings').execute();
  await db.deleteFrom('conversation_turns').execute();
  await db.deleteFrom('conversation_sessions').execute();
  await db.deleteFrom('slots').execute();
  await db.deleteFrom('do_not_call').execute();
}

/** The default job's id (migration 008 makes the job; the slots of calls placed without a job are its). */
export async function defaultJobId(handle: DbHandle): Promise<number> {
  const job = await handle.db.selectFrom('jobs').select('id').where('is_default', '=', 1).executeTakeFirstOrThrow();
  return job.id;
}

/** A valid session row; override what the test cares about. */
export function sessionRow(overrides: Partial<NewSession> = {}): NewSession {
  const now = new Date().toISOString();
  return {
    call_sid: `CA${randomUUID().replaceAll('-', '')}`,
    candidate_name: 'Alex Candidate',
    candidate_phone: '+15551230000',
    candidate_email: null,
    candidate_position: 'Software Engineer',
    candidate_company: 'TechCorp',
    candidate_timezone: 'America/New_York',
    status: 'active',
    outcome: null,
    start_time: now,
    state: JSON.stringify({ phase: 'greeting' }),
    telephony: 'simulated',
    updated_at: now,
    ...overrides,
  };
}

/** ISO timestamp `minutes` after a fixed base, UTC with milliseconds. */
export function at(minutes: number, base = Date.UTC(2026, 10, 24, 13, 0, 0, 0)): string {
  return new Date(base + minutes * 60_000).toISOString();
}

/** A valid turn row for `callSid`; override what the test cares about. */
export function turnRow(callSid: string, turnNumber: number, overrides: Partial<NewTurn> = {}): NewTurn {
  return {
    call_sid: callSid,
    turn_number: turnNumber,
    user_input: `answer ${turnNumber}`,
    digits: null,
    bot_response: `reply ${turnNumber}`,
    intent: 'confirm',
    confidence: 0.875,
    engine: 'rules',
    latency_ms: 12.5,
    response_twiml: `<Response><Say>reply ${turnNumber}</Say></Response>`,
    timestamp: at(turnNumber),
    ...overrides,
  };
}
