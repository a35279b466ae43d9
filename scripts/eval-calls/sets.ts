/**
 * The call sets of `npm run eval:calls`: JSONL rows (one scripted call each) and the scenarios they run in.
 * A set `NAME.jsonl` takes its scenarios from `NAME.scenarios.json` beside it. Format: fixtures/calls/README.md.
 */
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { z } from 'zod';

const LOCAL_MINUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const localMinute = z.string().regex(LOCAL_MINUTE, 'expected a local date-time YYYY-MM-DDTHH:MM');

/** One scripted reply: words as the recogniser heard them, null for silence, or keys pressed. */
const Reply = z.union([z.string(), z.null(), z.object({ digits: z.string().regex(/^[0-9*#]{1,10}$/) }).strict()]);
export type Reply = z.infer<typeof Reply>;

/** A line the caller must say: anywhere after the greeting, or in its answer to reply `after` (0-based). */
const SayCheck = z.union([z.string(), z.object({ after: z.number().int().min(0), re: z.string() }).strict()]);
export type SayCheck = z.infer<typeof SayCheck>;

const CandidateSpec = z
  .object({
    name: z.string().min(1).optional(),
    /** null: the candidate has no email address on file. */
    email: z.string().email().nullable().optional(),
    timezone: z.string().min(1).optional(),
  })
  .strict();
export type CandidateSpec = z.infer<typeof CandidateSpec>;

const Expect = z
  .object({
    outcome: z.string().min(1),
    /** The booked slot, local in the scenario's zone; null when nothing may be booked. */
    slot: localMinute.nullable(),
    say: z.array(SayCheck).default([]),
    not_say: z.array(z.string()).default([]),
    /** How many questions the conversation stores for the recruiter (checked once the API shows them). */
    questions: z.number().int().min(0).optional(),
  })
  .strict();

export const CallRow = z
  .object({
    id: z.string().min(1),
    kind: z.string().min(1),
    scenario: z.string().min(1),
    candidate: CandidateSpec.optional(),
    max_turns: z.number().int().positive().optional(),
    replies: z.array(Reply).max(50),
    expect: Expect,
    note: z.string().optional(),
  })
  .strict();
export type CallRow = z.infer<typeof CallRow>;

export const Scenario = z
  .object({
    /** The interview zone (INTERVIEW_TIMEZONE). */
    zone: z.string().min(1),
    /** The fixed clock, local in `zone`. */
    now: localMinute,
    /** INTERVIEW_SLOTS, local in `zone`. */
    slots: z.array(localMinute).min(1),
    max_turns: z.number().int().positive().default(6),
    duration_minutes: z.number().int().positive().default(45),
    format: z.string().min(1).default('video call'),
    company: z.string().min(1),
    position: z.string().min(1),
    candidate: CandidateSpec.default({}),
    note: z.string().optional(),
  })
  .strict();
export type Scenario = z.infer<typeof Scenario>;

const Scenarios = z.record(z.string(), Scenario);

export interface CallSet {
  file: string;
  rows: CallRow[];
  scenarios: Record<string, Scenario>;
}

/** Reads a set and its scenarios; throws naming the file and line of the first malformed row. */
export function readSet(file: string): CallSet {
  const scenarioFile = file.replace(/\.jsonl$/, '.scenarios.json');
  const scenarios = parseOrThrow(Scenarios, JSON.parse(readFileSync(scenarioFile, 'utf8')), scenarioFile);
  const rows = parseRows(readFileSync(file, 'utf8'), file);
  for (const row of rows) {
    const scenario = scenarios[row.scenario];
    if (scenario === undefined) throw new Error(`${file}: ${row.id}: unknown scenario "${row.scenario}"`);
    // A slot the scenario does not have could never be booked: a typo in the set, not a miss of the service.
    if (row.expect.slot !== null && !scenario.slots.includes(row.expect.slot)) {
      throw new Error(`${file}: ${row.id}: expected slot ${row.expect.slot} is not among scenario ${row.scenario}'s slots`);
    }
    if ((row.expect.outcome === 'scheduled') !== (row.expect.slot !== null)) {
      throw new Error(`${file}: ${row.id}: a slot is expected exactly when the outcome is scheduled`);
    }
  }
  for (const [name, scenario] of Object.entries(scenarios)) {
    if (!DateTime.local().setZone(scenario.zone).isValid) throw new Error(`${scenarioFile}: ${name}: unknown zone ${scenario.zone}`);
  }
  return { file, rows, scenarios };
}

/** Parses JSONL text into rows (blank lines skipped); ids must be unique. */
export function parseRows(text: string, file = '(inline)'): CallRow[] {
  const rows: CallRow[] = [];
  const ids = new Set<string>();
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const row = parseOrThrow(CallRow, JSON.parse(line), `${file}:${index + 1}`);
    if (ids.has(row.id)) throw new Error(`${file}:${index + 1}: duplicate id ${row.id}`);
    ids.add(row.id);
    rows.push(row);
  });
  return rows;
}

/** Parses scenarios given as an object (for inline sets in tests). */
export function parseScenarios(value: unknown): Record<string, Scenario> {
  return parseOrThrow(Scenarios, value, '(inline scenarios)');
}

function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`${where}: ${problems}`);
  }
  return parsed.data;
}
