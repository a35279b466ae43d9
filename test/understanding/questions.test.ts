/** Questions carry a topic, so the caller can answer what it knows and pass the rest on. */
import { describe, expect, it } from 'vitest';
import { choice, confirm } from './helpers.js';

describe('question topics', () => {
  it.each([
    ['am i talking to a real human', 'automated'],
    ['wait is this a robot', 'automated'],
    ['is this an automated call', 'automated'],
    ['is that eastern time', 'timezone'],
    ['what time zone is that in', 'timezone'],
    ['how long is the interview going to be', 'duration'],
    ['how much time should i set aside', 'duration'],
    ['will it be over zoom', 'format'],
    ['is the interview in person', 'format'],
    ['sorry who is calling', 'caller'],
    ['what company is this', 'caller'],
    ['what is this regarding', 'caller'],
    ['what is the salary', 'pay'],
    ['is there parking at the office', 'other'],
    ['hang on am i speaking to a machine', 'automated'],
    ['wait am i talking to a bot', 'automated'],
    ['is that uk time', 'timezone'],
    ['is that new york time', 'timezone'],
  ])('%s -> %s', (u, topic) => {
    const r = choice(u);
    expect(r.intent).toBe('question');
    expect(r.topic).toBe(topic);
  });
  it('a question at a read-back keeps its topic', () => {
    expect(confirm('is that pacific time')).toMatchObject({ intent: 'question', topic: 'timezone' });
  });
  it('a reply that is not a question has no topic', () => {
    expect(choice('monday works').topic ?? null).toBeNull();
  });
});

describe('a question with a time given as its reason is a question', () => {
  it.each([
    ['how long will it take i got a shift at two', 'duration'],
    ['how long is it cause i have class at three', 'duration'],
    ['is it on zoom because i finish work at four', 'format'],
  ])('%s -> %s', (u, topic) => {
    expect(choice(u)).toMatchObject({ intent: 'question', topic, time: null });
  });
  it('a question that asks for a time still names it', () => {
    expect(choice('what about two')).toMatchObject({ intent: 'accept', slot: 1, time: '14:00' });
    expect(choice('how about six')).toMatchObject({ intent: 'propose_time', time: '18:00' });
  });
});

describe('a question whose words run into "that is it" asks, it does not close the call', () => {
  it.each(['what time zone is that is it helsinki time', 'what time zone is that is it eastern', 'which time zone is that is it mine'])(
    '%s',
    (u) => {
      expect(choice(u).intent).toBe('question');
    },
  );
  it('"that is it, bye" still closes', () => {
    expect(choice('no that is it bye').intent).toBe('goodbye');
  });
});

describe('getting ready for the interview is passed on, whatever format it names', () => {
  it.each([
    'do i need to bring anything or have anything ready for the video call',
    'what should i wear for the in person interview',
    'do i have to download anything for the zoom',
  ])('%s -> other', (u) => {
    expect(choice(u)).toMatchObject({ intent: 'question', topic: 'other' });
  });
  it('a question about the format itself keeps its topic', () => {
    expect(choice('is it a video call or in person').topic).toBe('format');
  });
});
