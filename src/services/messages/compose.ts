import { clockFace, clockTime, meridiem, monthName, weekdayName, type ClockFace } from '../../core/scheduling/clock-face.js';
import type { MessagePurpose } from '../../db/messages.table.js';

/**
 * What the confirmations, updates, cancellations and reminders say: plain text and data only (no database, no
 * transport), so every sentence is reviewed and tested together.
 */

/** A booked interview as every message needs it (read by `loadInterview`). */
export interface InterviewFacts {
  bookingId: number;
  /** The invite's SEQUENCE (0 when booked, raised by every move). */
  sequence: number;
  job: { id: number; title: string; company: string; timezone: string; format: string; location: string | null };
  /** ISO 8601 with the job zone's offset. */
  start: string;
  minutes: number;
  candidate: { id: number | null; name: string; email: string | null; phone: string; timezone: string };
  /** The slot's interviewer, when it names one by address. */
  interviewer: { name: string | null; email: string } | null;
}

export interface ComposedMail {
  subject: string;
  text: string;
}

/** The reschedule/cancel page of the booking (absent for a cancellation, and for the interviewer). */
export interface ComposeOptions {
  link?: string | undefined;
  /** When the message is due (UTC ISO): a reminder says "today" or "tomorrow" from then. */
  at?: string | undefined;
}

const HEADLINE: Record<MessagePurpose, string> = {
  confirmation: 'Interview confirmed',
  update: 'Interview moved',
  cancellation: 'Interview cancelled',
  reminder: 'Reminder: interview',
};

/** "Tuesday, December 1, 2026, 2:00 – 2:45 PM EST" in `zone`. */
export function spanText(start: string, minutes: number, zone: string): string {
  const from = clockFace(start, zone);
  const to = clockFace(new Date(Date.parse(start) + minutes * 60_000).toISOString(), zone);
  const sameDay = from.dayNumber === to.dayNumber;
  const sameHalf = sameDay && meridiem(from) === meridiem(to);
  const end = sameDay ? `${clockTime(to)} ${meridiem(to)}` : `${shortDate(to)}, ${clockTime(to)} ${meridiem(to)}`;
  return `${longDate(from)}, ${from.year}, ${clockTime(from)}${sameHalf ? '' : ` ${meridiem(from)}`} – ${end} ${to.zoneName}`;
}

/** "Tue, Dec 1, 2:00 PM EST": the short form of SMS and subjects. */
export function shortWhen(start: string, zone: string): string {
  const face = clockFace(start, zone);
  return `${shortDate(face)}, ${clockTime(face)} ${meridiem(face)} ${face.zoneName}`;
}

/** "Tuesday, December 1". */
function longDate(face: ClockFace): string {
  return `${weekdayName(face)}, ${monthName(face)} ${face.day}`;
}

/** "Tue, Dec 1". */
function shortDate(face: ClockFace): string {
  return `${weekdayName(face, true)}, ${monthName(face, true)} ${face.day}`;
}

/** The clock as read in another zone differs (a zone of another name but the same time is not said twice). */
function otherClock(start: string, minutes: number, own: string, other: string): boolean {
  return own !== other && spanText(start, minutes, own) !== spanText(start, minutes, other);
}

/** "today", "tomorrow" or "on Tuesday, December 1" as seen at `at` in `zone`. */
function relativeDay(start: string, at: string | undefined, zone: string): string {
  const face = clockFace(start, zone);
  const days = at === undefined ? undefined : face.dayNumber - clockFace(at, zone).dayNumber;
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  return `on ${longDate(face)}`;
}

function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

function what(f: InterviewFacts): string {
  return `${f.job.title} at ${f.job.company}`;
}

/** The interview's essentials, one per line, for the candidate (their time first, the job's when it reads otherwise). */
function detailLines(f: InterviewFacts, zone: string, otherZone: string | null, otherLabel: string): string[] {
  const lines = [`When: ${spanText(f.start, f.minutes, zone)}`];
  if (otherZone !== null && otherClock(f.start, f.minutes, zone, otherZone)) {
    lines.push(`      ${spanText(f.start, f.minutes, otherZone)} (${otherLabel})`);
  }
  lines.push(`Length: ${f.minutes} minutes`, `Format: ${f.job.format}`);
  if (f.job.location !== null && f.job.location.trim() !== '') lines.push(`Where: ${f.job.location.trim()}`);
  return lines;
}

/** The candidate's email for a booking's confirmation, update, cancellation or reminder. */
export function candidateEmail(purpose: MessagePurpose, f: InterviewFacts, options: ComposeOptions = {}): ComposedMail {
  const zone = f.candidate.timezone;
  const subject = `${HEADLINE[purpose]}: ${what(f)}, ${shortWhen(f.start, zone)}`;
  const opening: Record<MessagePurpose, string> = {
    confirmation: `Your interview for ${what(f)} is booked.`,
    update: `Your interview for ${what(f)} has been moved to a new time.`,
    cancellation: `Your interview for ${what(f)} is cancelled. We hope to hear from you again.`,
    reminder: `A reminder: your interview for ${what(f)} is ${relativeDay(f.start, options.at, zone)}.`,
  };
  const lines = [`Hi ${firstName(f.candidate.name)},`, '', opening[purpose], ''];
  if (purpose === 'cancellation') {
    lines.push(`It was: ${spanText(f.start, f.minutes, zone)}`);
  } else {
    lines.push(...detailLines(f, zone, f.job.timezone, "the interviewer's time"));
    if (f.interviewer?.name != null) lines.push(`With: ${f.interviewer.name}`);
  }
  if (options.link !== undefined && purpose !== 'cancellation') {
    lines.push('', `Need another time, or can't make it? Reschedule or cancel here: ${options.link}`);
  }
  if (purpose === 'confirmation' || purpose === 'update') lines.push('', 'The calendar invitation is attached.');
  if (purpose === 'cancellation') lines.push('', 'The calendar invitation attached removes it from your calendar.');
  lines.push('', `${f.job.company} recruiting`);
  return { subject, text: lines.join('\n') };
}

/** The candidate's SMS: the same essentials, short. */
export function candidateSms(purpose: MessagePurpose, f: InterviewFacts, options: ComposeOptions = {}): string {
  const zone = f.candidate.timezone;
  const when = shortWhen(f.start, zone);
  const essentials = `${f.minutes} min ${f.job.format}`;
  const link = options.link === undefined ? '' : ` Reschedule or cancel: ${options.link}`;
  const stop = ' Reply STOP to opt out.';
  switch (purpose) {
    case 'confirmation':
      return `${f.job.company}: your interview for ${f.job.title} is booked for ${when} (${essentials}).${link}${stop}`;
    case 'update':
      return `${f.job.company}: your interview for ${f.job.title} has moved to ${when} (${essentials}).${link}${stop}`;
    case 'cancellation':
      return `${f.job.company}: your interview for ${f.job.title} on ${when} is cancelled.${stop}`;
    case 'reminder': {
      const day = relativeDay(f.start, options.at, zone);
      const face = clockFace(f.start, zone);
      const at = `${clockTime(face)} ${meridiem(face)} ${face.zoneName}`;
      return `${f.job.company}: reminder, your interview for ${f.job.title} is ${day} at ${at} (${essentials}).${link}${stop}`;
    }
  }
}

/** The interviewer's email: the interview in the job's zone, the candidate's name; never the candidate's link. */
export function interviewerEmail(purpose: MessagePurpose, f: InterviewFacts): ComposedMail {
  const zone = f.job.timezone;
  const subject = `${HEADLINE[purpose]}: ${f.candidate.name}, ${f.job.title}, ${shortWhen(f.start, zone)}`;
  const opening: Record<MessagePurpose, string> = {
    confirmation: `${f.candidate.name} booked an interview for ${what(f)}.`,
    update: `${f.candidate.name} moved their interview for ${what(f)} to this time.`,
    cancellation: `The interview with ${f.candidate.name} for ${what(f)} is cancelled (or moved to another interviewer).`,
    reminder: `A reminder: your interview with ${f.candidate.name} for ${what(f)}.`,
  };
  const lines = [
    `Hello${f.interviewer?.name == null ? '' : ` ${firstName(f.interviewer.name)}`},`,
    '',
    opening[purpose],
    '',
    ...(purpose === 'cancellation'
      ? [`It was: ${spanText(f.start, f.minutes, zone)}`]
      : detailLines(f, zone, f.candidate.timezone, "the candidate's time")),
    '',
    purpose === 'cancellation' ? 'The calendar invitation attached removes it from your calendar.' : 'The calendar invitation is attached.',
  ];
  return { subject, text: lines.join('\n') };
}

/** The invite's description: the essentials, and the link for the candidate's copy. */
export function inviteDescription(f: InterviewFacts, forCandidate: boolean, link: string | undefined): string {
  const lines = [`Interview for ${what(f)}`, `${f.minutes} minutes, ${f.job.format}`];
  if (forCandidate) {
    if (link !== undefined) lines.push(`Reschedule or cancel: ${link}`);
  } else {
    lines.push(`Candidate: ${f.candidate.name}`);
  }
  return lines.join('\n');
}

/** The invite's title. */
export function inviteSummary(f: InterviewFacts, forCandidate: boolean): string {
  return forCandidate ? `Interview: ${what(f)}` : `Interview: ${f.candidate.name} (${f.job.title})`;
}
