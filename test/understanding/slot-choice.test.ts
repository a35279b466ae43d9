/** Choosing among offered slots: polarity, comparatives, "next <day>", proposals after a refusal. */
import { describe, expect, it } from 'vitest';
import { understandLocal } from '../../src/core/understanding/local/index.js';
import { choice, confirm, FOUR, four, ONE } from './helpers.js';

const OFFER =
  'The times I have open are Monday, November 30th at 10 AM; Tuesday, December 1st at 2 PM; Wednesday, December 2nd at 11 AM; or ' +
  'Thursday, December 3rd at 3 PM. Which of these works best for you?';
const ask = (u: string) => choice(u);
const two = (u: string) => choice(u, [FOUR[2]!, FOUR[3]!]);
const readBack = (u: string) => confirm(u, 0, ONE);

describe('slot polarity', () => {
  it('"not busy" does not refuse the day after it', () => {
    expect(four("i'm not busy tuesday works").intent).toBe('accept');
    expect(four("i'm not busy tuesday works").slot).toBe(1);
    expect(four('never busy on wednesdays so wednesday is good').slot).toBe(2);
  });
  it('a plain "busy <day>" still refuses it', () => {
    expect(four("i'm busy tuesday").intent).toBe('decline');
  });
  it('"no <day> was what i wanted" corrects a read-back instead of refusing the day', () => {
    const r = readBack('wait no wednesday was what i wanted');
    expect(r.intent).toBe('propose_time');
    expect(r.date).toBe('2026-12-02');
    expect(readBack('no thursday is the one i said').intent).toBe('propose_time');
  });
  it('"no <day>" alone after a read-back is still a refusal of it', () => {
    expect(readBack('wait no not wednesday').intent).not.toBe('propose_time');
  });
  it('"push the friday one to three" proposes 3 PM; "can i do it by phone" is a question', () => {
    const r = four('can we push the thursday one to four');
    expect(r.intent).toBe('propose_time');
    expect(r.time).toBe('16:00');
    expect(four('can i do it by phone').intent).toBe('question');
    expect(four('could we do it over zoom instead').intent).toBe('question');
  });
});

describe('"next <day>" is that day of next week', () => {
  // Thursday Dec 3 is offered; now is Wed Nov 25, so next thursday (week of Nov 30) is the offered one
  it('next thursday = the offered thursday of next week', () => {
    const r = four('next thursday works');
    expect(r.slot).toBe(3);
  });
  it('next friday from a week that has an offered friday is the friday after it', () => {
    const r = understandLocal({
      utterance: 'i could do next friday at nine thirty',
      offered: [
        { label: 'Thursday, October 14th at 2 PM', start: '2027-10-14T14:00:00-06:00' },
        { label: 'Friday, October 15th at 9:30 AM', start: '2027-10-15T09:30:00-06:00' },
      ],
      now: '2027-10-13T11:00:00-06:00',
      timezone: 'America/Denver',
    });
    expect(r.intent).toBe('propose_time');
    expect(r.date).toBe('2027-10-22');
  });
  it('a bare friday is still the offered friday', () => {
    const r = understandLocal({
      utterance: 'friday at nine thirty works',
      offered: [{ label: 'Friday, October 15th at 9:30 AM', start: '2027-10-15T09:30:00-06:00' }],
      now: '2027-10-13T11:00:00-06:00',
      timezone: 'America/Denver',
    });
    expect(r.slot).toBe(0);
  });
});

describe('"the earlier / later one" picks one of two slots', () => {
  it.each([
    ['the later one', 1],
    ['the earlier one please', 0],
    ['i will take the later slot', 1],
    ['the earlier of the two', 0],
  ])('%s', (u, slot) => {
    const r = two(u);
    expect(r.intent).toBe('accept');
    expect(r.slot).toBe(slot);
  });
  it('"later" as a time is still a callback or a request', () => {
    expect(two('call me later').intent).toBe('callback_later');
    expect(two('do you have a later one').intent).toBe('request_alternatives');
    expect(four('is there a later time on tuesday', OFFER).intent).toBe('request_alternatives');
  });
});

describe('"neither" + a new time is a proposal', () => {
  it.each(['neither i could do friday at ten though', 'none of those we can manage saturday morning at nine'])('%s', (u) => {
    expect(two(u).intent).toBe('propose_time');
  });
  it('a refusal without a time is not a proposal; refused days stay refused', () => {
    expect(['decline', 'request_alternatives']).toContain(two('neither of those sorry').intent);
    expect(two('neither wednesday nor thursday').intent).not.toBe('accept');
  });
});

describe('"any <day> slots?" about a day not offered', () => {
  it.each([
    ['are there any saturday slots', '2026-11-28'],
    ['do you have anything friday', '2026-11-27'],
    ['have you got any sunday openings', '2026-11-29'],
  ])('%s', (u, date) => {
    const r = four(u, OFFER);
    expect(r.intent).toBe('request_alternatives');
    expect(r.date).toBe(date);
  });
  it.each(['could we do saturday at ten', 'saturday at nine would suit me', 'is there any way to do saturday at one'])(
    'a proposal stays a proposal: %s',
    (u) => {
      expect(four(u, OFFER).intent).toBe('propose_time');
    },
  );
});

describe('"at X not Y": the first time is the one wanted', () => {
  it.each([
    ['monday would work but at four not one', '16:00', '2026-11-30'],
    ['tuesday but at five not two', '17:00', '2026-12-01'],
    ['thursday at ten not three', '10:00', '2026-12-03'],
  ])('%s', (u, time, date) => {
    const r = ask(u);
    expect(r.intent).toBe('propose_time');
    expect(r.time).toBe(time);
    expect(r.date).toBe(date);
  });
  it('an offered time first is accepted: wednesday yes at eleven not twelve', () => {
    const r = ask('wednesday yes at eleven not twelve');
    expect(r.intent).toBe('accept');
    expect(r.slot).toBe(2);
  });
});

describe('a bare hour after "the" at the end of the reply names a slot', () => {
  it.each([
    ['i will take the ten', 0],
    ['the eleven', 2],
    ['the 3', 3],
  ])('%s', (u, slot) => {
    expect(choice(u)).toMatchObject({ intent: 'accept', slot });
  });
});
