/**
 * Scores the local understanding engine on JSONL files of expected answers.
 *   npm run eval:understanding [-- [--json] [--errors N] files...]
 * Default files: every .jsonl under fixtures/understanding/ and ../shared/data/understanding/ (when present).
 * Row format: /work/shared/data/understanding/README.md (expect.intents, expect.slot, expect.time, expect.date); the
 * state is read from a row's `expecting`/`pending`/`candidate_name`/`history`, or mapped from its `context` (legacy-input.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { understandLocal } from '../src/core/understanding/local/index.js';
import { fromLegacyRow, type LegacyRow } from '../src/core/understanding/legacy-input.js';
import type { Understanding } from '../src/core/understanding/types.js';

/** A legacy row (`context` = the caller's last sentence) or one with the state's fields; see legacy-input.ts. */
interface Row extends LegacyRow {
  id?: string;
  expect: { intents: string[]; slot: number | null; time: string | null; date: string | null };
  sgd_label?: string;
  label?: string;
}

export interface FileReport {
  file: string;
  rows: number;
  intentAccuracy: number;
  macroAccuracy: number;
  perLabel: Record<string, { n: number; accuracy: number }>;
  slot: { n: number; accuracy: number | null };
  time: { n: number; accuracy: number | null };
  date: { n: number; accuracy: number | null };
  confusions: { expected: string; got: string; count: number; example: string }[];
  errors: { id: string | undefined; utterance: string; context: string | undefined; expected: string; got: Understanding }[];
}

export function readRows(file: string): Row[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Row);
}

export function evaluate(file: string, rows: Row[]): FileReport {
  const perLabel = new Map<string, { n: number; ok: number }>();
  const conf = new Map<string, { count: number; example: string }>();
  let ok = 0;
  const slot = { n: 0, ok: 0 };
  const time = { n: 0, ok: 0 };
  const date = { n: 0, ok: 0 };
  const errors: FileReport['errors'] = [];
  for (const r of rows) {
    const got = understandLocal(fromLegacyRow(r));
    const label = r.sgd_label ?? r.label ?? r.expect.intents[0] ?? '?';
    const hit = r.expect.intents.includes(got.intent);
    const pl = perLabel.get(label) ?? { n: 0, ok: 0 };
    pl.n++;
    if (hit) {
      pl.ok++;
      ok++;
    } else {
      const key = `${label} -> ${got.intent}`;
      const c = conf.get(key) ?? { count: 0, example: r.utterance };
      c.count++;
      conf.set(key, c);
      errors.push({ id: r.id, utterance: r.utterance, context: r.context, expected: label, got });
    }
    perLabel.set(label, pl);
    if (r.expect.intents[0] === 'accept' && r.expect.slot !== null && r.expect.slot !== undefined) {
      slot.n++;
      if (got.slot === r.expect.slot) slot.ok++;
      else errors.push({ id: r.id, utterance: r.utterance, context: r.context, expected: `slot ${r.expect.slot}`, got });
    }
    if (r.expect.time !== null && r.expect.time !== undefined) {
      time.n++;
      if (got.time === r.expect.time) time.ok++;
      else errors.push({ id: r.id, utterance: r.utterance, context: r.context, expected: `time ${r.expect.time}`, got });
    }
    if (r.expect.date !== null && r.expect.date !== undefined) {
      date.n++;
      if (got.date === r.expect.date) date.ok++;
      else errors.push({ id: r.id, utterance: r.utterance, context: r.context, expected: `date ${r.expect.date}`, got });
    }
  }
  const labels = [...perLabel.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  const acc = (x: { n: number; ok: number }): number | null => (x.n === 0 ? null : x.ok / x.n);
  return {
    file,
    rows: rows.length,
    intentAccuracy: rows.length === 0 ? 0 : ok / rows.length,
    macroAccuracy: labels.length === 0 ? 0 : labels.reduce((a, [, v]) => a + v.ok / v.n, 0) / labels.length,
    perLabel: Object.fromEntries(labels.map(([k, v]) => [k, { n: v.n, accuracy: v.ok / v.n }])),
    slot: { n: slot.n, accuracy: acc(slot) },
    time: { n: time.n, accuracy: acc(time) },
    date: { n: date.n, accuracy: acc(date) },
    confusions: [...conf.entries()]
      .sort((a, b) => b[1].count - a[1].count)
      .slice(0, 10)
      .map(([k, v]) => {
        const [expected, got] = k.split(' -> ') as [string, string];
        return { expected, got, count: v.count, example: v.example };
      }),
    errors,
  };
}

function defaultFiles(): string[] {
  const dirs = [resolve('fixtures/understanding'), resolve('../shared/data/understanding')];
  const out: string[] = [];
  for (const d of dirs) {
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d).sort()) if (f.endsWith('.jsonl')) out.push(join(d, f));
  }
  return out;
}

const pct = (x: number | null): string => (x === null ? '  n/a' : (100 * x).toFixed(1).padStart(5) + '%');

function main(argv: string[]): number {
  const json = argv.includes('--json');
  const ei = argv.indexOf('--errors');
  const showErrors = ei >= 0 ? Number(argv[ei + 1] ?? 20) : 0;
  const files = argv.filter((a, i) => !a.startsWith('--') && !(ei >= 0 && i === ei + 1));
  const list = files.length > 0 ? files : defaultFiles();
  const reports: FileReport[] = [];
  for (const f of list) {
    const rep = evaluate(f, readRows(f));
    reports.push(rep);
    if (json) continue;
    console.log(`\n== ${f} (${rep.rows} rows)`);
    console.log(`intent accuracy ${pct(rep.intentAccuracy)}   macro ${pct(rep.macroAccuracy)}`);
    for (const [k, v] of Object.entries(rep.perLabel)) console.log(`  ${k.padEnd(24)} ${pct(v.accuracy)}  (n=${v.n})`);
    console.log(
      `slot ${pct(rep.slot.accuracy)} (n=${rep.slot.n})   time ${pct(rep.time.accuracy)} (n=${rep.time.n})   ` +
        `date ${pct(rep.date.accuracy)} (n=${rep.date.n})`,
    );
    if (rep.confusions.length > 0) console.log('worst confusions:');
    for (const c of rep.confusions) console.log(`  ${String(c.count).padStart(4)}  ${c.expected} -> ${c.got}   e.g. "${c.example}"`);
    for (const e of rep.errors.slice(0, showErrors)) {
      console.log(
        `  ERR ${e.expected} got ${e.got.intent} s=${e.got.slot} t=${e.got.time} d=${e.got.date} | ` +
          `${e.utterance} || ${(e.context ?? '').slice(0, 90)}`,
      );
    }
  }
  if (json)
    console.log(
      JSON.stringify(
        reports.map(({ errors: _e, ...r }) => r),
        null,
        2,
      ),
    );
  return 0;
}

if (process.argv[1] !== undefined && /eval-understanding\.ts$/.test(process.argv[1])) process.exitCode = main(process.argv.slice(2));
