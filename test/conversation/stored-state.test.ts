import { describe, expect, it } from 'vitest';
import { isParseFailure, parseState, unreadableStateEnding } from '../../src/core/conversation/state.js';
import { transition } from '../../src/core/conversation/transition.js';
import type { ConversationState } from '../../src/core/conversation/types.js';
import { SLOTS, booked, candidate, interview, replyOf, said, slot, started, u } from './helpers.js';

/** A state as version 1 stored it during a read-back: no version, interview or history; only the pending slot offered. */
const V1_CONFIRMING = JSON.stringify({
  phase: 'confirming',
  candidate,
  maxTurns: 6,
  turns: 1,
  offered: [slot(1)],
  pending: slot(1),
  silences: 0,
  misses: 0,
  dtmf: false,
});

const defaults = { interview: { minutes: 30, format: 'phone call' } };

function parsed(json: string): ConversationState {
  const result = parseState(json, defaults);
  if (isParseFailure(result)) throw new Error(result.message);
  return result;
}

describe('the stored conversation state', () => {
  it('reads back what it stored', () => {
    const state = transition(started(), replyOf(u('accept', { slot: 2 }), SLOTS, 'wednesday please')).state;
    expect(parsed(JSON.stringify(state))).toEqual(state);
  });

  it('upgrades a version-1 read-back, with the interview from the settings, and a turn on it books the pending slot', () => {
    const state = parsed(V1_CONFIRMING);
    expect(state).toMatchObject({ version: 2, phase: 'confirming', pending: slot(1), interview: defaults.interview, recent: [] });
    expect(booked(transition(state, replyOf(u('accept'))))).toEqual(slot(1));
  });

  it('answers a duration question on an upgraded state from the settings passed in', () => {
    const result = transition(parsed(V1_CONFIRMING), replyOf(u('question', { topic: 'duration' })));
    expect(said(result.actions)).toContain('The interview is a 30-minute phone call.');
  });

  it('upgrades a version-1 offer and keeps the offered slots', () => {
    const v1 = { ...JSON.parse(V1_CONFIRMING), phase: 'offering', pending: null, offered: SLOTS };
    expect(parsed(JSON.stringify(v1)).offered).toEqual(SLOTS);
  });

  it("keeps a version-2 state's own interview rather than the settings", () => {
    const state = started();
    expect(parsed(JSON.stringify(state)).interview).toEqual({
      ...interview,
      location: null,
      description: null,
      timezone: null,
      callerName: null,
    });
  });

  it('fails clearly on text that is not JSON, a state missing fields, or a read-back without its slot', () => {
    expect(parseState('{"phase":', defaults)).toMatchObject({ failure: 'corrupt' });
    expect(parseState('null', defaults)).toMatchObject({ failure: 'corrupt' });
    const noCandidate = Object.fromEntries(Object.entries(started()).filter(([key]) => key !== 'candidate'));
    expect(parseState(JSON.stringify(noCandidate), defaults)).toMatchObject({
      failure: 'corrupt',
      message: expect.stringContaining('candidate'),
    });
    const noPending = { ...JSON.parse(V1_CONFIRMING), pending: null };
    expect(parseState(JSON.stringify(noPending), defaults)).toMatchObject({ failure: 'corrupt' });
    const badZone = { ...started(), candidate: { ...candidate, timezone: 'Mars/Olympus' } };
    expect(parseState(JSON.stringify(badZone), defaults)).toMatchObject({ failure: 'corrupt' });
  });

  it('fails on a version it does not know, without guessing', () => {
    expect(parseState(JSON.stringify({ ...started(), version: 3 }), defaults)).toEqual({
      failure: 'unknown_version',
      message: 'stored state has version 3',
    });
  });

  it('keeps personal values out of the failure message', () => {
    const broken = { ...started(), candidate: { ...candidate, email: 42 } };
    const result = parseState(JSON.stringify(broken), defaults);
    expect(isParseFailure(result) && result.message).toContain('candidate.email');
    expect(JSON.stringify(result)).not.toContain('Sam');
  });

  it('ends a call with an unreadable state politely, as a failed call', () => {
    const actions = unreadableStateEnding();
    expect(said(actions)).toBe("We're sorry, something went wrong on our side. Goodbye.");
    expect(actions).toContainEqual({ type: 'end', status: 'failed', outcome: 'error' });
    expect(actions.at(-1)).toEqual({ type: 'hangup' });
  });
});
