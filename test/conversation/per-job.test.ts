import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/core/conversation/state.js';
import { transition } from '../../src/core/conversation/transition.js';
import type { ConversationState, InterviewInput } from '../../src/core/conversation/types.js';
import type { Slot } from '../../src/core/scheduling/slots.js';
import { questionTopic } from '../../src/core/understanding/local/questions.js';
import type { Understanding } from '../../src/core/understanding/types.js';
import { candidate, replyOf, said, u } from './helpers.js';

/** Two slots of a New York job: 2 PM and 4:30 PM Eastern on Tuesday, December 1st. */
const NY_SLOTS: Slot[] = [
  { id: 11, start: '2026-12-01T14:00:00-05:00' },
  { id: 12, start: '2026-12-02T16:30:00-05:00' },
];

const JOB: InterviewInput = {
  minutes: 45,
  format: 'in-person interview',
  location: '12 Main Street',
  description: 'A backend role on the payments team, paying 120 to 140 thousand a year.',
  timezone: 'America/New_York',
  callerName: 'Alex',
};

function startedWith(interview: InterviewInput, zone = 'America/New_York'): { state: ConversationState; text: string } {
  const result = transition(initialState({ ...candidate, timezone: zone }, interview, 6), { type: 'start', open: NY_SLOTS });
  return { state: result.state, text: said(result.actions) };
}

function answer(state: ConversationState, topic: Understanding['topic'], utterance = 'a question'): ReturnType<typeof transition> {
  return transition(state, replyOf(u('question', { topic }), NY_SLOTS, utterance));
}

describe("a job's details on the call", () => {
  it("greets with the job's caller name and company", () => {
    expect(startedWith(JOB).text).toContain(
      'Hello Sam, this is Alex, an automated assistant calling on behalf of Acme about your application for the Analyst position.',
    );
    expect(startedWith({ minutes: 30, format: 'video call' }).text).toContain(
      'this is an automated interview scheduling assistant calling on behalf of Acme',
    );
  });

  it('answers length, format and place from the job, and says the place only when the job has one', () => {
    const { state } = startedWith(JOB);
    expect(said(answer(state, 'duration').actions)).toContain('The interview is a 45-minute in-person interview at 12 Main Street.');
    expect(said(answer(state, 'location').actions)).toContain('The interview is at 12 Main Street.');
    const remote = startedWith({ minutes: 30, format: 'video call' }).state;
    expect(said(answer(remote, 'format').actions)).toContain('The interview is a 30-minute video call.');
    const where = answer(remote, 'location').actions.find((a) => a.type === 'say');
    expect(where).toEqual({ type: 'say', text: 'The interview is a 30-minute video call.' });
    expect(said(answer(remote, 'location').actions)).not.toMatch(/link|invite/);
  });

  it('answers pay and role from the description, and passes them on (recorded under their topic) without one', () => {
    const { state } = startedWith(JOB);
    const told = answer(state, 'pay', 'what does it pay');
    expect(said(told.actions)).toContain(
      'Here is what I can tell you about the role: A backend role on the payments team, paying 120 to 140 thousand a year.',
    );
    expect(told.actions.some((a) => a.type === 'record_question')).toBe(false);
    const bare = startedWith({ minutes: 30, format: 'video call' }).state;
    const passed = answer(bare, 'role', 'what would i be doing');
    expect(passed.actions).toContainEqual({ type: 'record_question', text: 'what would i be doing', topic: 'role' });
    expect(said(passed.actions)).toContain("I'll pass your question on to the recruiter.");
  });
});

describe("slots spoken in the candidate's zone beside the job's", () => {
  it('offers, reads back and books with both zones when the candidate is in Los Angeles', () => {
    const { state, text } = startedWith(JOB, 'America/Los_Angeles');
    expect(text).toContain('Tuesday, December 1st at 2 PM Eastern, 11 AM Pacific your time');
    expect(text).toContain('Wednesday, December 2nd at 4:30 PM Eastern, 1:30 PM Pacific your time');
    const readBack = transition(state, replyOf(u('accept', { slot: 0 }), NY_SLOTS));
    expect(said(readBack.actions)).toBe('Just to confirm: Tuesday, December 1st at 2 PM Eastern, 11 AM Pacific your time. Is that right?');
    const booked = transition(readBack.state, { type: 'booked', slot: { id: 11, start: '2026-12-01T14:00:00-05:00' } });
    expect(said(booked.actions)).toContain('your interview is booked for Tuesday, December 1st at 2 PM Eastern, 11 AM Pacific your time.');
  });

  it("names the candidate's own day when it differs, and one zone when the clocks agree", () => {
    const late: Slot[] = [{ id: 21, start: '2026-12-01T01:00:00-05:00' }];
    const result = transition(initialState({ ...candidate, timezone: 'America/Los_Angeles' }, JOB, 6), { type: 'start', open: late });
    expect(said(result.actions)).toContain('Tuesday, December 1st at 1 AM Eastern, Monday, November 30th at 10 PM Pacific your time');
    const sameClock = startedWith(JOB, 'America/Detroit').text;
    expect(sameClock).toContain('Tuesday, December 1st at 2 PM');
    expect(sameClock).not.toContain('your time');
  });
});

describe('question topics the local engine hears', () => {
  it.each([
    [' where is the interview ', 'location'],
    [' is it in the office ', 'location'],
    [' what is the salary ', 'pay'],
    [' what does it pay ', 'pay'],
    [' can you tell me more about the role ', 'role'],
    [' how long will it take ', 'duration'],
  ])('%s -> %s', (text, topic) => {
    expect(questionTopic(text)).toBe(topic);
  });
});
