/**
 * Whole-call accuracy: plays scripted calls end to end through the real service (simulated telephony) and scores
 * each one: outcome, booked slot, what the caller had to say, and on every call the spoken times and promises.
 *   npm run eval:calls [-- [--json] [--file X]... [--kind K]... [--holdout] [--quiet]]
 * Default sets: every fixtures/calls/*.jsonl except those named *holdout* (add --holdout to include them).
 * Always exits 0 once it has measured; 1 only when the harness itself fails. Formats: fixtures/calls/README.md.
 */
import { readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { formatSet, summarize } from './eval-calls/report.js';
import { runSet } from './eval-calls/run.js';
import { readSet } from './eval-calls/sets.js';

const SETS_DIR = resolve(import.meta.dirname, '..', 'fixtures', 'calls');

interface Args {
  json: boolean;
  quiet: boolean;
  holdout: boolean;
  files: string[];
  kinds: string[];
}

function parseArgs(argv: string[]): Args {
  const args: Args = { json: false, quiet: false, holdout: false, files: [], kinds: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--json') args.json = true;
    else if (arg === '--quiet') args.quiet = true;
    else if (arg === '--holdout') args.holdout = true;
    else if (arg === '--file') args.files.push(value());
    else if (arg === '--kind') args.kinds.push(value());
    else throw new Error(`unknown argument ${arg} (use --json, --file X, --kind K, --holdout, --quiet)`);
  }
  return args;
}

/** A --file value: a path as given, or a set's name under fixtures/calls ("dev", "holdout.jsonl"). */
function setPath(name: string): string {
  if (name.includes('/')) return resolve(name);
  return join(SETS_DIR, name.endsWith('.jsonl') ? name : `${name}.jsonl`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const files =
    args.files.length > 0
      ? args.files.map(setPath)
      : readdirSync(SETS_DIR)
          .filter((f) => f.endsWith('.jsonl') && (args.holdout || !f.includes('holdout')))
          .sort()
          .map((f) => join(SETS_DIR, f));
  const reports = [];
  for (const file of files) {
    const set = readSet(file);
    const rows = args.kinds.length === 0 ? set.rows : set.rows.filter((r) => args.kinds.includes(r.kind));
    let done = 0;
    // Progress only on a terminal, so a redirected run stays clean.
    const progress = process.stderr.isTTY && !args.json;
    const results = await runSet(
      { rows, scenarios: set.scenarios },
      {
        onCall: () => {
          if (progress) process.stderr.write(`\r${basename(file)}: ${++done}/${rows.length}`);
        },
      },
    );
    if (progress) process.stderr.write('\n');
    const summary = summarize(basename(file), results);
    reports.push({ summary, results });
    if (!args.json) process.stdout.write(`${formatSet(summary, results, !args.quiet)}\n\n`);
  }
  if (args.json) process.stdout.write(`${JSON.stringify({ sets: reports }, null, 2)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`eval:calls failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
