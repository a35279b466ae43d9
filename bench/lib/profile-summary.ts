/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by package/file.
 *   npx tsx bench/lib/profile-summary.ts file.cpuprofile [top] [--within processTurn]
 * `--within fn` counts only the samples from the first to the last one with `fn` on the stack (the turns, without
 * the process's start-up and the untimed call set-up), and adds each function's inclusive time.
 */
import { readFileSync } from 'node:fs';
import { option } from './args.js';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

export function summarise(profile: Profile, top = 25, within?: string): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, Node>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n);
  const stack = (id: number): Node[] => {
    const out: Node[] = [];
    for (let n = byId.get(id); n !== undefined; n = parent.get(n.id)) out.push(n);
    return out;
  };
  let first = 0;
  let last = profile.samples.length - 1;
  if (within !== undefined) {
    const hits = profile.samples.flatMap((id, i) => (stack(id).some((n) => n.callFrame.functionName === within) ? [i] : []));
    if (hits.length === 0) return `no sample has ${within} on its stack`;
    [first, last] = [hits[0] as number, hits[hits.length - 1] as number];
  }
  let total = 0;
  const fn = new Map<string, number>();
  const area = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const add = (m: Map<string, number>, key: string, us: number) => m.set(key, (m.get(key) ?? 0) + us);
  for (let i = first; i <= last; i++) {
    // A sample's delta is the time until the next sample (V8 records the time since the previous one).
    const us = profile.timeDeltas[i + 1] ?? 0;
    const nodes = stack(profile.samples[i] as number);
    const leaf = nodes[0];
    if (leaf === undefined) continue;
    total += us;
    const url = leaf.callFrame.url.replace(/^file:\/\/.*?\/(node_modules|dist)\//, '$1/');
    add(fn, `${leaf.callFrame.functionName || '(anonymous)'} ${url}:${leaf.callFrame.lineNumber + 1}`, us);
    const pkg =
      /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
      (url.startsWith('dist/') ? url : url === '' ? leaf.callFrame.functionName : url.startsWith('node:') ? 'node:internal' : url);
    add(area, pkg, us);
    if (within !== undefined)
      for (const name of new Set(nodes.map((n) => n.callFrame.functionName).filter((name) => name !== ''))) add(inclusive, name, us);
  }
  const fmt = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`)
      .join('\n');
  const window = within === undefined ? '' : ` (from the first to the last sample under ${within})`;
  const parts = [
    `total ${(total / 1000).toFixed(0)} ms${window}`,
    `-- self time by function --\n${fmt(fn)}`,
    `-- by package / file --\n${fmt(area)}`,
  ];
  if (within !== undefined) parts.push(`-- inclusive time by function name --\n${fmt(inclusive)}`);
  return parts.join('\n');
}

if (process.argv[1]?.endsWith('profile-summary.ts')) {
  const [file = '', top = '25'] = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--within');
  console.log(summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(top), option(process.argv, 'within')));
}
