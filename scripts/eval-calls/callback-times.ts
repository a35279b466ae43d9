/**
 * Scores the local engine's callback times on fixtures/understanding/callback-times.json: for each phrasing, the
 * instant the engine reads (null when the reply is not a callback or names no time) against the one expected.
 * `npx tsx scripts/eval-calls/callback-times.ts` prints the score and each miss.
 */
import { readFileSync } from 'node:fs';
import { understandLocal } from '../../src/core/understanding/local/index.js';

export interface CallbackTimeRow {
  id: string;
  scenario: string;
  utterance: string;
  expect: string | null;
}
export interface CallbackTimeSet {
  scenarios: Record<string, { now: string; timezone: string }>;
  rows: CallbackTimeRow[];
}

export function loadCallbackTimes(path = 'fixtures/understanding/callback-times.json'): CallbackTimeSet {
  return JSON.parse(readFileSync(path, 'utf8')) as CallbackTimeSet;
}

/** The rows whose instant the engine gets wrong, with what it read. */
export function callbackTimeMisses(set: CallbackTimeSet): Array<CallbackTimeRow & { got: string | null; intent: string }> {
  return set.rows.flatMap((row) => {
    const scenario = set.scenarios[row.scenario];
    if (scenario === undefined) throw new Error(`row ${row.id}: no scenario ${row.scenario}`);
    const u = understandLocal({ utterance: row.utterance, offered: [], now: scenario.now, timezone: scenario.timezone });
    const got = u.callbackAt ?? null;
    const same = got === null || row.expect === null ? got === row.expect : Date.parse(got) === Date.parse(row.expect);
    return same ? [] : [{ ...row, got, intent: u.intent }];
  });
}

if (process.argv[1]?.endsWith('callback-times.ts') === true) {
  const set = loadCallbackTimes();
  const misses = callbackTimeMisses(set);
  const right = set.rows.length - misses.length;
  console.log(`callback times: ${right}/${set.rows.length} (${((100 * right) / set.rows.length).toFixed(1)}%)`);
  for (const m of misses) console.log(`  ${m.id} "${m.utterance}": got ${m.got ?? 'null'} (${m.intent}), expected ${m.expect ?? 'null'}`);
}
