/**
 * Plays a set's calls: one service per (scenario, turn limit), each call on a phone number of its own so that a
 * do-not-call entry made by one call never blocks the next.
 */
import { scoreCall, unplayedCall } from './score.js';
import type { CallResult } from './score.js';
import { startService } from './service.js';
import type { CandidateBody, Conversation } from './service.js';
import type { CallRow, CallSet, Scenario } from './sets.js';

/** Area codes for the numbers handed out (each gives 100 numbers of the fictional 555-01xx range). */
const AREA_CODES = ['415', '212', '312', '213', '646', '773', '310', '718', '617', '206'];

/** A distinct valid US number for the i-th call of one service. */
export function phoneNumber(i: number): string {
  const area = AREA_CODES[Math.floor(i / 100) % AREA_CODES.length] ?? '415';
  return `+1${area}55501${String(i % 100).padStart(2, '0')}`;
}

export interface RunOptions {
  /** How long to wait for one call to end. */
  timeoutMs?: number;
  /** Called after each call with its score and the conversation it was scored from (undefined when none was played). */
  onCall?: (result: CallResult, conversation: Conversation | undefined) => void;
}

/** Plays every row of `set` and scores it; results in the set's order. */
export async function runSet(set: Pick<CallSet, 'rows' | 'scenarios'>, options: RunOptions = {}): Promise<CallResult[]> {
  const groups = new Map<string, { scenario: Scenario; maxTurns: number; rows: CallRow[] }>();
  for (const row of set.rows) {
    const scenario = set.scenarios[row.scenario];
    if (scenario === undefined) throw new Error(`${row.id}: unknown scenario "${row.scenario}"`);
    const maxTurns = row.max_turns ?? scenario.max_turns;
    const key = `${row.scenario}|${maxTurns}`;
    const group = groups.get(key) ?? { scenario, maxTurns, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  const byId = new Map<string, CallResult>();
  for (const group of groups.values()) {
    const service = await startService(group.scenario, group.maxTurns, options.timeoutMs);
    try {
      for (const [i, row] of group.rows.entries()) {
        const candidate = candidateFor(row, group.scenario, phoneNumber(i));
        // A call the service refuses or breaks on is a failure of that call; the next call is still played.
        const played = await service.play(candidate, row.replies).then(
          (p) => ({ ...p, error: undefined }),
          (err: unknown) => ({ conversation: undefined, ended: false, error: err instanceof Error ? err.message : String(err) }),
        );
        const result =
          played.conversation === undefined
            ? unplayedCall(row, played.error ?? 'unknown error')
            : scoreCall(row, group.scenario.zone, played.conversation, played.ended);
        byId.set(row.id, result);
        options.onCall?.(result, played.conversation);
      }
    } finally {
      await service.close();
    }
  }
  return set.rows.map((row) => {
    const result = byId.get(row.id);
    if (result === undefined) throw new Error(`${row.id}: not played`);
    return result;
  });
}

function candidateFor(row: CallRow, scenario: Scenario, phone: string): CandidateBody {
  const spec = { ...scenario.candidate, ...row.candidate };
  const email = spec.email ?? undefined;
  return {
    name: spec.name ?? 'Jordan Lee',
    phone,
    company: scenario.company,
    position: scenario.position,
    ...(email === undefined ? {} : { email }),
    ...(spec.timezone === undefined ? {} : { timezone: spec.timezone }),
  };
}
