import type { Kysely } from 'kysely';
import type { Claim } from '../../db/attempts.repo.js';
import type { AttemptRow } from '../../db/attempts.table.js';
import type { Database } from '../../db/schema.js';
import type { Deps } from '../../deps.js';
import type { AnswerRecorder } from '../dial-call.js';
import { createAnswerWriter } from './answer-writer.js';
import { dispatchClaimed, leaseUntil } from './dispatch.js';
import type { Dispatched } from './dispatch-outcomes.js';

/** How long (real ms) an attempt handed over waits for others to go with it, and how many go together at most. */
const GATHER_MS = 5;
const MAX_BATCH = 50;

/**
 * Dispatches attempts handed over one at a time (the Redis engine's jobs, each started by BullMQ on its own) in
 * batches, as the embedded engine's passes do: those handed over within GATHER_MS are claimed in one statement, and
 * dispatchClaimed reads their dial context once and writes their conversations in one transaction. Each caller learns
 * what became of its own attempt ('taken' when it was not due any more, 'unknown' when the claim could not be made).
 * `deps` is read at each batch (the engine's gated telephony exists once it started). Once `closing` says so, a batch
 * claims nothing: its attempts stay due ('released') for another instance. Twilio's answers are recorded a group at a
 * time (createAnswerWriter), as the embedded engine records them.
 */
export function dispatchBatcher(deps: () => Deps, closing: () => boolean): (attemptId: number) => Promise<Dispatched> {
  let pending: Array<{ attemptId: number; settle: (outcome: Promise<Dispatched>) => void }> = [];
  let timer: NodeJS.Timeout | undefined;
  let record: AnswerRecorder | undefined;
  const flush = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = [];
    if (closing()) {
      for (const { settle } of batch) settle(Promise.resolve('released'));
      return;
    }
    const current = deps();
    record ??= createAnswerWriter(current);
    const outcomes = dispatchBatch(current, [...new Set(batch.map((b) => b.attemptId))], record);
    const told = new Set<number>();
    for (const { attemptId, settle } of batch) {
      // An attempt handed over twice in one batch is dispatched once: the second caller finds it taken.
      const first = !told.has(attemptId);
      told.add(attemptId);
      settle(
        first
          ? outcomes.then(
              (byId) => byId.get(attemptId) ?? 'taken',
              (): Dispatched => 'unknown',
            )
          : Promise.resolve('taken'),
      );
    }
  };
  return (attemptId) =>
    new Promise<Dispatched>((resolve) => {
      pending.push({ attemptId, settle: (outcome) => resolve(outcome) });
      if (pending.length >= MAX_BATCH) flush();
      else timer ??= setTimeout(flush, GATHER_MS);
    });
}

/** Claims those of `ids` still due, in one statement, and dispatches them as one batch; what became of each claimed one. */
async function dispatchBatch(deps: Deps, ids: readonly number[], record: AnswerRecorder): Promise<Map<number, Promise<Dispatched>>> {
  const now = deps.now();
  const nowIso = now.toISOString();
  const claimed = await claimAttemptRows(deps.database.db, ids, { instanceId: deps.instanceId, nowIso, leaseUntil: leaseUntil(deps, now) });
  return dispatchClaimed(deps, claimed, nowIso, record);
}

/** As attempts.repo's claimAttemptRow, for several attempts in one statement: those returned are ours. */
async function claimAttemptRows(db: Kysely<Database>, ids: readonly number[], claim: Claim): Promise<AttemptRow[]> {
  if (ids.length === 0) return [];
  return db
    .updateTable('call_attempts')
    .set({
      state: 'claimed',
      claimed_at: claim.nowIso,
      claimed_by: claim.instanceId,
      lease_until: claim.leaseUntil,
      updated_at: claim.nowIso,
    })
    .where('id', 'in', [...ids])
    .where('state', '=', 'due')
    .returningAll()
    .execute();
}
