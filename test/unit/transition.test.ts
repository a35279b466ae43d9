import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/core/conversation/state.js';
import { transition } from '../../src/core/conversation/transition.js';
import type { Action, ConversationState } from '../../src/core/conversation/types.js';
import type { Slot } from '../../src/core/scheduling/slots.js';
import type { Intent, Understanding } from '../../src/core/understanding/types.js';

const SLOTS: Slot[] = [
  { id: 1, start: '2026-11-30T10:00:00-05:00' },
  { id: 2, start: '2026-12-01T14:00:00-05:00' },
  { id: 3, start: '2026-12-02T11:00:00-05:00' },
  { id: 4, start: '2026-12-03T15:00:00-05:00' },
];
const candidate = { name: 'Sam', email: 'sam@example.com', position: 'Analyst', company: 'Acme', timezone: 'America/New_York' };
const interview = { minutes: 45, format: 'video call' };

const u = (intent: Intent, extra: Partial<Understanding> = {}): Understanding => ({
  intent,
  slot: null,
  time: null,
  date: null,
  confidence: 0.9,
  engine: 'local',
  ...extra,
});
const said = (actions: Action[]) => actions.flatMap((a) => (a.type === 'say' ? [a.text] : [])).join(' ');
const started = (): ConversationState => transition(initialState(candidate, interview, 6), { type: 'start', open: SLOTS }).state;

describe('transition (pure conversation machine)', () => {
  it('greets by name, company and position and offers every open slot with weekday and date', () => {
    const { state, actions } = transition(initialState(candidate, interview, 6), { type: 'start', open: SLOTS });
    expect(said(actions)).toContain('Hello Sam');
    expect(said(actions)).toContain('Acme');
    expect(said(actions)).toContain('Monday, November 30th at 10 AM');
    expect(state.offered.map((s) => s.id)).toEqual([1, 2, 3, 4]);
    expect(actions.at(-1)).toEqual({ type: 'gather', dtmf: false });
  });

  it('reads a chosen slot back, then books it on a yes naming it', () => {
    const chosen = transition(started(), { type: 'reply', utterance: 'words', understanding: u('accept', { slot: 3 }), open: SLOTS });
    expect(chosen.state.phase).toBe('confirming');
    expect(said(chosen.actions)).toContain('Just to confirm: Thursday, December 3rd at 3 PM Eastern Time');
    const yes = transition(chosen.state, { type: 'reply', utterance: 'words', understanding: u('accept', { slot: 3 }), open: SLOTS });
    expect(yes.actions).toContainEqual({ type: 'book', slot: SLOTS[3] });
    const booked = transition(yes.state, { type: 'booked', slot: SLOTS[3]! });
    expect(booked.actions).toContainEqual({ type: 'end', status: 'completed', outcome: 'scheduled', slot: SLOTS[3] });
  });

  it('offers the next open slots to the candidate who lost the race for a slot', () => {
    const chosen = transition(started(), { type: 'reply', utterance: 'words', understanding: u('accept', { slot: 0 }), open: SLOTS });
    const lost = transition(chosen.state, { type: 'slot_taken', slot: SLOTS[0]!, open: SLOTS.slice(1) });
    expect(said(lost.actions)).toContain('was just taken');
    expect(lost.state.offered.map((s) => s.id)).toEqual([2, 3, 4]);
    expect(lost.state.phase).toBe('offering');
  });

  it('a proposed open time is read back; a taken one gets the nearest open slots', () => {
    const open = transition(started(), {
      type: 'reply',
      utterance: 'words',
      understanding: u('propose_time', { date: '2026-12-02', time: '11:00' }),
      open: SLOTS,
    });
    expect(open.state.pending?.id).toBe(3);
    const closed = transition(started(), {
      type: 'reply',
      utterance: 'words',
      understanding: u('propose_time', { date: '2026-12-01', time: '16:00' }),
      open: SLOTS,
    });
    expect(said(closed.actions)).toContain('Tuesday, December 1st at 4 PM is not available');
    expect(closed.state.offered[0]?.id).toBe(2);
  });

  it('switches the keypad on after two misses in a row, and ends on the third silence', () => {
    let state = started();
    state = transition(state, { type: 'silence', open: SLOTS }).state;
    expect(state.dtmf).toBe(false);
    const second = transition(state, { type: 'reply', utterance: 'words', understanding: u('unclear'), open: SLOTS });
    expect(second.state.dtmf).toBe(true);
    expect(second.actions.at(-1)).toEqual({ type: 'gather', dtmf: true });
    expect(said(second.actions)).toContain('press 1 for Monday');
    let s = started();
    for (let i = 0; i < 2; i++) s = transition(s, { type: 'silence', open: SLOTS }).state;
    const third = transition(s, { type: 'silence', open: SLOTS });
    expect(third.actions).toContainEqual({ type: 'end', status: 'failed', outcome: 'no_response' });
  });

  it('ends at MAX_TURNS unless that turn books', () => {
    let s = transition(initialState(candidate, interview, 2), { type: 'start', open: SLOTS }).state;
    s = transition(s, { type: 'reply', utterance: 'words', understanding: u('accept', { slot: 1 }), open: SLOTS }).state;
    const last = transition(s, { type: 'reply', utterance: 'words', understanding: u('accept'), open: SLOTS });
    expect(last.actions.some((a) => a.type === 'book')).toBe(true);
    let t = transition(initialState(candidate, interview, 2), { type: 'start', open: SLOTS }).state;
    t = transition(t, { type: 'reply', utterance: 'words', understanding: u('question'), open: SLOTS }).state;
    const end = transition(t, { type: 'reply', utterance: 'words', understanding: u('unclear'), open: SLOTS });
    expect(end.actions).toContainEqual({ type: 'end', status: 'failed', outcome: 'max_turns' });
    expect(said(end.actions)).toContain('trouble scheduling over the phone');
    expect(said(end.actions)).not.toContain('email');
  });

  it('an opt-out asks for the do-not-call entry; an ended call only hangs up', () => {
    const out = transition(started(), { type: 'reply', utterance: 'words', understanding: u('opt_out'), open: SLOTS });
    expect(out.actions[0]).toEqual({ type: 'opt_out' });
    expect(transition(out.state, { type: 'silence', open: SLOTS }).actions).toEqual([{ type: 'hangup' }]);
  });
});
