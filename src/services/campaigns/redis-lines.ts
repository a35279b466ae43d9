import { FINAL_CALL_STATUSES } from '../../adapters/telephony.js';
import { stillInFlight } from '../../db/attempt-leases.repo.js';
import type { Deps } from '../../deps.js';

/** How the Redis engine's jobs hold their line: until the attempt ends, then until the call is over at the telephony. */

/** How often the attempts whose jobs wait for their call's end are read (real ms). */
export const WAIT_POLL_MS = 250;

/**
 * After an attempt's end is recorded, its job holds the line until the call is over at the telephony too (our record
 * can end a moment before Twilio's: the hang-up TwiML is still on its way): until its status callback has recorded a
 * final status (read from the database this often), or the telephony says so when asked (every LINE_ASK_EVERY reads),
 * this long at most.
 */
const LINE_CHECK_MS = 100;
const LINE_ASK_EVERY = 5;
const LINE_RELEASE_MAX_MS = 5_000;

interface Waiter {
  attemptId: number;
  done: () => void;
}

/** The jobs waiting for their attempts to end (leave claimed and dialled): watchInFlight resolves them. */
export function inFlightWaiters(deps: Deps) {
  const waiters = new Set<Waiter>();

  /**
   * Resolves the waiters whose attempts ended (left claimed and dialled). Only those waiting when the attempts were
   * read: one that began waiting meanwhile was not read, and is not taken for ended.
   */
  async function watchInFlight(): Promise<void> {
    if (waiters.size === 0) return;
    const watched = [...waiters];
    const alive = new Set(await stillInFlight(deps.database.db, [...new Set(watched.map((w) => w.attemptId))]));
    for (const w of watched) {
      if (!alive.has(w.attemptId)) {
        waiters.delete(w);
        w.done();
      }
    }
  }

  function untilEnded(attemptId: number): Promise<void> {
    return new Promise((done) => waiters.add({ attemptId, done }));
  }

  return { watchInFlight, untilEnded };
}

/**
 * Waits (bounded) until the attempt's call is over: never placed, its status callback recorded a final status (the
 * usual case, read from the database: no request to the telephony), or the telephony reports it final or unknown.
 */
export async function untilCallFinal(deps: Deps, attemptId: number, closing: () => boolean, log: Deps['logger']): Promise<void> {
  const deadline = Date.now() + LINE_RELEASE_MAX_MS;
  const line = () =>
    deps.database.db
      .selectFrom('call_attempts')
      .leftJoin('conversation_sessions', 'conversation_sessions.call_sid', 'call_attempts.conversation_id')
      .select([
        'call_attempts.twilio_call_sid as sid',
        'conversation_sessions.twilio_status as status',
        'conversation_sessions.error_code as error',
      ])
      .where('call_attempts.id', '=', attemptId)
      .executeTakeFirst();
  try {
    for (let reads = 1; ; reads++) {
      const row = await line();
      // Not placed, refused or lost (error_code), or reported over by its status callback.
      if (row?.sid == null || row.error != null || FINAL_CALL_STATUSES.includes(row.status ?? '')) return;
      if (closing() || Date.now() >= deadline) return;
      if (reads % LINE_ASK_EVERY === 0) {
        const call = await deps.telephony.fetchCall(row.sid);
        if (call === undefined || FINAL_CALL_STATUSES.includes(call.status)) return;
      }
      await new Promise((resolve) => setTimeout(resolve, LINE_CHECK_MS));
    }
  } catch (err) {
    log.warn({ err, attemptId }, 'could not ask the telephony whether the call ended; the line is released');
  }
}
