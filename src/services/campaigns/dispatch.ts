import type { Transaction } from 'kysely';
import { claimAttemptRow, setAttemptConversations, type HeldClaim } from '../../db/attempts.repo.js';
import type { AttemptRow } from '../../db/attempts.table.js';
import { moveCandidatesStatus } from '../../db/candidates.repo.js';
import { bumpFunnel } from '../../db/funnel.repo.js';
import type { Deps } from '../../deps.js';
import type { Database } from '../../db/schema.js';
import type { NewSession } from '../../db/sessions.table.js';
import type { AnswerRecorder } from '../dial-call.js';
import { check, readDialContext, type Step } from './dial-checks.js';
import { carryOut, recover, type Dispatched } from './dispatch-outcomes.js';

/**
 * Dials due attempts: claim them (one conditional UPDATE: whoever updates a row owns it, and from then on it is never
 * dialled again by anyone), check what must hold at dial time, then place the calls through startCall's path. A crash
 * anywhere after the claim leaves an attempt claimed with a lease; reconcile resolves it by asking Twilio.
 */

/** The lease of a claim: CAMPAIGN_LEASE_SECONDS of real time, as an instant on the service's (maybe fast) clock. */
export function leaseUntil(deps: Pick<Deps, 'config' | 'clockSpeed'>, now: Date): string {
  return new Date(now.getTime() + deps.config.CAMPAIGN_LEASE_SECONDS * 1000 * deps.clockSpeed).toISOString();
}

/** Claims attempt `attemptId` (if it is still due) and dials it: see dispatchClaimed. */
export async function dispatchAttempt(deps: Deps, attemptId: number): Promise<Dispatched> {
  const now = deps.now();
  const nowIso = now.toISOString();
  const claim = { instanceId: deps.instanceId, nowIso, leaseUntil: leaseUntil(deps, now) };
  const attempt = await claimAttemptRow(deps.database.db, attemptId, claim);
  if (attempt === undefined) return 'taken';
  return (await dispatchClaimed(deps, [attempt], nowIso).get(attempt.id)) ?? 'unknown';
}

/**
 * Checks and dials attempts this instance claimed at `nowIso`, as one batch: their context read once (after the
 * claim), the conversations of those that pass inserted in one transaction (each linked to its attempt, the candidate
 * moved to calling), then a REST request each, side by side under the telephony's own limits. Returns what becomes
 * of each attempt, by id; `record` records Twilio's answers (one transaction each by default). A database error
 * before an attempt's REST request puts it back to due; after it, startCall's own handling ran and reconcile asks.
 */
export function dispatchClaimed(
  deps: Deps,
  attempts: readonly AttemptRow[],
  nowIso: string,
  record?: AnswerRecorder,
): Map<number, Promise<Dispatched>> {
  const out = new Map<number, Promise<Dispatched>>();
  if (attempts.length === 0) return out;
  const steps = checkBatch(deps, attempts, nowIso);
  for (const attempt of attempts) {
    const step = steps.then((s) => s.get(attempt.id) ?? { kind: 'end' as const, result: null });
    out.set(
      attempt.id,
      step.then((s) => carryOut(deps, attempt, s, nowIso, record)).catch((err: unknown) => recover(deps, attempt, nowIso, err)),
    );
  }
  return out;
}

async function checkBatch(deps: Deps, attempts: readonly AttemptRow[], nowIso: string): Promise<Map<number, Step>> {
  const context = await readDialContext(deps, attempts, nowIso);
  const steps = new Map(attempts.map((attempt) => [attempt.id, check(deps, attempt, context, nowIso)]));
  const dials = attempts.flatMap((attempt) => {
    const step = steps.get(attempt.id);
    return step?.kind === 'dial' ? [{ attempt, call: step.call, conversation: step.conversation }] : [];
  });
  if (dials.length === 0) return steps;
  await deps.database.db.transaction().execute(async (trx) => {
    // First the links, each only while this batch's claim still holds: an attempt reconcile took back (its lease ran
    // out) is not ours any more, and gets no conversation, no candidate move, no count and no REST request.
    const linked = new Set(
      await setAttemptConversations(
        trx,
        dials.map((d) => ({ attemptId: d.attempt.id, conversationId: d.conversation.id, ...heldClaim(d.attempt, nowIso) })),
        nowIso,
      ),
    );
    const kept = dials.filter((d) => linked.has(d.attempt.id));
    for (const d of dials) if (!linked.has(d.attempt.id)) steps.set(d.attempt.id, { kind: 'lost' });
    if (kept.length === 0) return;
    const placedByJob = new Map<number, number>();
    for (const { attempt } of kept) placedByJob.set(attempt.job_id, (placedByJob.get(attempt.job_id) ?? 0) + 1);
    await moveCandidatesStatus(
      trx,
      kept.map((d) => d.attempt.candidate_id),
      'calling',
      nowIso,
    );
    await insertSessions(
      trx,
      kept.map((d) => d.conversation.session),
    );
    for (const [jobId, placed] of placedByJob) await bumpFunnel(trx, jobId, 'calls_placed', placed);
  });
  for (const d of dials) if (steps.get(d.attempt.id)?.kind === 'lost') deps.logger.warn({ attempt: d.attempt.id }, LOST);
  return steps;
}

const LOST = 'campaign attempt no longer held by this claim (reconciled after its lease ran out): not dialled';

/** The claim a batch holds on `attempt`, as the claim returned it. */
function heldClaim(attempt: AttemptRow, nowIso: string): HeldClaim {
  return { claimedBy: attempt.claimed_by ?? '', claimedAt: attempt.claimed_at ?? nowIso };
}

/** The batch's sessions in one INSERT. */
async function insertSessions(trx: Transaction<Database>, rows: readonly NewSession[]): Promise<void> {
  await trx
    .insertInto('conversation_sessions')
    .values([...rows])
    .execute();
}
