import { describe, expect, it } from 'vitest';
import { promisesIn } from '../../scripts/eval-calls/checks.js';
import { parseState, isParseFailure } from '../../src/core/conversation/state.js';
import { initialState } from '../../src/core/conversation/state.js';
import { transition } from '../../src/core/conversation/transition.js';
import type { Action, CallBack, ConversationState, TransitionResult } from '../../src/core/conversation/types.js';
import { understandInputOf } from '../../src/core/conversation/understand-input.js';
import { understandLocal } from '../../src/core/understanding/local/index.js';
import { SLOTS, candidate, interview, said, u } from './helpers.js';

/** Wednesday November 25th 2026, 10 AM in New York (the candidate's zone). */
const NOW = '2026-11-25T15:00:00.000Z';
/** The campaign's next attempt anyway: Thursday 2 PM in New York. */
const TERMS: CallBack = { defaultAt: '2026-11-26T19:00:00.000Z', callingHours: '08:00-21:00' };

function offering(callBack: CallBack | null = TERMS): ConversationState {
  return transition(initialState(candidate, interview, 6, callBack), { type: 'start', open: SLOTS }).state;
}

/** A callback reply heard at `now` (null: the event carries no time of hearing). */
function callbackReply(state: ConversationState, callbackAt: string | null, now: string | null = NOW): TransitionResult {
  const understanding = u('callback_later', { callbackAt });
  return transition(state, { type: 'reply', understanding, utterance: 'call me later', open: SLOTS, ...(now === null ? {} : { now }) });
}

function scheduled(result: TransitionResult): string | undefined {
  return result.actions.find((a): a is Extract<Action, { type: 'schedule_callback' }> => a.type === 'schedule_callback')?.at;
}

function outcome(result: TransitionResult): string | undefined {
  return result.actions.find((a): a is Extract<Action, { type: 'end' }> => a.type === 'end')?.outcome;
}

describe('a campaign call that may call back promises it, with its time', () => {
  it('calls back at the time asked for, says it relative to today, and schedules it before ending', () => {
    const result = callbackReply(offering(), '2026-11-26T15:00:00-05:00');
    expect(scheduled(result)).toBe('2026-11-26T20:00:00.000Z');
    expect(said(result.actions)).toBe("No problem, I'll call you back tomorrow at 3 PM. Thank you, goodbye.");
    expect(outcome(result)).toBe('callback_requested');
    expect(result.actions.map((a) => a.type)).toEqual(['schedule_callback', 'say', 'end', 'hangup']);
    expect(result.state.phase).toBe('ended');
  });

  it('says today, a weekday within the week, or the whole date further out', () => {
    expect(said(callbackReply(offering(), '2026-11-25T16:30:00-05:00').actions)).toContain('call you back today at 4:30 PM.');
    expect(said(callbackReply(offering(), '2026-11-30T09:00:00-05:00').actions)).toContain('call you back Monday at 9 AM.');
    expect(said(callbackReply(offering(), '2026-12-04T11:00:00-05:00').actions)).toContain(
      'call you back on Friday, December 4th at 11 AM.',
    );
  });

  it('calls back at the default when no time was said, one already past, or one more than 14 days ahead', () => {
    for (const asked of [null, '2026-11-25T09:00:00-05:00', '2026-12-10T10:00:00-05:00', 'garbage']) {
      const result = callbackReply(offering(), asked);
      expect(scheduled(result)).toBe(TERMS.defaultAt);
      expect(said(result.actions)).toBe("No problem, I'll call you back tomorrow at 2 PM. Thank you, goodbye.");
    }
  });

  it('uses the default when the reply carries no time of hearing, and names the day in full', () => {
    const result = callbackReply(offering(), '2026-11-25T16:30:00-05:00', null);
    expect(scheduled(result)).toBe(TERMS.defaultAt);
    expect(said(result.actions)).toContain('call you back on Thursday, November 26th at 2 PM.');
  });

  it('shifts the time into the calling hours in the candidate zone', () => {
    const late = callbackReply(offering(), '2026-11-25T22:30:00-05:00');
    expect(scheduled(late)).toBe('2026-11-26T13:00:00.000Z');
    expect(said(late.actions)).toContain('call you back tomorrow at 8 AM.');
    const london = transition(initialState({ ...candidate, timezone: 'Europe/London' }, interview, 6, TERMS), {
      type: 'start',
      open: SLOTS,
    }).state;
    // 6:30 AM in London is before the window: 8 AM London time.
    expect(scheduled(callbackReply(london, '2026-11-26T06:30:00Z'))).toBe('2026-11-26T08:00:00.000Z');
  });

  it('does not shift without calling hours (a simulated phone), and says times on a 5-minute mark', () => {
    const anyHour = offering({ ...TERMS, callingHours: null });
    expect(said(callbackReply(anyHour, '2026-11-25T22:30:00-05:00').actions)).toContain('call you back today at 10:30 PM.');
    const odd = callbackReply(offering(), '2026-11-25T15:22:00-05:00');
    expect(scheduled(odd)).toBe('2026-11-25T20:25:00.000Z');
    expect(said(odd.actions)).toContain('today at 3:25 PM.');
  });

  it('promises at the read-back too', () => {
    const confirming = transition(offering(), {
      type: 'reply',
      understanding: u('accept', { slot: 1 }),
      utterance: 'tuesday',
      open: SLOTS,
    });
    expect(confirming.state.phase).toBe('confirming');
    expect(scheduled(callbackReply(confirming.state, null))).toBe(TERMS.defaultAt);
  });
});

describe('a call that may not call back promises nothing', () => {
  it('lets the candidate go with no promise and no scheduled call back', () => {
    for (const state of [offering(null), transition(initialState(candidate, interview, 6), { type: 'start', open: SLOTS }).state]) {
      const result = callbackReply(state, '2026-11-26T15:00:00-05:00');
      expect(said(result.actions)).toBe("No problem, I'll let you go for now. Thank you, goodbye.");
      expect(scheduled(result)).toBeUndefined();
      expect(outcome(result)).toBe('callback_requested');
    }
  });
});

describe('the whole flow with the local engine', () => {
  it('"can you call me tomorrow after three" is promised for tomorrow at 3 PM and scheduled then', () => {
    const state = offering();
    const heard = new Date(NOW);
    const understanding = understandLocal(understandInputOf(state, 'sorry im driving can you call me tomorrow after three', heard));
    expect(understanding.intent).toBe('callback_later');
    const result = transition(state, { type: 'reply', understanding, utterance: 'x', open: SLOTS, now: heard.toISOString() });
    expect(scheduled(result)).toBe('2026-11-26T20:00:00.000Z');
    expect(said(result.actions)).toBe("No problem, I'll call you back tomorrow at 3 PM. Thank you, goodbye.");
  });

  it('"in twenty minutes" is today, twenty minutes on', () => {
    const state = offering();
    const understanding = understandLocal(understandInputOf(state, 'give me twenty minutes and call back', new Date(NOW)));
    const result = transition(state, { type: 'reply', understanding, utterance: 'x', open: SLOTS, now: NOW });
    expect(scheduled(result)).toBe('2026-11-25T15:20:00.000Z');
    expect(said(result.actions)).toContain('call you back today at 10:20 AM.');
  });

  it('"call me back later" gets the default time', () => {
    const state = offering();
    const understanding = understandLocal(understandInputOf(state, 'call me back later', new Date(NOW)));
    expect(understanding.callbackAt).toBeNull();
    const result = transition(state, { type: 'reply', understanding, utterance: 'x', open: SLOTS, now: NOW });
    expect(scheduled(result)).toBe(TERMS.defaultAt);
  });
});

describe('the stored state keeps the call-back terms', () => {
  const defaults = { interview };

  it('round-trips them, and reads a state stored before campaigns as having none', () => {
    const state = offering();
    const parsed = parseState(JSON.stringify(state), defaults);
    expect(isParseFailure(parsed) ? parsed : parsed.callBack).toEqual(TERMS);
    const { callBack: _dropped, ...old } = state;
    const before = parseState(JSON.stringify(old), defaults);
    expect(isParseFailure(before) ? before : before.callBack).toBeNull();
  });

  it('refuses terms it could not keep', () => {
    const bad = { ...offering(), callBack: { defaultAt: 'soon', callingHours: '8-9' } };
    expect(isParseFailure(parseState(JSON.stringify(bad), defaults))).toBe(true);
  });
});

describe('the whole-call harness counts a call-back promise as kept only where the turn scheduled it', () => {
  const line = "No problem, I'll call you back tomorrow at 3 PM. Thank you, goodbye.";

  it('fails the promise in a turn with no call back scheduled, passes it in one with', () => {
    expect(promisesIn(line)).not.toEqual([]);
    expect(promisesIn(line, { callBack: false })).not.toEqual([]);
    expect(promisesIn(line, { callBack: true })).toEqual([]);
  });

  it('still fails any other promise said beside a kept call back', () => {
    expect(promisesIn(`${line} You will receive a confirmation by email.`, { callBack: true })).not.toEqual([]);
  });
});
