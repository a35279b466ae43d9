import { spokenSlot, spokenZone } from '../scheduling/slots.js';
import type { Slot } from '../scheduling/slots.js';
import type { Candidate } from './types.js';

/** Every sentence the caller speaks, in one place, so wording is reviewed and tested together. */

export function listSlots(slots: readonly Slot[], zone: string): string {
  const labels = slots.map((s) => spokenSlot(s.start, zone));
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join('; ')}; or ${labels[labels.length - 1] ?? ''}`;
}

export const say = {
  greeting: (c: Candidate) =>
    `Hello ${c.name}, this is the interview scheduling assistant calling from ${c.company} about your application for the ${c.position} position. We would like to schedule your interview.`,
  offer: (slots: readonly Slot[], zone: string) =>
    slots.length === 1
      ? `The time I have open is ${listSlots(slots, zone)}. Would that work for you?`
      : `The times I have open are ${listSlots(slots, zone)}. Which of these works best for you?`,
  keypad: (slots: readonly Slot[], zone: string) =>
    `You can also use your keypad: ${slots.map((s, i) => `press ${i + 1} for ${spokenSlot(s.start, zone)}`).join(', ')}.`,
  keypadConfirm: () => 'You can also press 1 for yes, or 2 for no.',
  readBack: (slot: Slot, zone: string) =>
    `Just to confirm: ${spokenSlot(slot.start, zone)} ${spokenZone(zone, slot.start)}. Is that right?`,
  whichOne: () => 'Great. Which of the times would you like?',
  booked: (slot: Slot, c: Candidate) =>
    `Perfect, your interview is booked for ${spokenSlot(slot.start, c.timezone)} ${spokenZone(c.timezone, slot.start)}.${
      c.email === null ? '' : ' You will receive a confirmation by email.'
    } Thank you, ${c.name}, and good luck. Goodbye.`,
  slotTaken: (slot: Slot, zone: string) =>
    `I'm sorry, ${spokenSlot(slot.start, zone)} was just taken by someone else.`,
  notAvailable: (what: string) => `I'm sorry, ${what} is not available.`,
  nearest: (slots: readonly Slot[], zone: string) =>
    `The nearest open ${slots.length === 1 ? 'time is' : 'times are'} ${listSlots(slots, zone)}. Would ${
      slots.length === 1 ? 'that' : 'either of those'
    } work?`,
  alternatives: () => 'Here are the other times I have.',
  noOthers: () => 'Those are all the times I have open right now.',
  noSlots: () =>
    "I'm sorry, we have no interview times open right now. We will follow up by email with new times. Goodbye.",
  notThatOne: () => 'No problem.',
  question: (c: Candidate) =>
    `This call is about the ${c.position} position at ${c.company}. The interviewer will be happy to answer your questions in detail during the interview.`,
  didNotHear: () => "Sorry, I didn't hear anything.",
  didNotUnderstand: () => "Sorry, I didn't quite catch that.",
  declined: (c: Candidate) => `I understand. Thank you for your time, ${c.name}. Goodbye.`,
  callback: () => 'No problem, we will call you back at a better time. Thank you, goodbye.',
  optedOut: () => 'Understood. We will not call this number again. Goodbye.',
  wrongPerson: () => 'I apologize for the mix-up. Sorry to have bothered you. Goodbye.',
  goodbye: () => 'Thank you for your time. Goodbye.',
  noResponse: () => "I still can't hear you, so I'll let you go. We will follow up by email. Goodbye.",
  maxTurns: (c: Candidate) =>
    `I'm having trouble scheduling over the phone. We will send you an email${
      c.email === null ? '' : ` at ${c.email}`
    } with the available time slots. Thank you, goodbye.`,
  apology: () => "We're sorry, something went wrong on our side. We will call you back. Goodbye.",
  retry: () => "Sorry, I didn't get that saved. Could you say it again?",
};
