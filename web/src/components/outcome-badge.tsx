import { humanize } from '../format.js';

const GOOD = new Set(['scheduled']);
const BAD = new Set(['error', 'opted_out', 'wrong_number', 'declined']);
const WARN = new Set(['no_answer', 'busy', 'voicemail', 'no_response', 'hung_up', 'max_turns', 'callback_requested']);

/** A call's outcome as a coloured label (the word carries the meaning; the colour only helps). */
export function OutcomeBadge(props: { outcome: string | null; status?: string }) {
  if (props.outcome === null) return <span class="badge">{props.status === 'active' ? 'In progress' : humanize(props.status)}</span>;
  const tone = GOOD.has(props.outcome) ? 'ok' : BAD.has(props.outcome) ? 'bad' : WARN.has(props.outcome) ? 'warn' : '';
  return <span class={`badge ${tone}`}>{humanize(props.outcome)}</span>;
}

/** Every outcome a call can end with (src/core/conversation/types.ts), for filters. */
export const OUTCOMES = [
  'scheduled',
  'declined',
  'callback_requested',
  'opted_out',
  'wrong_number',
  'no_answer',
  'busy',
  'no_response',
  'max_turns',
  'hung_up',
  'voicemail',
  'error',
];
