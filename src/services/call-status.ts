import type { Transaction } from 'kysely';
import type { Outcome } from '../core/conversation/types.js';
import type { Database } from '../db/schema.js';
import { byWebhookKey, updateSession } from '../db/sessions.repo.js';
import { dialectOf } from '../db/util.js';
import type { SessionUpdate } from '../db/sessions.table.js';
import type { Deps } from '../deps.js';
import { answeredByMachine, countReached, recordCandidateEnd } from './candidate-calls.js';
import { publishCallEnded } from './live/publish.js';
import { answeredByOf, callSidOf, callSidPatch, isSameCall, webhookKeyOf, type TwilioForm } from './twilio-form.js';

/** Twilio's call statuses in the order they can happen; the five final ones share the last rank. */
const RANK: Record<string, number> = {
  queued: 0,
  initiated: 1,
  ringing: 2,
  'in-progress': 3,
  completed: 4,
  busy: 4,
  'no-answer': 4,
  failed: 4,
  canceled: 4,
};

const FINAL_OUTCOME: Record<string, Outcome> = {
  completed: 'hung_up',
  busy: 'busy',
  'no-answer': 'no_answer',
  failed: 'error',
  canceled: 'error',
};

/**
 * `/twilio-status?conversation=…`: status callbacks can arrive late, twice, out of order, or before the REST
 * answer that placed the call (the conversation exists before Twilio is asked to dial, so none is lost). A status
 * only ever moves forward, a final one is never replaced, and a call that ends before the conversation did is
 * closed as failed. The first callback records Twilio's CallSid when it is not known yet.
 */
export async function recordStatus(deps: Deps, conversation: string | undefined, form: TwilioForm): Promise<void> {
  const key = webhookKeyOf(conversation, form);
  const status = form.CallStatus ?? '';
  const rank = RANK[status];
  if (key === undefined || rank === undefined) return;
  const found = await deps.database.db.transaction().execute(async (trx) => {
    // Locked on pg (SQLite's BEGIN IMMEDIATE already serialises): callbacks delivered at once for one call apply one
    // after another, each reading what the last wrote, so a late "ringing" can never overwrite "completed".
    const session = await trx
      .selectFrom('conversation_sessions')
      .selectAll()
      .where(byWebhookKey(key))
      .$if(dialectOf(trx) === 'postgres', (qb) => qb.forUpdate())
      .executeTakeFirst();
    if (session === undefined || !isSameCall(session, form)) return undefined;
    const current = RANK[session.twilio_status ?? 'queued'] ?? 0;
    const nowIso = deps.now().toISOString();
    const patch: SessionUpdate = { updated_at: nowIso, ...callSidPatch(session, form) };
    if (rank > current || (rank === 3 && current === 3)) patch.twilio_status = status;
    const duration = Number.parseInt(form.CallDuration ?? '', 10);
    if (Number.isFinite(duration) && session.duration_seconds === null) patch.duration_seconds = duration;
    const answeredBy = answeredByOf(form);
    if (answeredBy !== undefined && session.answered_by === null) patch.answered_by = answeredBy;
    const heardBy = answeredBy ?? session.answered_by;
    if (rank === 3 && current < 3) await countReached(trx, session, heardBy);
    const outcome = FINAL_OUTCOME[status];
    const ends = rank === 4 && rank > current && outcome !== undefined && session.status === 'active';
    if (ends) {
      patch.status = 'failed';
      patch.outcome = outcome;
      patch.end_time = nowIso;
      // Twilio says "completed" only of a call that was answered.
      const reached = (current >= 3 || status === 'completed') && !answeredByMachine(heardBy);
      await recordCandidateEnd(trx, session, outcome, reached, nowIso, { twilioStatus: status, answeredBy: heardBy });
    }
    await updateSession(trx, session.call_sid, patch);
    return { callSid: session.call_sid, ended: ends ? outcome : undefined };
  });
  if (found === undefined) {
    deps.logger.warn({ callSid: callSidOf(form), conversation }, 'status callback for an unknown call');
    return;
  }
  if (found.ended !== undefined) {
    deps.metrics.calls.inc({ outcome: found.ended });
    publishCallEnded(deps, found.callSid, found.ended, deps.now().toISOString());
  }
  deps.logger.info({ callSid: found.callSid, callStatus: status }, 'call status');
}

/** Statuses before a call is answered (null: none heard yet). */
const BEFORE_ANSWER = ['queued', 'initiated', 'ringing'];

/**
 * Records a call as answered ('in-progress') in the greeting's transaction, unless a status callback already moved it
 * there or further. True when this did: the one place, with the status callback, that counts the call as reached.
 */
export async function markAnswered(trx: Transaction<Database>, callSid: string, nowIso: string): Promise<boolean> {
  const result = await trx
    .updateTable('conversation_sessions')
    .set({ twilio_status: 'in-progress', updated_at: nowIso })
    .where('call_sid', '=', callSid)
    .where((eb) => eb.or([eb('twilio_status', 'is', null), eb('twilio_status', 'in', BEFORE_ANSWER)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
