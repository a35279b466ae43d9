/**
 * `npm run web:size`: the gzipped JavaScript a browser loads for the dashboard's first page (the entry with its
 * static imports, plus the overview page's chunk and its imports), and the whole build's, from Vite's manifest.
 * Run after `npm run build`. The budget is 200 KB gzipped for the first page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

interface Chunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

const WEB = join(import.meta.dirname, '..', 'dist', 'web');
const FIRST_PAGE = 'src/pages/overview-page.tsx';
const BUDGET = 200 * 1024;

const manifest = JSON.parse(readFileSync(join(WEB, '.vite', 'manifest.json'), 'utf8')) as Record<string, Chunk>;
const gzipped = (file: string) => gzipSync(readFileSync(join(WEB, file)), { level: 9 }).length;

/** Every chunk `key` loads before it runs (its static imports, recursively). */
function closure(key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dep of manifest[key]?.imports ?? []) closure(dep, seen);
  return seen;
}

const entry = Object.keys(manifest).find((k) => manifest[k]?.isEntry === true);
if (entry === undefined) throw new Error('no entry in the manifest: run `npm run build` first');
const first = new Set([...closure(entry), ...closure(FIRST_PAGE)]);
const sum = (keys: Iterable<string>) => [...keys].reduce((n, k) => n + gzipped(manifest[k]?.file ?? ''), 0);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const firstJs = sum(first);
const allJs = sum(Object.keys(manifest).filter((k) => manifest[k]?.file.endsWith('.js')));
const css = new Set([...first].flatMap((k) => manifest[k]?.css ?? []));
const firstCss = [...css].reduce((n, f) => n + gzipped(f), 0);

console.log(`first page (sign-in + overview) JS, gzipped: ${kb(firstJs)} of a ${kb(BUDGET)} budget`);
for (const k of first) console.log(`  ${manifest[k]?.file ?? k}: ${kb(gzipped(manifest[k]?.file ?? ''))}`);
console.log(`first page CSS, gzipped: ${kb(firstCss)}`);
console.log(`every JS chunk together, gzipped: ${kb(allJs)}`);
if (firstJs > BUDGET) process.exitCode = 1;
