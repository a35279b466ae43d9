/** Figures and the printed report of `npm run eval:calls`. */
import type { CallResult } from './score.js';

export interface Tally {
  calls: number;
  passed: number;
  /** Passed the row's own expectations, universal checks aside. */
  expectedPassed: number;
  wrongBookings: number;
  accuracy: number;
}

export interface SetSummary {
  file: string;
  overall: Tally;
  perKind: Record<string, Tally>;
  /** Calls with a check the service's answer cannot show yet, by check. */
  notCheckable: Record<string, number>;
}

function tally(results: readonly CallResult[]): Tally {
  const passed = results.filter((r) => r.passed).length;
  return {
    calls: results.length,
    passed,
    expectedPassed: results.filter((r) => r.expectedPassed).length,
    wrongBookings: results.filter((r) => r.wrongBooking).length,
    accuracy: results.length === 0 ? 0 : passed / results.length,
  };
}

/** Whole-call accuracy overall and per kind, wrong bookings, and what could not be checked. */
export function summarize(file: string, results: readonly CallResult[]): SetSummary {
  const kinds = [...new Set(results.map((r) => r.kind))].sort();
  const notCheckable: Record<string, number> = {};
  for (const r of results) for (const what of r.notCheckable) notCheckable[what] = (notCheckable[what] ?? 0) + 1;
  return {
    file,
    overall: tally(results),
    perKind: Object.fromEntries(kinds.map((k) => [k, tally(results.filter((r) => r.kind === k))])),
    notCheckable,
  };
}

const pct = (t: Tally) => `${(t.accuracy * 100).toFixed(1)}%`;

/** The kind left-aligned, the figures right-aligned under their headings. */
const WIDTHS = [18, 5, 6, 8, 5, 5];
const tableRow = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(WIDTHS[i] ?? 0) : c.padStart(WIDTHS[i] ?? 0))).join(' ');

/** The human-readable report of one set: figures first, then every failure with its transcript. */
export function formatSet(summary: SetSummary, results: readonly CallResult[], showFailures = true): string {
  const out: string[] = [];
  const o = summary.overall;
  out.push(`== ${summary.file}`);
  out.push(`whole-call accuracy: ${o.passed}/${o.calls} (${pct(o)})`);
  out.push(`own expectations only (outcome, slot, say, not_say, questions; times and promises aside): ${o.expectedPassed}/${o.calls}`);
  out.push(`wrong bookings: ${o.wrongBookings}`);
  out.push('');
  out.push(tableRow(['kind', 'calls', 'passed', 'accuracy', 'own', 'wrong']));
  for (const [kind, t] of Object.entries(summary.perKind)) {
    out.push(tableRow([kind, String(t.calls), String(t.passed), pct(t), String(t.expectedPassed), String(t.wrongBookings)]));
  }
  for (const [what, n] of Object.entries(summary.notCheckable)) out.push(`not checkable on ${n} calls: ${what}`);
  if (showFailures) {
    for (const r of results.filter((x) => !x.passed)) {
      out.push('');
      out.push(`--- ${r.id} [${r.kind}] in ${r.scenario}${r.wrongBooking ? '  WRONG BOOKING' : ''}`);
      out.push(`    expected ${r.expected.outcome} ${r.expected.slot ?? ''}; got ${r.got.outcome ?? 'none'} ${r.got.slot ?? ''}`.trimEnd());
      for (const why of [...r.reasons, ...r.universal]) out.push(`    why: ${why}`);
      for (const line of r.transcript) out.push(`    ${line.speaker === 'caller' ? 'caller:   ' : 'candidate:'} ${line.text}`);
    }
  }
  return out.join('\n');
}
