import { z } from 'zod';
import { parseCallingHours } from '../scheduling/calling-hours.js';
import { isValidZone } from '../scheduling/zones.js';
import { say } from './prompts.js';
import { STATE_VERSION } from './types.js';
import type { Action, CallBack, Candidate, ConversationState, InterviewInfo, InterviewInput } from './types.js';

/** A fresh conversation, before the greeting; `callBack` for a campaign call that may promise a call back. */
export function initialState(
  candidate: Candidate,
  interview: InterviewInput,
  maxTurns: number,
  callBack: CallBack | null = null,
): ConversationState {
  return {
    version: STATE_VERSION,
    phase: 'offering',
    candidate,
    interview: interviewInfo(interview),
    maxTurns,
    turns: 0,
    offered: [],
    pending: null,
    recent: [],
    silences: 0,
    misses: 0,
    dtmf: false,
    callBack,
  };
}

/** The interview's details with every optional part present (null when not given). */
export function interviewInfo(input: InterviewInput): InterviewInfo {
  return {
    minutes: input.minutes,
    format: input.format,
    location: input.location ?? null,
    description: input.description ?? null,
    timezone: input.timezone ?? null,
    callerName: input.callerName ?? null,
  };
}

/** Why a stored state could not be used; the service ends the call with `unreadableStateEnding()`. */
export interface ParseFailure {
  failure: 'corrupt' | 'unknown_version';
  /** What was wrong, for the log (no personal values). */
  message: string;
}

export function isParseFailure(parsed: ConversationState | ParseFailure): parsed is ParseFailure {
  return 'failure' in parsed;
}

const count = z.number().int().min(0);
/** An ISO 8601 date-time with its offset, as slots are stored ("2026-12-01T14:00:00-05:00"). */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;
const slot = z.object({ id: z.number().int(), start: z.string().regex(ISO_WITH_OFFSET, 'not an ISO date-time with offset') });
const candidate = z.object({
  name: z.string(),
  email: z.string().nullable(),
  position: z.string(),
  company: z.string(),
  timezone: z.string().refine(isValidZone, 'unknown time zone'),
});
/** Version-2 states written before jobs hold only `minutes` and `format`: the job's parts read as null (not said). */
const interview = z.object({
  minutes: z.number().int().positive(),
  format: z.string().min(1),
  location: z.string().nullable().default(null),
  description: z.string().nullable().default(null),
  timezone: z.string().refine(isValidZone, 'unknown time zone').nullable().default(null),
  callerName: z.string().nullable().default(null),
});
const historyLine = z.object({ speaker: z.enum(['caller', 'candidate']), text: z.string() });
/** A campaign call's call-back terms; states stored before campaigns have none (null). */
const callBack = z
  .object({
    defaultAt: z.string().regex(ISO_WITH_OFFSET, 'not an ISO date-time with offset'),
    callingHours: z.string().refine(validHours, 'not calling hours such as 08:00-21:00').nullable(),
  })
  .nullable()
  .default(null);

function validHours(hours: string): boolean {
  try {
    parseCallingHours(hours);
    return true;
  } catch {
    return false;
  }
}

/** What every version stores alike. */
const common = {
  phase: z.enum(['offering', 'confirming', 'ended']),
  candidate,
  maxTurns: z.number().int().positive(),
  turns: count,
  offered: z.array(slot),
  pending: slot.nullable(),
  silences: count,
  misses: count,
  dtmf: z.boolean(),
};

const v2 = z.object({ ...common, version: z.literal(STATE_VERSION), interview, recent: z.array(historyLine), callBack });

/** Version 1: no `version`, `interview` or `recent`; during a read-back `offered` held only the pending slot. */
const v1 = z.object(common);

/** A read-back needs its slot; anything else would book nothing on "yes". */
function consistent(state: ConversationState): boolean {
  return state.phase !== 'confirming' || state.pending !== null;
}

/**
 * Reads a stored state: a current one as it is (one from before jobs with the job's parts null), a version-1 one
 * upgraded (`interview` from the caller's settings, no history), anything else a `ParseFailure` so the call can end
 * politely instead of guessing.
 */
export function parseState(json: string, defaults: { interview: InterviewInput }): ConversationState | ParseFailure {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return { failure: 'corrupt', message: 'stored state is not JSON' };
  }
  if (typeof raw !== 'object' || raw === null) return { failure: 'corrupt', message: 'stored state is not an object' };
  const version: unknown = 'version' in raw ? raw.version : 1;
  let state: ConversationState;
  if (version === STATE_VERSION) {
    const parsed = v2.safeParse(raw);
    if (!parsed.success) return corrupt(parsed.error);
    state = parsed.data;
  } else if (version === 1) {
    const parsed = v1.safeParse(raw);
    if (!parsed.success) return corrupt(parsed.error);
    state = { ...parsed.data, version: STATE_VERSION, interview: interviewInfo(defaults.interview), recent: [] };
  } else {
    return { failure: 'unknown_version', message: `stored state has version ${JSON.stringify(version)}` };
  }
  return consistent(state) ? state : { failure: 'corrupt', message: 'stored state confirms without a pending slot' };
}

function corrupt(error: z.ZodError): ParseFailure {
  // Paths and messages only: values could be a candidate's name or number.
  const where = error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  return { failure: 'corrupt', message: `stored state does not parse (${where})` };
}

/** The polite end of a call whose stored state cannot be read: an apology, the call failed with an error. */
export function unreadableStateEnding(): Action[] {
  return [{ type: 'say', text: say.apology() }, { type: 'end', status: 'failed', outcome: 'error' }, { type: 'hangup' }];
}
