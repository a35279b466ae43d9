import { isParseFailure, parseState } from '../../core/conversation/state.js';
import type { Deps } from '../../deps.js';
import { interviewOf } from '../conversation-io.js';
import type { LiveCallInProgress } from './events.js';
import { liveTurnOf } from './publish.js';

/** At most this many calls in a snapshot (newest first): a screen, not an export. */
export const SNAPSHOT_LIMIT = 200;

/**
 * A call left 'active' longer than this is not in progress any more (its end was lost: a crash, an abandoned
 * try-a-call): the snapshot leaves it out. Calls last minutes.
 */
const STALE_MS = 2 * 60 * 60_000;

/**
 * The calls in progress, newest first, each with its latest turn: what `GET /live` sends first. One query over the
 * status index and the turns' (call_sid, turn_number) key, however many calls are stored.
 */
export async function liveSnapshot(deps: Pick<Deps, 'database' | 'config' | 'now'>): Promise<LiveCallInProgress[]> {
  const since = new Date(deps.now().getTime() - STALE_MS).toISOString();
  const rows = await deps.database.db
    .selectFrom('conversation_sessions as s')
    .leftJoin('conversation_turns as t', (join) => join.onRef('t.call_sid', '=', 's.call_sid').onRef('t.turn_number', '=', 's.turn_count'))
    .select([
      's.call_sid',
      's.job_id',
      's.candidate_name',
      's.start_time',
      's.twilio_status',
      's.state',
      't.turn_number',
      't.user_input',
      't.digits',
      't.bot_response',
      't.intent',
      't.timestamp',
    ])
    .where('s.status', '=', 'active')
    .where('s.start_time', '>=', since)
    .orderBy('s.start_time', 'desc')
    .limit(SNAPSHOT_LIMIT)
    .execute();
  const interview = interviewOf(deps.config);
  return rows.map((row) => {
    const state = parseState(row.state, { interview });
    const phase = isParseFailure(state) ? null : state.phase;
    const latest =
      row.turn_number === null || row.bot_response === null || row.timestamp === null
        ? null
        : liveTurnOf(
            row,
            {
              call_sid: row.call_sid,
              turn_number: row.turn_number,
              user_input: row.user_input,
              digits: row.digits,
              bot_response: row.bot_response,
              intent: row.intent,
              timestamp: row.timestamp,
              response_twiml: '',
            },
            phase,
          );
    return {
      call_sid: row.call_sid,
      job_id: row.job_id,
      candidate: row.candidate_name,
      started_at: row.start_time,
      twilio_status: row.twilio_status,
      latest_turn: latest,
    };
  });
}
