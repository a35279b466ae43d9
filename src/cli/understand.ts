/**
 * `npm run --silent cli -- understand`: batch understanding over JSON lines.
 * stdin:  {id, utterance, offered, now, timezone, context?} per line
 * stdout: {id, intent, slot, time, date, confidence, engine} per line, in input order
 * stderr: {id, error} for a line that cannot be understood (id null when unknown); the run continues.
 */
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { understandLocal } from '../core/understanding/local/index.js';

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

export async function run(_args: string[]): Promise<number> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let failures = 0;
  for await (const raw of rl) {
    if (raw.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      failures++;
      process.stderr.write(JSON.stringify({ id: null, error: 'invalid JSON' }) + '\n');
      continue;
    }
    const line = Line.safeParse(parsed);
    if (!line.success) {
      failures++;
      const msg = line.error.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; ');
      process.stderr.write(JSON.stringify({ id: idOf(parsed), error: msg }) + '\n');
      continue;
    }
    const { id, ...input } = line.data;
    try {
      const u = understandLocal(input);
      const ok = process.stdout.write(
        JSON.stringify({ id: id ?? null, intent: u.intent, slot: u.slot, time: u.time, date: u.date, confidence: u.confidence, engine: u.engine }) + '\n',
      );
      if (!ok) await new Promise<void>((r) => process.stdout.once('drain', () => r()));
    } catch (err) {
      failures++;
      process.stderr.write(JSON.stringify({ id: id ?? null, error: err instanceof Error ? err.message : String(err) }) + '\n');
    }
  }
  return failures > 0 ? 1 : 0;
}
