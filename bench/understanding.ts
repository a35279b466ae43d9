/**
 * Throughput of the local understanding engine on one core.
 *   npm run bench:understanding [-- --seconds 3 files...]
 * Uses the dev utterances: fixtures/understanding/*.jsonl and ../shared/data/understanding/*.jsonl when present.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { understandLocal } from '../src/core/understanding/local/index.js';
import { fromLegacyRow, type LegacyRow } from '../src/core/understanding/legacy-input.js';
import type { UnderstandInput } from '../src/core/understanding/types.js';
import { isoInZone } from '../src/core/scheduling/zones.js';

function load(files: string[]): UnderstandInput[] {
  const out: UnderstandInput[] = [];
  for (const f of files) {
    for (const l of readFileSync(f, 'utf8').split('\n')) {
      if (l.trim() === '') continue;
      out.push(fromLegacyRow(JSON.parse(l) as LegacyRow));
    }
  }
  return out;
}

function defaultFiles(): string[] {
  const out: string[] = [];
  for (const d of [resolve('fixtures/understanding'), resolve('../shared/data/understanding')]) {
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d).sort()) if (f.endsWith('.jsonl') && !f.includes('holdout')) out.push(join(d, f));
  }
  return out;
}

const argv = process.argv.slice(2);
const si = argv.indexOf('--seconds');
const seconds = si >= 0 ? Number(argv[si + 1]) : 3;
const files = argv.filter((a, i) => !a.startsWith('--') && i !== si + 1);
const inputs = load(files.length > 0 ? files : defaultFiles());
if (inputs.length === 0) {
  console.error('no utterances found');
  process.exit(1);
}
// The service passes a new `now` on every turn (milliseconds apart), so caches keyed on it must not flatter the
// figure: each run shifts `now` by a few milliseconds (same instant to the second, same day).
const VARIANTS = 64;
const nows = inputs.map((i) => {
  const ms = Date.parse(i.now);
  return Array.from({ length: VARIANTS }, (_, j) => (Number.isNaN(ms) ? i.now : (isoInZone(new Date(ms + j), i.timezone) ?? i.now)));
});
const withNow = (k: number, n: number): UnderstandInput => {
  const input = inputs[k] as UnderstandInput;
  return { ...input, now: nows[k]?.[n % VARIANTS] ?? input.now };
};
// warm up (JIT)
for (let r = 0; r < 2; r++) for (let k = 0; k < inputs.length; k++) understandLocal(withNow(k, r));

const samples: number[] = [];
let n = 0;
const t0 = process.hrtime.bigint();
const deadline = t0 + BigInt(Math.round(seconds * 1e9));
let now = t0;
while (now < deadline) {
  for (let k = 0; k < inputs.length; k++) {
    const input = withNow(k, n);
    const a = process.hrtime.bigint();
    understandLocal(input);
    const b = process.hrtime.bigint();
    if ((n & 7) === 0) samples.push(Number(b - a) / 1000);
    n++;
  }
  now = process.hrtime.bigint();
}
const elapsed = Number(now - t0) / 1e9;
samples.sort((a, b) => a - b);
const q = (p: number): number => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))] ?? 0;
console.log(`utterances: ${inputs.length} distinct, ${n} runs in ${elapsed.toFixed(2)} s`);
console.log(`throughput: ${Math.round(n / elapsed)} utterances/s (one core)`);
console.log(`latency: p50 ${q(0.5).toFixed(1)} us, p99 ${q(0.99).toFixed(1)} us`);
