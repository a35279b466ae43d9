import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/core/conversation/state.js';
import { transition } from '../../src/core/conversation/transition.js';
import type { QuestionTopic } from '../../src/core/understanding/types.js';
import { SLOTS, booked, candidate, interview, replyOf, said, slot, started, u } from './helpers.js';

const ask = (topic: QuestionTopic | null, utterance = 'a question') =>
  transition(started(), replyOf(u('question', { topic }), SLOTS, utterance));

describe('questions are answered from what the caller knows', () => {
  it('greets as an automated assistant calling on behalf of the company', () => {
    const greeting = transition(initialState(candidate, interview, 6), { type: 'start', open: SLOTS });
    expect(said(greeting.actions)).toContain('Hello Sam, this is an automated interview scheduling assistant calling on behalf of Acme');
  });

  it('"is this a real person" is answered honestly, then the times are offered again', () => {
    const result = ask('automated', 'is this a real person');
    expect(said(result.actions)).toContain("I'm an automated assistant, calling on behalf of Acme");
    expect(said(result.actions)).toContain('The times I have open are Monday, November 30th at 10 AM');
    expect(result.actions.at(-1)).toEqual({ type: 'gather', dtmf: false });
  });

  it('"is that central time" is answered with the candidate\'s own zone', () => {
    expect(said(ask('timezone').actions)).toContain('The times I give are in Eastern Time, your time zone.');
  });

  it('"how long will it take" and "is it on video" are answered from the interview settings', () => {
    expect(said(ask('duration').actions)).toContain('The interview is a 45-minute video call.');
    const phone = { ...started(), interview: { ...started().interview, minutes: 30, format: 'phone call' } };
    expect(said(transition(phone, replyOf(u('question', { topic: 'format' }))).actions)).toContain('a 30-minute phone call');
  });

  it('"who is this" is answered with the company and the role', () => {
    expect(said(ask('caller').actions)).toContain('on behalf of Acme about your application for the Analyst position');
  });

  it('an unknown question is recorded for the recruiter, and only then said to be passed on', () => {
    for (const topic of ['other', null] as const) {
      const result = ask(topic, '  do you sponsor visas ');
      expect(result.actions).toContainEqual({ type: 'record_question', text: 'do you sponsor visas', topic: 'other' });
      expect(said(result.actions)).toContain("I'll pass your question on to the recruiter.");
    }
  });

  it('asked during a read-back, the answer is followed by the read-back, which a yes still books', () => {
    const confirming = transition(started(), replyOf(u('accept', { slot: 0 }))).state;
    const answered = transition(confirming, replyOf(u('question', { topic: 'duration' })));
    expect(said(answered.actions)).toMatch(/45-minute video call\. Just to confirm: Monday, November 30th at 10 AM/);
    expect(booked(transition(answered.state, replyOf(u('accept'))))).toEqual(slot(0));
  });
});
