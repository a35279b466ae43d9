import type { Outcome } from '../../core/conversation/types.js';
import type { Session } from '../../db/sessions.table.js';
import type { TurnRecord } from '../../db/turns.repo.js';
import type { LiveBus } from './bus.js';
import type { LiveTurn } from './events.js';

/** What the publishers need: the bus (deps.live). Each function does nothing when nobody listens. */
type Live = { live: LiveBus };

type Who = Pick<Session, 'call_sid' | 'job_id' | 'candidate_name'>;

/** A stored turn as the Live page shows it. */
export function liveTurnOf(session: Who, turn: TurnRecord['turn'], phase: string | null): LiveTurn {
  return {
    call_sid: session.call_sid,
    job_id: session.job_id,
    candidate: session.candidate_name,
    at: turn.timestamp,
    turn: turn.turn_number,
    caller_text: turn.bot_response,
    candidate_text: turn.user_input ?? (turn.digits == null ? null : `(pressed ${turn.digits})`),
    intent: turn.intent ?? null,
    state: phase,
  };
}

/** A turn committed (after its transaction): the turn, and the call's end when the turn ended it. */
export function publishTurn(deps: Live, session: Who, record: TurnRecord, phase: string | null): void {
  if (!deps.live.listening) return;
  deps.live.publish({ type: 'turn', data: liveTurnOf(session, record.turn, phase) });
  const { status, outcome } = record.session;
  if (status !== undefined && status !== 'active' && outcome != null)
    publishCallEnded(deps, session.call_sid, outcome, record.turn.timestamp);
}

/** A conversation was created and its call is about to be dialled. */
export function publishCallStarted(deps: Live, session: Who & Pick<Session, 'start_time'>): void {
  if (!deps.live.listening) return;
  deps.live.publish({
    type: 'call',
    data: {
      call_sid: session.call_sid,
      status: 'started',
      job_id: session.job_id,
      candidate: session.candidate_name,
      at: session.start_time,
    },
  });
}

/** A call ended (its end committed): how. */
export function publishCallEnded(deps: Live, callSid: string, outcome: Outcome, at: string): void {
  if (!deps.live.listening) return;
  deps.live.publish({ type: 'call', data: { call_sid: callSid, status: 'ended', outcome, at } });
}
