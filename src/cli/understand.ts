/**
 * `npm run --silent cli -- understand`: batch understanding over JSON lines.
 * stdin:  {id, utterance, offered, now, timezone, context?} per line
 * stdout: {id, intent, slot, time, date, confidence, engine} per line, in input order
 * stderr: {id, error} for a line that cannot be understood (id null when unknown); the run continues.
 * The engine is the service's: local, or OpenAI with the local fallback when OPENAI_API_KEY is set
 * (`--engine local` forces the local one). Exit code 0 once every line is answered, even with error lines.
 */
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { createUnderstander } from '../adapters/openai/create-understander.js';
import { loadConfig } from '../config.js';

const Line = z.object({
  id: z.union([z.string(), z.number()]).nullable().optional(),
  utterance: z.string(),
  offered: z.array(z.object({ label: z.string(), start: z.string().optional() })).default([]),
  now: z.string().min(1),
  timezone: z.string().min(1),
  context: z.string().optional(),
});

function idOf(v: unknown): string | number | null {
  if (typeof v === 'object' && v !== null && 'id' in v) {
    const id = (v as { id: unknown }).id;
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
    const { id, ...input } = line.data;
    try {
      const u = await understander.understand(input);
      const ok = process.stdout.write(
        JSON.stringify({ id: id ?? null, intent: u.intent, slot: u.slot, time: u.time, date: u.date, confidence: u.confidence, engine: u.engine }) + '\n',
      );
      if (!ok) await new Promise<void>((r) => process.stdout.once('drain', () => r()));
    } catch (err) {
      process.stderr.write(JSON.stringify({ id: id ?? null, error: err instanceof Error ? err.message : String(err) }) + '\n');
    }
  }
  return 0;
}
