import { DateTime } from 'luxon';
import { clockPhrase, dayPhrase, spokenClock, spokenDay, spokenSlot, spokenZone } from '../scheduling/slots.js';
import type { Slot } from '../scheduling/slots.js';
import type { Action, Candidate, ConfirmationChannel, InterviewInfo } from './types.js';

/** Every sentence the caller speaks, in one place, so wording is reviewed and tested together. */

/** What a promise needs to be said: the candidate's zone, and when it is said (for "today", "tomorrow"). */
export interface PromiseContext {
  zone: string;
  /** ISO 8601; null: days are said in full ("on Monday, December 14th at 9 AM"). */
  now: string | null;
}

type PromiseSentences = {
  readonly [K in Action['type']]?: (action: Extract<Action, { type: K }>, context: PromiseContext) => string;
};

/**
 * Sentences that promise something done after the call, each keyed by the action that does it. A prompt that may
 * carry a promise takes the result's actions and says only the promises they back (`promisesOf`), so a promise
 * cannot be said without its action. A new capability (a confirmation email, a call back) adds its action type and
 * its sentence here, together; until then nothing of the kind is said.
 */
const PROMISES: PromiseSentences = {
  record_question: () => "I'll pass your question on to the recruiter.",
  opt_out: () => 'We will not call this number again.',
  schedule_callback: (action, context) => `I'll call you back ${spokenWhen(action.at, context)}.`,
  send_confirmation: (action) => confirmationSentence(action.channels),
};

/**
 * The promises that `actions` back, as sentences, in the order of the actions. `context` places a call back in the
 * candidate's zone; without it the time is said in UTC (every caller that may carry one passes it).
 */
export function promisesOf(actions: readonly Action[], context: PromiseContext = { zone: 'UTC', now: null }): string[] {
  return actions.flatMap((a) => {
    const sentence = PROMISES[a.type] as ((action: Action, context: PromiseContext) => string) | undefined;
    return sentence === undefined ? [] : [sentence(a, context)];
  });
}

/** "I'll send the details to your email, with a calendar invite, and by text message." for the channels queued. */
function confirmationSentence(channels: readonly ConfirmationChannel[]): string {
  const email = channels.includes('email');
  const sms = channels.includes('sms');
  if (email && sms) return "I'll send the details to your email, with a calendar invite, and by text message.";
  if (email) return "I'll send the details to your email, with a calendar invite.";
  return "I'll send you the details by text message.";
}

/**
 * When something happens, as a slot is spoken but relative to now: "today at 4:30 PM", "tomorrow at 3 PM", "Monday
 * at 9 AM" (within the week), else "on Monday, December 14th at 9 AM".
 */
export function spokenWhen(at: string, context: PromiseContext): string {
  const dt = DateTime.fromISO(at, { setZone: true }).setZone(context.zone);
  const now = context.now === null ? undefined : DateTime.fromISO(context.now, { setZone: true }).setZone(context.zone);
  const clock = clockPhrase(dt);
  if (now === undefined || !now.isValid) return `on ${dayPhrase(dt)} at ${clock}`;
  const days = Math.round(dt.startOf('day').diff(now.startOf('day'), 'days').days);
  if (days === 0) return `today at ${clock}`;
  if (days === 1) return `tomorrow at ${clock}`;
  if (days > 1 && days < 7) return `${dt.toFormat('cccc')} at ${clock}`;
  return `on ${dayPhrase(dt)} at ${clock}`;
}

/** The name the caller greets the candidate by (the first name), also handed to understanding. */
export function greetedName(c: Candidate): string {
  return c.name.trim().split(/\s+/)[0] ?? c.name;
}

/** Sentences joined with one space, empty ones left out. */
function joined(...parts: Array<string | string[]>): string {
  return parts
    .flat()
    .filter((p) => p.length > 0)
    .join(' ');
}

/**
 * Whose zones a slot is spoken in: the candidate's own (a zone name), or the candidate's and the job's when the job's
 * slots are defined in another zone (then both are said: "2 PM Eastern, 11 AM Pacific your time").
 */
export type SpokenZones = string | { own: string; job: string };

function zonesOf(zones: SpokenZones): { own: string; job: string | null } {
  return typeof zones === 'string' ? { own: zones, job: null } : zones;
}

/** True when the slot is said in both zones: the job's clock differs from the candidate's at that time. */
function twoZones(start: string, zones: SpokenZones): boolean {
  const { own, job } = zonesOf(zones);
  return job !== null && spokenSlot(start, job) !== spokenSlot(start, own);
}

/** "Eastern" for America/New_York: the zone's generic name without "Time"; "British Summer Time" is said whole. */
function zoneWord(zone: string, at: string): string {
  const name = spokenZone(zone, at);
  return /(?:Summer|Mean|Daylight|Irish Standard) Time$/.test(name) ? name : name.replace(/ Time$/, '');
}

/**
 * A slot as the candidate hears it: "Tuesday, December 1st at 2 PM" in their zone, or in both zones when the job's
 * differs: "Tuesday, December 1st at 2 PM Eastern, 11 AM Pacific your time" (the candidate's day too when it differs).
 */
export function spokenSlotFor(start: string, zones: SpokenZones): string {
  const { own, job } = zonesOf(zones);
  if (job === null || !twoZones(start, zones)) return spokenSlot(start, own);
  const ownPart = spokenDay(start, own) === spokenDay(start, job) ? spokenClock(start, own) : spokenSlot(start, own);
  return `${spokenSlot(start, job)} ${zoneWord(job, start)}, ${ownPart} ${zoneWord(own, start)} your time`;
}

/** A slot with its zone named, for a read-back or a booking: "... at 2 PM Eastern Time", or both zones. */
function slotWithZone(start: string, zones: SpokenZones): string {
  const { own } = zonesOf(zones);
  return twoZones(start, zones) ? spokenSlotFor(start, zones) : `${spokenSlot(start, own)} ${spokenZone(own, start)}`;
}

/** "Monday, November 30th at 10 AM; Tuesday, December 1st at 2 PM; or ...": whole slots, parted by semicolons. */
export function listSlots(slots: readonly Slot[], zone: SpokenZones): string {
  const labels = slots.map((s) => spokenSlotFor(s.start, zone));
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join('; ')}; or ${labels[labels.length - 1] ?? ''}`;
}

/** "10 AM or 2:30 PM", "10 AM, 1 PM, or 3 PM": times of one day. */
function listTimes(times: readonly string[]): string {
  if (times.length <= 2) return times.join(' or ');
  return `${times.slice(0, -1).join(', ')}, or ${times[times.length - 1] ?? ''}`;
}

/** True when every slot is on the same day in `zone` (then the day is said once); never when two zones are said. */
function oneDay(slots: readonly Slot[], zone: SpokenZones): boolean {
  const first = slots[0];
  if (typeof zone !== 'string' && slots.some((s) => twoZones(s.start, zone))) return false;
  const own = zonesOf(zone).own;
  return first !== undefined && slots.every((s) => spokenDay(s.start, own) === spokenDay(first.start, own));
}

/**
 * What the candidate asked for, as a slot is spoken: "Tuesday, December 1st at 2 PM", "Tuesday, December 1st",
 * "2 PM". `date` is "YYYY-MM-DD" and `time` "HH:MM" (24 h), as the understanding gives them.
 */
export function describeWanted(wanted: { date: string | null; time: string | null }, zone: string): string {
  const day = wanted.date === null ? undefined : DateTime.fromISO(wanted.date, { zone });
  const clock = wanted.time === null ? undefined : DateTime.fromFormat(wanted.time, 'HH:mm', { zone });
  const dayText = day?.isValid === true ? dayPhrase(day) : undefined;
  const clockText = clock?.isValid === true ? clockPhrase(clock) : undefined;
  if (dayText !== undefined && clockText !== undefined) return `${dayText} at ${clockText}`;
  return dayText ?? clockText ?? 'that time';
}

export const say = {
  /** With the job's caller name when it has one: "this is Alex, an automated assistant calling on behalf of ...". */
  greeting: (c: Candidate, callerName: string | null = null) =>
    `Hello ${greetedName(c)}, this is ${
      callerName === null ? 'an automated interview scheduling assistant' : `${callerName}, an automated assistant`
    } calling on behalf of ${c.company} about your application for the ${c.position} position. We would like to schedule your interview.`,
  /** Offers slots; several on one day are said with the day once ("On Thursday, December 3rd I have 10 AM or 2:30 PM"). */
  offer: (slots: readonly Slot[], zone: SpokenZones) => {
    const first = slots[0];
    if (first === undefined) return '';
    if (slots.length === 1) return `The time I have open is ${listSlots(slots, zone)}. Would that work for you?`;
    if (oneDay(slots, zone)) {
      const own = zonesOf(zone).own;
      const times = listTimes(slots.map((s) => spokenClock(s.start, own)));
      return `On ${spokenDay(first.start, own)} I have ${times}. Which one works for you?`;
    }
    return `The times I have open are ${listSlots(slots, zone)}. Which of these works best for you?`;
  },
  keypad: (slots: readonly Slot[], zone: SpokenZones) =>
    `You can also use your keypad: ${slots.map((s, i) => `press ${i + 1} for ${spokenSlotFor(s.start, zone)}`).join(', ')}.`,
  keypadConfirm: () => 'You can also press 1 for yes, or 2 for no.',
  readBack: (slot: Slot, zone: SpokenZones) => `Just to confirm: ${slotWithZone(slot.start, zone)}. Is that right?`,
  /** The one open slot on the weekday asked for, a week on: offered as a read-back, so a yes books it. */
  weekLater: (slot: Slot, zone: string) => `I do have ${spokenSlot(slot.start, zone)} ${spokenZone(zone, slot.start)}. Would that work?`,
  whichOne: () => 'Great. Which of the times would you like?',
  booked: (slot: Slot, c: Candidate, recorded: readonly Action[] = [], zone: SpokenZones = c.timezone) =>
    joined(
      `Perfect, your interview is booked for ${slotWithZone(slot.start, zone)}.`,
      promisesOf(recorded),
      `Thank you, ${greetedName(c)}, and good luck. Goodbye.`,
    ),
  /** A later call moved the candidate's interview: the same booking at the new time. */
  moved: (slot: Slot, c: Candidate, recorded: readonly Action[] = [], zone: SpokenZones = c.timezone) =>
    joined(
      `Done, your interview is moved to ${slotWithZone(slot.start, zone)}.`,
      promisesOf(recorded),
      `Thank you, ${greetedName(c)}, and good luck. Goodbye.`,
    ),
  slotTaken: (slot: Slot, zone: SpokenZones) => `I'm sorry, ${spokenSlotFor(slot.start, zone)} was just taken by someone else.`,
  notAvailable: (what: string) => `I'm sorry, ${what} is not available.`,
  nearest: (slots: readonly Slot[], zone: SpokenZones) =>
    `The nearest open ${slots.length === 1 ? 'time is' : 'times are'} ${listSlots(slots, zone)}. Would ${
      slots.length === 1 ? 'that' : 'either of those'
    } work?`,
  alternatives: () => 'Here are the other times I have.',
  noOthers: () => 'Those are all the times I have open right now.',
  noSlots: () => "I'm sorry, we have no interview times open right now. Thank you for your time. Goodbye.",
  notThatOne: () => 'No problem.',
  /** Answers to the questions the caller can answer from what it knows. */
  automated: (c: Candidate) => `I'm an automated assistant, calling on behalf of ${c.company} to schedule your interview.`,
  timezone: (zoneName: string) => `The times I give are in ${zoneName}, your time zone.`,
  interview: (info: InterviewInfo) =>
    `The interview is a ${info.minutes}-minute ${info.format}${info.location === null ? '' : ` at ${info.location}`}.`,
  location: (location: string) => `The interview is at ${location}.`,
  /** The job's description, said as it is (its own final stop dropped). */
  role: (description: string) => `Here is what I can tell you about the role: ${description.trim().replace(/[.!?\s]+$/, '')}.`,
  caller: (c: Candidate) =>
    `I'm an automated assistant calling on behalf of ${c.company} about your application for the ${c.position} position.`,
  /** A question the caller cannot answer; it passes it on only when `recorded` holds the recorded question. */
  unknownQuestion: (recorded: readonly Action[]) => joined("I don't have the answer to that myself.", promisesOf(recorded)),
  didNotHear: () => "Sorry, I didn't hear anything.",
  didNotUnderstand: () => "Sorry, I didn't quite catch that.",
  declined: (c: Candidate) => `I understand. Thank you for your time, ${greetedName(c)}. Goodbye.`,
  /** A call back is promised (and its time said) only when `recorded` holds the scheduled call back. */
  callback: (recorded: readonly Action[] = [], context?: PromiseContext) => {
    const promise = promisesOf(
      recorded.filter((a) => a.type === 'schedule_callback'),
      context,
    );
    return promise.length === 0
      ? "No problem, I'll let you go for now. Thank you, goodbye."
      : joined('No problem,', promise, 'Thank you, goodbye.');
  },
  optedOut: (recorded: readonly Action[]) => joined('Understood.', promisesOf(recorded), 'Goodbye.'),
  wrongPerson: () => 'I apologize for the mix-up. Sorry to have bothered you. Goodbye.',
  goodbye: () => 'Thank you for your time. Goodbye.',
  noResponse: () => "I still can't hear you, so I'll let you go. Goodbye.",
  maxTurns: () => "I'm having trouble scheduling over the phone, so I'll stop here. Thank you for your time. Goodbye.",
  apology: () => "We're sorry, something went wrong on our side. Goodbye.",
  retry: () => "Sorry, I didn't get that saved. Could you say it again?",
};
