import { describe, expect, it } from 'vitest';
import { transition } from '../../src/core/conversation/transition.js';
import type { ConversationState } from '../../src/core/conversation/types.js';
import { understandInputOf } from '../../src/core/conversation/understand-input.js';
import type { Slot } from '../../src/core/scheduling/slots.js';
import { understandLocal } from '../../src/core/understanding/local/index.js';
import { SLOTS, booked, replyOf, said, slot, started, u } from './helpers.js';

/** The read-back of Tuesday at 2 PM (slot index 1), after the four slots were offered. */
function readingBackTuesday(): ConversationState {
  return transition(started(), replyOf(u('accept', { slot: 1 }))).state;
}

describe('a read-back books only a clean yes', () => {
  it('keeps the offered slots on the table while reading one back', () => {
    const state = readingBackTuesday();
    expect(state.phase).toBe('confirming');
    expect(state.pending).toEqual(slot(1));
    expect(state.offered.map((s) => s.id)).toEqual([1, 2, 3, 4]);
  });

  it('books the pending slot on a yes that names no slot', () => {
    expect(booked(transition(readingBackTuesday(), replyOf(u('accept'))))).toEqual(slot(1));
  });

  it("books the pending slot on a yes that names the pending slot's index", () => {
    expect(booked(transition(readingBackTuesday(), replyOf(u('accept', { slot: 1 }))))).toEqual(slot(1));
  });

  it('reads another offered slot back on "yes, but the other one", booking nothing', () => {
    const result = transition(readingBackTuesday(), replyOf(u('accept', { slot: 2 })));
    expect(booked(result)).toBeUndefined();
    expect(result.state.pending).toEqual(slot(2));
    expect(said(result.actions)).toContain('Just to confirm: Wednesday, December 2nd at 11 AM');
  });

  it('reads back the time named in "yes, although could we do the eleven instead", booking nothing', () => {
    const result = transition(readingBackTuesday(), replyOf(u('accept', { time: '11:00' })));
    expect(booked(result)).toBeUndefined();
    expect(result.state.pending).toEqual(slot(2));
  });

  it('books a yes that repeats the pending day and time', () => {
    const result = transition(readingBackTuesday(), replyOf(u('accept', { date: '2026-12-01', time: '14:00' })));
    expect(booked(result)).toEqual(slot(1));
  });

  it('reads back the slot of "no, make it Thursday" (a proposed date and time)', () => {
    const result = transition(readingBackTuesday(), replyOf(u('propose_time', { date: '2026-12-03' })));
    expect(booked(result)).toBeUndefined();
    expect(result.state.pending).toEqual(slot(3));
    expect(said(result.actions)).toContain('Just to confirm: Thursday, December 3rd at 3 PM');
  });

  it('offers the nearest open slots for a proposed time that is not open', () => {
    const result = transition(readingBackTuesday(), replyOf(u('propose_time', { date: '2026-12-01', time: '09:00' })));
    expect(booked(result)).toBeUndefined();
    expect(result.state.phase).toBe('offering');
    expect(said(result.actions)).toContain("I'm sorry, Tuesday, December 1st at 9 AM is not available.");
  });

  it('re-offers the other slots on a no, the turned-down one left out', () => {
    const result = transition(readingBackTuesday(), replyOf(u('decline')));
    expect(booked(result)).toBeUndefined();
    expect(result.state.phase).toBe('offering');
    expect(result.state.offered.map((s) => s.id)).toEqual([1, 3, 4]);
  });

  it('ends the call as declined when the reply turns the interview itself down, not only the slot', () => {
    const result = transition(readingBackTuesday(), replyOf({ ...u('decline'), declinesInterview: true }));
    expect(booked(result)).toBeUndefined();
    expect(result.state.phase).toBe('ended');
    expect(result.actions).toContainEqual(expect.objectContaining({ type: 'end', outcome: 'declined' }));
  });

  it('books on keypad 1 and re-offers on keypad 2', () => {
    const state = readingBackTuesday();
    expect(booked(transition(state, { type: 'digits', digits: '1', open: SLOTS }))).toEqual(slot(1));
    const no = transition(state, { type: 'digits', digits: '2', open: SLOTS });
    expect(booked(no)).toBeUndefined();
    expect(no.state.offered.map((s) => s.id)).toEqual([1, 3, 4]);
  });

  it('treats a yes naming an index past the offered slots as not understood', () => {
    const result = transition(readingBackTuesday(), replyOf(u('accept', { slot: 9 })));
    expect(booked(result)).toBeUndefined();
    expect(said(result.actions)).toContain("I didn't quite catch that");
    expect(result.state.pending).toEqual(slot(1));
  });

  it('says a chosen slot taken meanwhile is gone and offers the rest', () => {
    const open = SLOTS.filter((s) => s.id !== 3);
    const result = transition(readingBackTuesday(), replyOf(u('accept', { slot: 2 }), open));
    expect(said(result.actions)).toContain('Wednesday, December 2nd at 11 AM was just taken');
    expect(result.state.phase).toBe('offering');
    expect(result.state.pending).toBeNull();
  });
});

describe('a read-back, the engine and the machine together', () => {
  /** Four slots offered, and this Friday at 10 AM open but not offered. */
  const OPEN: Slot[] = [...SLOTS, { id: 5, start: '2026-11-27T10:00:00-05:00' }];
  const NOW = new Date('2026-11-25T15:00:00-05:00');
  const hear = (state: ConversationState, utterance: string) =>
    transition(state, replyOf(understandLocal(understandInputOf(state, utterance, NOW)), OPEN, utterance));
  const readingBackThursday = () => hear(started(OPEN), 'thursday at three').state;

  it('"yeah nah" books nothing and offers the others', () => {
    const result = hear(readingBackThursday(), 'yeah nah');
    expect(booked(result)).toBeUndefined();
    expect(result.state.phase).toBe('offering');
  });
  it('"sim" books the slot read back', () => {
    expect(booked(hear(readingBackThursday(), 'sim'))?.id).toBe(4);
  });
  it('"no, not that one, actually friday morning" reads back friday, open but not offered', () => {
    const result = hear(readingBackThursday(), 'hmm no not that one actually friday morning');
    expect(booked(result)).toBeUndefined();
    expect(result.state.pending?.id).toBe(5);
    expect(said(result.actions)).toContain('Just to confirm: Friday, November 27th at 10 AM');
  });
  it('"no, that one is too late, monday at ten then" reads back monday', () => {
    const result = hear(readingBackThursday(), 'no that thursday is too late monday at ten then');
    expect(result.state.pending?.id).toBe(1);
  });
});

describe('a day or time refused at the offer is not the interview refused', () => {
  it('"monday doesn\'t work" offers the open slots other than monday, ending nothing', () => {
    const result = transition(started(), replyOf(u('decline', { date: '2026-11-30' })));
    expect(result.state.phase).toBe('offering');
    expect(result.state.offered.map((s) => s.id)).toEqual([2, 3, 4]);
    expect(said(result.actions)).toContain('No problem.');
  });
  it('a plain "no thanks" at the offer still ends the call as declined', () => {
    const result = transition(started(), replyOf(u('decline')));
    expect(result.actions).toContainEqual(expect.objectContaining({ type: 'end', outcome: 'declined' }));
  });
  it('a reply that turns the interview down ends the call, whatever day it names', () => {
    const result = transition(started(), replyOf({ ...u('decline', { date: '2026-11-30' }), declinesInterview: true }));
    expect(result.actions).toContainEqual(expect.objectContaining({ type: 'end', outcome: 'declined' }));
  });
});
