import type { Get } from '../../api/client.js';
import { formatDateTime, humanize } from '../../format.js';

type Turn = Get<'/conversations/{call_sid}'>['turns'][number];

/**
 * The call as a conversation: for each turn, what the candidate said (or pressed) with how it was understood —
 * intent, confidence, engine, time taken — then what the caller answered.
 */
export function Transcript(props: { turns: Turn[]; candidate: string; booked: string | null }) {
  if (props.turns.length === 0) return <p class="muted">No turn was recorded (the call was not answered, or ended at once).</p>;
  return (
    <ol class="transcript">
      {props.turns.map((turn) => (
        <li key={turn.turn_number} class="turn">
          {(turn.user_input !== null || turn.digits !== null) && (
            <div class="say candidate">
              <p class="who">{props.candidate}</p>
              <p class="words">
                {turn.user_input !== null && turn.user_input !== '' ? turn.user_input : null}
                {turn.digits !== null && <span class="digits">pressed {turn.digits}</span>}
              </p>
              <Understood turn={turn} />
            </div>
          )}
          {turn.user_input === null && turn.digits === null && turn.turn_number > 0 && (
            <p class="say silence muted small">(no reply heard)</p>
          )}
          <div class="say caller">
            <p class="who">Caller</p>
            <p class="words">{turn.bot_response}</p>
            {turn.callback_at !== null && <p class="meta">Promised a call back at {formatDateTime(turn.callback_at)}</p>}
          </div>
        </li>
      ))}
      {props.booked !== null && (
        <li class="booked-marker">
          <span class="badge ok">Booked</span> {props.booked}
        </li>
      )}
    </ol>
  );
}

function Understood(props: { turn: Turn }) {
  const t = props.turn;
  const parts = [
    t.intent === null ? null : ['Intent', humanize(t.intent)],
    t.confidence === null ? null : ['Confidence', `${Math.round(t.confidence * 100)}%`],
    t.engine === null ? null : ['Engine', t.engine],
    t.latency_ms === null ? null : ['Took', `${Math.round(t.latency_ms)} ms`],
  ].filter((p): p is [string, string] => p !== null);
  if (parts.length === 0) return null;
  return (
    <dl class="meta">
      {parts.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
