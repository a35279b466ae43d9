/**
 * Questions about the job (its hours, shifts, remote days) are the recruiter's, not the interview's length or format;
 * a zone named by country, city or adjective is a zone question; "who did you say is calling" asks who calls; "ja",
 * "yebo" and Singlish "can" say yes.
 */
import { describe, expect, it } from 'vitest';
import { choice, confirm } from './helpers.js';

describe('a question about the job is not about the interview', () => {
  it.each([
    'is the position part time or full time',
    'how many hours a week does the role need',
    'would i be doing weekend shifts',
    'how long are the shifts',
    'are there remote days or is it all in the office',
  ])('%s', (u) => {
    const r = choice(u);
    expect(r.intent).toBe('question');
    expect(['other', 'role']).toContain(r.topic);
  });
  it.each([
    ['how long is the interview', 'duration'],
    ['is the interview on video', 'format'],
  ])('the interview’s own: %s', (u, topic) => {
    expect(choice(u).topic).toBe(topic);
  });
});

describe('a zone named by a country, a city or an adjective', () => {
  it.each(['are these times kenyan time', 'that one manila time right', 'is it australian time or yours', 'is that lagos time'])(
    '%s',
    (u) => {
      const r = choice(u);
      expect(r.intent).toBe('question');
      expect(r.topic).toBe('timezone');
    },
  );
});

describe('who is calling', () => {
  it.each(['sorry who did you say was calling', "who's calling again", 'sorry who is this again'])('%s', (u) => {
    const r = choice(u);
    expect(r.intent).toBe('question');
    expect(r.topic).toBe('caller');
  });
});

describe('regional yeses at a read-back', () => {
  it.each(['ja', 'ja ja that is fine', 'yebo', 'ok can', 'can lah', 'can'])('%s', (u) => {
    const r = confirm(u);
    expect(r.intent).toBe('accept');
    expect(r.slot).toBe(1);
  });
  it('"can i ask something first" is not a yes', () => {
    expect(confirm('can i ask something first').intent).not.toBe('accept');
  });
});
