import { describe, expect, it } from 'vitest';
import { createLocalUnderstander, understandLocal } from '../../src/core/understanding/local/index.js';
import { FOUR, NOW, TZ, four, none, one } from './helpers.js';

describe('local engine: prototype regressions', () => {
  it('"I\'m not available" is not a yes', () => {
    expect(one("I'm not available").intent).toBe('decline');
    expect(four("I'm not available.").intent).toBe('decline');
  });
  it('"Yes, Thursday at 3 works" accepts Thursday (index 3), never Monday', () => {
    const u = four('Yes, Thursday at 3 works');
    expect(u).toMatchObject({ intent: 'accept', slot: 3, time: '15:00', date: '2026-12-03', engine: 'local' });
  });
});

describe('local engine: naming an offered slot', () => {
  it.each([
    ["the two o'clock", 1, '14:00', null],
    ['the second one', 1, null, null],
    ['uh the last one please', 3, null, null],
    ["Thursday's fine", 3, null, '2026-12-03'],
    ['monday works', 0, null, '2026-11-30'],
    ['wednesday at eleven am', 2, '11:00', '2026-12-02'],
    ['ten o clock', 0, '10:00', null],
    ['the ten one', 0, '10:00', null],
    ['option three please', 2, null, null],
  ])('%s -> slot %i', (utt, slot, time, date) => {
    expect(four(utt)).toMatchObject({ intent: 'accept', slot, time, date });
  });
});

describe('local engine: negation and several slots', () => {
  it.each([
    ["monday doesn't work but thursday at three is fine", 3],
    ["monday doesn't work but thursday's fine", 3],
    ['not monday thursday is better', 3],
    ['i cant do tuesday but wednesday works', 2],
    ['monday is no good how about thursday', 3],
    ['monday or tuesday both work, tuesday is better', 1],
    ['either wednesday or monday but i prefer monday', 0],
  ])('%s -> slot %i', (utt, slot) => {
    expect(four(utt)).toMatchObject({ intent: 'accept', slot });
  });
  it('only negated slots is a decline, with the named date still reported', () => {
    expect(four("I can't do tuesday")).toMatchObject({ intent: 'decline', slot: null, date: '2026-12-01' });
    expect(four('not monday').intent).toBe('decline');
    expect(four("i can't do monday or tuesday").intent).toBe('decline');
  });
  it('two slots with no preference accept without choosing', () => {
    expect(four('monday or tuesday')).toMatchObject({ intent: 'accept', slot: null });
  });
});

describe('local engine: fillers and hesitations', () => {
  it.each([
    ['uh um thursday i guess', 3],
    ['like the the two oclock one you know', 1],
    ['so uh wednesday wednesday works', 2],
    ['um, you know, the, uh, first one', 0],
  ])('%s -> slot %i', (utt, slot) => {
    expect(four(utt)).toMatchObject({ intent: 'accept', slot });
  });
});

describe('local engine: read-back yes / no and bare yes', () => {
  it.each(['yes', 'Yeah, that works.', 'yep sounds good', 'sure', 'uh huh', 'mm hmm', 'perfect', 'yes please go ahead'])(
    '%s accepts the one slot',
    (utt) => {
      expect(one(utt)).toMatchObject({ intent: 'accept', slot: 0 });
    },
  );
  it.each(['no', 'nope', 'no that does not work', 'sorry I cant'])('%s declines the read-back', (utt) => {
    expect(one(utt).intent).toBe('decline');
  });
  it('a bare yes to several slots is accept with no slot', () => {
    expect(four('yes')).toMatchObject({ intent: 'accept', slot: null });
    expect(four('sure')).toMatchObject({ intent: 'accept', slot: null });
  });
});

describe('local engine: spoken times', () => {
  const t = (u: string): string | null => none(`how about ${u}`).time;
  it.each([
    ['two', '14:00'],
    ['2', '14:00'],
    ['two thirty', '14:30'],
    ['quarter past two', '14:15'],
    ['half past three', '15:30'],
    ['quarter to four', '15:45'],
    ['noon', '12:00'],
    ['17:30', '17:30'],
    ['5 in the evening', '17:00'],
    ['10 a m', '10:00'],
    ["ten o'clock", '10:00'],
    ['2 pm', '14:00'],
    ['2pm', '14:00'],
    ['10:30am', '10:30'],
    ['twelve', '12:00'],
    ['midnight', '00:00'],
    ['seven', '07:00'],
    ['eleven fifteen', '11:15'],
    ['two forty five', '14:45'],
    ['nine oh five', '09:05'],
    ['12 am', '00:00'],
    ['ten to five', '16:50'],
    ['3 in the afternoon', '15:00'],
    ['9 at night', '21:00'],
  ])('%s -> %s', (u, hhmm) => {
    expect(t(u)).toBe(hhmm);
  });
  it('recogniser slips: to/too for two, for for four', () => {
    expect(none('at to thirty').time).toBe('14:30');
    expect(none('for pm').time).toBe('16:00');
    expect(none('tuesday at too').time).toBe('14:00');
    expect(none('at for').time).toBe('16:00');
  });
  it('"morning" alone is no clock time; counts are not times', () => {
    expect(none('tomorrow morning').time).toBeNull();
    expect(none('a table for 2 people').time).toBeNull();
    expect(none('call me in 2 hours').time).toBeNull();
    expect(none('i want to go').time).toBeNull();
  });
});

describe('local engine: relative dates (now = Wednesday 2026-11-25)', () => {
  const d = (u: string): string | null => none(u).date;
  it.each([
    ['tomorrow', '2026-11-26'],
    ['today', '2026-11-25'],
    ['the day after tomorrow', '2026-11-27'],
    ['next wednesday', '2026-12-02'],
    ['this friday', '2026-11-27'],
    ['friday', '2026-11-27'],
    ['next friday', '2026-12-04'],
    ['the 9th', '2026-12-09'],
    ['the 30th', '2026-11-30'],
    ['march 9th', '2027-03-09'],
    ['the 9th of march', '2027-03-09'],
    ['december 2nd', '2026-12-02'],
    ['thursday next week', '2026-12-03'],
    ['in 3 days', '2026-11-28'],
    ['wednesday', '2026-12-02'],
  ])('%s -> %s', (u, iso) => {
    expect(d(u)).toBe(iso);
  });
  it('a date or time not offered is propose_time', () => {
    expect(four('can we do friday at 2')).toMatchObject({ intent: 'propose_time', slot: null, time: '14:00', date: '2026-11-27' });
    expect(four('thursday at four')).toMatchObject({ intent: 'propose_time', time: '16:00', date: '2026-12-03' });
    expect(one('could it be at 3 instead')).toMatchObject({ intent: 'propose_time', time: '15:00' });
  });
});

describe('local engine: other intents', () => {
  it.each([
    [
      'opt_out',
      ['stop calling me', 'take me off your list', "don't call again", 'remove my number', 'please put me on your do not call list'],
    ],
    ['wrong_person', ['wrong number', "there's no alex here", 'you have the wrong person', 'nobody by that name lives here']],
    ['callback_later', ['call me back in an hour', "i'm driving right now", 'can you call later', 'not a good time']],
    ['question', ["what's the salary", 'is it remote', 'who is this', 'what company']],
    ['goodbye', ['thanks bye', 'okay goodbye', 'thank you have a nice day']],
    ['request_alternatives', ['any other times', 'none of those work do you have something else', 'what else do you have']],
    ['decline', ["i'm not interested anymore", 'i took another job', 'no thanks']],
    ['unclear', ['huh', 'sorry can you repeat that', '']],
  ] as const)('%s', (intent, utts) => {
    for (const u of utts) expect(four(u).intent, u).toBe(intent);
  });
  it('what was asked comes from the state: a plain no declines a read-back, a yes accepts an offer', () => {
    expect(one('no').intent).toBe('decline');
    expect(none('yes').intent).toBe('accept');
    expect(four('no thank you bye').intent).toBe('goodbye');
  });
});

describe('local engine: contract', () => {
  it('returns engine local, confidence in [0,1], slot only on accept', () => {
    for (const u of ['yes', 'no', 'monday', 'friday at 2', 'stop calling', '???']) {
      const r = four(u);
      expect(r.engine).toBe('local');
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
      if (r.intent !== 'accept') expect(r.slot).toBeNull();
    }
  });
  it('parses slot labels when start is missing', () => {
    const offered = FOUR.map((s) => ({ label: s.label }));
    expect(understandLocal({ utterance: 'the two pm', offered, now: NOW, timezone: TZ })).toMatchObject({ intent: 'accept', slot: 1 });
  });
  it('the async wrapper is named local', async () => {
    const u = createLocalUnderstander();
    expect(u.name).toBe('local');
    await expect(u.understand({ utterance: 'thursday', offered: FOUR, now: NOW, timezone: TZ })).resolves.toMatchObject({ slot: 3 });
  });
});
