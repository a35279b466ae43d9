import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, readRows } from '../../scripts/eval-understanding.js';

const HOLDOUT = resolve('fixtures/understanding/phone-holdout.jsonl');
const DEV = resolve('fixtures/understanding/phone-dev.jsonl');
const HOLDOUT2 = resolve('fixtures/understanding/phone-holdout-2.jsonl');
const HOLDOUT3 = resolve('fixtures/understanding/phone-holdout-3.jsonl');
const HOLDOUT4 = resolve('fixtures/understanding/phone-holdout-4.jsonl');
const HOLDOUT5 = resolve('fixtures/understanding/phone-holdout-5.jsonl');
const HOLDOUT6 = resolve('fixtures/understanding/phone-holdout-6.jsonl');
const HOLDOUT7 = resolve('fixtures/understanding/phone-holdout-7.jsonl');
const HOLDOUT8 = resolve('fixtures/understanding/phone-holdout-8.jsonl');
const HOLDOUT9 = resolve('fixtures/understanding/phone-holdout-9.jsonl');
const SGD = resolve('../shared/data/understanding/sgd-dev-balanced.jsonl');

describe('local engine on datasets', () => {
  it('phone-holdout: intent >= 0.95, slot/time/date >= 0.95', () => {
    const r = evaluate(HOLDOUT, readRows(HOLDOUT));
    expect(r.rows).toBeGreaterThanOrEqual(150);
    expect(r.intentAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(r.slot.accuracy ?? 0).toBeGreaterThanOrEqual(0.95);
    expect(r.time.accuracy ?? 0).toBeGreaterThanOrEqual(0.95);
    expect(r.date.accuracy ?? 0).toBeGreaterThanOrEqual(0.95);
  });
  // phone-holdout-2 was written blind (before: intent 0.866, slot 0.882, time 0.891, date 0.942), then its failures
  // were studied and fixed by class, so these figures are no longer a blind estimate; phone-holdout-3 (scored blind
  // once after that: intent 0.880, macro 0.803) is the fresher check. See fixtures/understanding/README.md.
  it('phone-holdout-2: intent >= 0.95, slot/time/date >= 0.95', () => {
    const r = evaluate(HOLDOUT2, readRows(HOLDOUT2));
    expect(r.rows).toBeGreaterThanOrEqual(250);
    expect(r.intentAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(r.macroAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(r.slot.accuracy ?? 0).toBeGreaterThanOrEqual(0.95);
    expect(r.time.accuracy ?? 0).toBeGreaterThanOrEqual(0.95);
    expect(r.date.accuracy ?? 0).toBeGreaterThanOrEqual(0.95);
  });
  it('phone-holdout-3: intent >= 0.95, slot/time/date >= 0.95', () => {
    const r = evaluate(HOLDOUT3, readRows(HOLDOUT3));
    expect(r.rows).toBeGreaterThanOrEqual(130);
    expect(r.intentAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(r.slot.accuracy ?? 0).toBeGreaterThanOrEqual(0.95);
    expect(r.time.accuracy ?? 0).toBeGreaterThanOrEqual(0.95);
    expect(r.date.accuracy ?? 0).toBeGreaterThanOrEqual(0.95);
  });
  // phone-holdout-4 was scored blind once (intent 0.890, macro 0.912), then drove the compositional cues (compose.ts):
  // no longer blind. phone-holdout-5 was written after that and scored once, blind (intent 0.929, macro 0.947); it is
  // not tuned against, and these floors (rounded down to 0.05) only guard against regressions.
  it('phone-holdout-4: intent >= 0.95, slot/time/date >= 0.95', () => {
    const r = evaluate(HOLDOUT4, readRows(HOLDOUT4));
    expect(r.rows).toBeGreaterThanOrEqual(200);
    expect(r.intentAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(r.macroAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(r.slot.accuracy ?? 0).toBeGreaterThanOrEqual(0.95);
    expect(r.time.accuracy ?? 0).toBeGreaterThanOrEqual(0.95);
    expect(r.date.accuracy ?? 0).toBeGreaterThanOrEqual(0.95);
  });
  it('phone-holdout-5 (blind): intent >= 0.90, macro >= 0.90', () => {
    const r = evaluate(HOLDOUT5, readRows(HOLDOUT5));
    expect(r.rows).toBeGreaterThanOrEqual(100);
    expect(r.intentAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(r.macroAccuracy).toBeGreaterThanOrEqual(0.9);
  });
  // phone-holdout-5's blind misses then drove a third round of word-class families (decline idioms, "reach out",
  // "removed from your call list", "no idea who that is"): no longer blind. phone-holdout-6 was written before the
  // engine was run on it and scored once, blind (intent 0.860, macro 0.904, date 0.955); not tuned against.
  it('phone-holdout-6 (blind): intent >= 0.85, macro >= 0.90, slot/time >= 0.95, date >= 0.95', () => {
    const r = evaluate(HOLDOUT6, readRows(HOLDOUT6));
    expect(r.rows).toBeGreaterThanOrEqual(100);
    expect(r.intentAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(r.macroAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(r.slot.accuracy ?? 0).toBeGreaterThanOrEqual(0.95);
    expect(r.time.accuracy ?? 0).toBeGreaterThanOrEqual(0.95);
    expect(r.date.accuracy ?? 0).toBeGreaterThanOrEqual(0.95);
  });
  // phone-holdout-6's blind misses then drove a fourth round (misdialled / someone else's number, lost interest, drop my
  // application, passive opt-outs, "give it another go", "next <day>" as a date): no longer blind. phone-holdout-7 was
  // written before the engine was run on it and scored once, blind (intent 0.927, macro 0.938, slot 0.938); not tuned.
  it('phone-holdout-7 (blind): intent >= 0.90, macro >= 0.90, slot >= 0.90, time/date >= 0.95', () => {
    const r = evaluate(HOLDOUT7, readRows(HOLDOUT7));
    expect(r.rows).toBeGreaterThanOrEqual(100);
    expect(r.intentAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(r.macroAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(r.slot.accuracy ?? 0).toBeGreaterThanOrEqual(0.9);
    expect(r.time.accuracy ?? 0).toBeGreaterThanOrEqual(0.95);
    expect(r.date.accuracy ?? 0).toBeGreaterThanOrEqual(0.95);
  });
  // phone-holdout-7's misses then drove a fifth round (polite "could you / would you mind" + call again, interest faded,
  // "not something i want to pursue", a business reached, "the later one" of two, "neither <subject> could do <time>",
  // "any <day> slots?"): no longer blind. phone-holdout-8 was written before the engine was run on it and scored once,
  // blind (intent 0.953, macro 0.965, slot 1.0, time 0.941, date 1.0); not tuned on.
  it('phone-holdout-8 (blind): intent >= 0.95, macro >= 0.95, slot >= 0.95, time >= 0.90, date >= 0.95', () => {
    const r = evaluate(HOLDOUT8, readRows(HOLDOUT8));
    expect(r.rows).toBeGreaterThanOrEqual(100);
    expect(r.intentAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(r.macroAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(r.slot.accuracy ?? 0).toBeGreaterThanOrEqual(0.95);
    expect(r.time.accuracy ?? 0).toBeGreaterThanOrEqual(0.9);
    expect(r.date.accuracy ?? 0).toBeGreaterThanOrEqual(0.95);
  });
  // phone-holdout-8's misses then drove round 6 (compose-round6 tests): no longer blind. phone-holdout-9 was written
  // before the engine was run on it and scored once, blind (intent 0.977, macro 0.982, slot 1.0, time 0.909, date 1.0).
  it('phone-holdout-9 (blind): intent >= 0.95, macro >= 0.95, slot >= 0.95, time >= 0.90, date >= 0.95', () => {
    const r = evaluate(HOLDOUT9, readRows(HOLDOUT9));
    expect(r.rows).toBeGreaterThanOrEqual(80);
    expect(r.intentAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(r.macroAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(r.slot.accuracy ?? 0).toBeGreaterThanOrEqual(0.95);
    expect(r.time.accuracy ?? 0).toBeGreaterThanOrEqual(0.9);
    expect(r.date.accuracy ?? 0).toBeGreaterThanOrEqual(0.95);
  });
  it('phone-dev: intent >= 0.97', () => {
    const r = evaluate(DEV, readRows(DEV));
    expect(r.rows).toBeGreaterThanOrEqual(400);
    expect(r.intentAccuracy).toBeGreaterThanOrEqual(0.97);
  });
  it.skipIf(!existsSync(SGD))('SGD dev balanced: macro intent >= 0.90', () => {
    const r = evaluate(SGD, readRows(SGD));
    expect(r.macroAccuracy).toBeGreaterThanOrEqual(0.9);
  });
});
