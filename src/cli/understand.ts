/**
 * `npm run --silent cli -- understand`: batch understanding over JSON lines.
 * stdin:  {id, utterance, offered, now, timezone, context?} per line (the old format), or with the conversation's
 *         state: expecting ('choice' | 'confirm'), pending, candidate_name / candidateName, history
 *         ([{speaker, text}]); a row's `context` is mapped to that state at the edge (core/understanding/legacy-input.ts)
 * stdout: {id, intent, slot, time, date, topic, confidence, engine} per line, in input order
 * stderr: {id, error} for a line that cannot be understood (id null when unknown); the run continues.
 * The engine is the service's: local, or OpenAI with the local fallback when OPENAI_API_KEY is set
 * (`--engine local` forces the local one). Exit code 0 once every line is answered, even with error lines.
 */
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { loadConfig } from '../config.js';
import { fromLegacyRow, type LegacyRow } from '../core/understanding/legacy-input.js';
import { createUnderstander } from '../understander.js';

const Slot = z.object({ id: z.number().int().optional(), label: z.string(), start: z.string().optional() });

const Line = z.object({
  id: z.union([z.string(), z.number()]).nullable().optional(),
  utterance: z.string(),
  offered: z.array(Slot).default([]),
  now: z.string().min(1),
  timezone: z.string().min(1),
  context: z.string().optional(),
  expecting: z.enum(['choice', 'confirm', 'closing']).optional(),
  pending: Slot.nullable().optional(),
  candidate_name: z.string().nullable().optional(),
  candidateName: z.string().nullable().optional(),
  history: z.array(z.object({ speaker: z.enum(['caller', 'candidate']), text: z.string() })).optional(),
});

function idOf(v: unknown): string | number | null {
  if (typeof v === 'object' && v !== null && 'id' in v) {
    const id = v.id;
    if (typeof id === 'string' || typeof id === 'number') return id;
  }
  return null;
}

export async function run(args: string[]): Promise<number> {
  const config = loadConfig(process.env);
  const understander = createUnderstander(
    args.includes('--engine=local') || args.join(' ').includes('--engine local') ? { ...config, OPENAI_API_KEY: undefined } : config,
  );
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const raw of rl) {
    if (raw.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      process.stderr.write(JSON.stringify({ id: null, error: 'invalid JSON' }) + '\n');
      continue;
    }
    const line = Line.safeParse(parsed);
    if (!line.success) {
      const msg = line.error.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; ');
      process.stderr.write(JSON.stringify({ id: idOf(parsed), error: msg }) + '\n');
      continue;
    }
    const id = line.data.id;
    try {
      const u = await understander.understand(fromLegacyRow(toRow(line.data)));
      const ok = process.stdout.write(
        JSON.stringify({
          id: id ?? null,
          intent: u.intent,
          slot: u.slot,
          time: u.time,
          date: u.date,
          topic: u.topic ?? null,
          confidence: u.confidence,
          engine: u.engine,
        }) + '\n',
      );
      if (!ok) await new Promise<void>((r) => process.stdout.once('drain', () => r()));
    } catch (err) {
      process.stderr.write(JSON.stringify({ id: id ?? null, error: err instanceof Error ? err.message : String(err) }) + '\n');
    }
  }
  return 0;
}

/** The row as the legacy mapping takes it: fields the line leaves out stay absent. */
function toRow(line: z.infer<typeof Line>): LegacyRow {
  const { context, expecting, pending, candidate_name, candidateName, history } = line;
  return {
    utterance: line.utterance,
    offered: line.offered,
    now: line.now,
    timezone: line.timezone,
    ...(context !== undefined ? { context } : {}),
    ...(expecting !== undefined ? { expecting } : {}),
    ...(pending !== undefined ? { pending } : {}),
    ...(candidate_name !== undefined ? { candidate_name } : {}),
    ...(candidateName !== undefined ? { candidateName } : {}),
    ...(history !== undefined ? { history } : {}),
  };
}
