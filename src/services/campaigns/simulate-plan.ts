/**
 * A candidate's simulated behaviour per campaign attempt (`candidates.simulate`): what the simulator plays when the
 * campaign calls them, one entry per attempt number (entry 0 for attempt 1). Accepted and stored whatever the
 * telephony; only simulated telephony plays it. Stored as JSON text and read back through {@link readSimulatePlan},
 * never cast.
 */

export const SIMULATE_RESULTS = ['answered', 'no-answer', 'busy', 'failed', 'voicemail', 'fax', 'machine_start'] as const;
export type SimulateResult = (typeof SIMULATE_RESULTS)[number];

export interface SimulateAttempt {
  result: SimulateResult;
  /** What the person says, turn by turn (null: silence); only for 'answered'. */
  replies?: Array<string | null>;
}

export interface SimulatePlan {
  attempts: SimulateAttempt[];
}

export const SIMULATE_LIMITS = { attempts: 10, replies: 20, replyLength: 500 } as const;

/** What a simulated candidate without a plan (or past its plan's entries) does: answers and takes the first slot. */
export const DEFAULT_SIMULATE_ATTEMPT: SimulateAttempt = { result: 'answered', replies: ['the first one', 'yes'] };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks a plan as a client sent it (JSON already parsed); the plan, normalised, or the first problem as a sentence. */
export function parseSimulatePlan(value: unknown): { plan: SimulatePlan } | { problem: string } {
  const problem = (text: string) => ({ problem: `simulate: ${text}` });
  if (!isRecord(value)) return problem('an object {"attempts": [...]} expected');
  const extra = Object.keys(value).filter((key) => key !== 'attempts');
  if (extra.length > 0) return problem(`unknown field "${extra[0]?.slice(0, 40) ?? ''}" (only "attempts")`);
  const { attempts } = value;
  if (!Array.isArray(attempts)) return problem('"attempts" must be a list');
  if (attempts.length > SIMULATE_LIMITS.attempts) return problem(`at most ${SIMULATE_LIMITS.attempts} attempts`);
  const out: SimulateAttempt[] = [];
  for (const [index, entry] of attempts.entries()) {
    const at = `attempts[${index}]`;
    if (!isRecord(entry)) return problem(`${at} must be an object {"result": ..., "replies": [...]}`);
    const unknown = Object.keys(entry).filter((key) => key !== 'result' && key !== 'replies');
    if (unknown.length > 0) return problem(`${at}: unknown field "${unknown[0]?.slice(0, 40) ?? ''}"`);
    const result = SIMULATE_RESULTS.find((r) => r === entry.result);
    if (result === undefined) return problem(`${at}.result must be one of ${SIMULATE_RESULTS.join(', ')}`);
    const attempt: SimulateAttempt = { result };
    if (entry.replies !== undefined) {
      const replies = entry.replies;
      if (!Array.isArray(replies)) return problem(`${at}.replies must be a list of strings (or null for silence)`);
      if (replies.length > SIMULATE_LIMITS.replies) return problem(`${at}.replies: at most ${SIMULATE_LIMITS.replies}`);
      const checked: Array<string | null> = [];
      for (const reply of replies) {
        if (reply !== null && typeof reply !== 'string') return problem(`${at}.replies must be strings (or null for silence)`);
        if (typeof reply === 'string' && reply.length > SIMULATE_LIMITS.replyLength)
          return problem(`${at}.replies: each at most ${SIMULATE_LIMITS.replyLength} characters`);
        checked.push(reply);
      }
      attempt.replies = checked;
    }
    out.push(attempt);
  }
  return { plan: { attempts: out } };
}

/** The stored text of a plan. */
export function storeSimulatePlan(plan: SimulatePlan): string {
  return JSON.stringify(plan);
}

/** A stored plan read back; null when there is none, or when the text is not a valid plan (treated as no plan). */
export function readSimulatePlan(text: string | null): SimulatePlan | null {
  if (text === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const checked = parseSimulatePlan(parsed);
  return 'plan' in checked ? checked.plan : null;
}

/** What the simulator plays on attempt `number` (1-based): the plan's entry, else {@link DEFAULT_SIMULATE_ATTEMPT}. */
export function simulatedAttempt(plan: SimulatePlan | null, number: number): SimulateAttempt {
  return plan?.attempts[number - 1] ?? DEFAULT_SIMULATE_ATTEMPT;
}
