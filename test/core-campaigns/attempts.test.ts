import { describe, expect, it } from 'vitest';
import { nextStep, resultOf, type AttemptResult } from '../../src/core/campaigns/attempts.js';

describe('the result of an attempt', () => {
  it("keeps the conversation's decisions", () => {
    for (const outcome of ['scheduled', 'declined', 'opted_out', 'wrong_number'] as const) {
      expect(resultOf({ outcome, answeredBy: 'human', twilioStatus: 'completed' })).toBe(outcome);
    }
    expect(resultOf({ outcome: 'callback_requested', answeredBy: null, twilioStatus: 'completed' })).toBe('callback');
  });

  it("reads the line's ends", () => {
    expect(resultOf({ outcome: 'no_answer', answeredBy: null, twilioStatus: 'no-answer' })).toBe('no_answer');
    expect(resultOf({ outcome: 'busy', answeredBy: null, twilioStatus: 'busy' })).toBe('busy');
    expect(resultOf({ outcome: 'error', answeredBy: null, twilioStatus: 'failed' })).toBe('failed');
    expect(resultOf({ outcome: 'voicemail', answeredBy: 'machine_end_beep', twilioStatus: 'failed' })).toBe('voicemail');
    expect(resultOf({ outcome: null, answeredBy: null, twilioStatus: 'no-answer' })).toBe('no_answer');
  });

  it('calls an undecided end taken by a machine or a fax "machine", by a person "hung_up"', () => {
    for (const outcome of ['hung_up', 'no_response', 'max_turns', 'error'] as const) {
      expect(resultOf({ outcome, answeredBy: 'machine_start', twilioStatus: 'completed' })).toBe('machine');
      expect(resultOf({ outcome, answeredBy: 'fax', twilioStatus: 'completed' })).toBe('machine');
      expect(resultOf({ outcome, answeredBy: 'human', twilioStatus: 'completed' })).toBe('hung_up');
      expect(resultOf({ outcome, answeredBy: null, twilioStatus: 'completed' })).toBe('hung_up');
    }
  });
});

describe('what follows an attempt', () => {
  it('ends the campaign for a decision or an unusable number, whatever attempts remain', () => {
    const cases: Array<[AttemptResult, string]> = [
      ['scheduled', 'scheduled'],
      ['declined', 'declined'],
      ['opted_out', 'opted_out'],
      ['wrong_number', 'wrong_number'],
      ['invalid_number', 'unreachable'],
      ['do_not_call', 'opted_out'],
    ];
    for (const [result, status] of cases) expect(nextStep(result, 1, 3)).toEqual({ kind: 'finish', candidateStatus: status });
  });

  it('retries the line failures, a machine, a hang-up and a lost call while attempts remain, then gives up', () => {
    for (const result of ['no_answer', 'busy', 'failed', 'voicemail', 'machine', 'hung_up', 'lost'] as const) {
      expect(nextStep(result, 1, 3)).toEqual({ kind: 'retry', reason: 'retry' });
      expect(nextStep(result, 2, 3)).toEqual({ kind: 'retry', reason: 'retry' });
      expect(nextStep(result, 3, 3)).toEqual({ kind: 'finish', candidateStatus: 'unreachable' });
    }
  });

  it('calls back a candidate who asked, while an attempt remains', () => {
    expect(nextStep('callback', 1, 3)).toEqual({ kind: 'retry', reason: 'callback' });
    expect(nextStep('callback', 3, 3)).toEqual({ kind: 'finish', candidateStatus: 'callback' });
    expect(nextStep('no_answer', 1, 1)).toEqual({ kind: 'finish', candidateStatus: 'unreachable' });
  });
});
