import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { InterviewFacts } from '../../src/services/messages/compose.js';
import { candidateEmail, candidateSms, interviewerEmail } from '../../src/services/messages/compose.js';
import { bookingInvite } from '../../src/services/messages/ics.js';
import { outOfNight, parseReminderMinutes, reminderTimes } from '../../src/services/messages/reminders.js';
import { readInvite } from './ical.js';

/** A Paris job's interview on Tuesday 27 October 2026 at 9 AM, two days after the EU change, the US one still ahead. */
const FACTS: InterviewFacts = {
  bookingId: 42,
  sequence: 0,
  job: {
    id: 1,
    title: 'Data Engineer',
    company: 'Initech',
    timezone: 'Europe/Paris',
    format: 'video call',
    location: 'Salle 4, 12 rue Vivienne',
  },
  start: '2026-10-27T09:00:00+01:00',
  minutes: 45,
  candidate: { id: 7, name: 'Sam Rivera', email: 'sam@example.com', phone: '+12125550100', timezone: 'America/New_York' },
  interviewer: { name: 'Hélène Dubois', email: 'helene@initech.example' },
};

const LINK = 'https://caller.example.com/b/abc';

describe('the calendar invite', () => {
  it("places the interview in the job's zone with its VTIMEZONE, and at the right instant across the DST change", () => {
    const invite = readInvite(
      bookingInvite(FACTS, {
        method: 'REQUEST',
        sequence: 0,
        organizer: 'Initech <jobs@initech.example>',
        forCandidate: true,
        link: LINK,
        stampIso: '2026-10-20T12:00:00Z',
      }),
    );
    expect(invite.method).toBe('REQUEST');
    expect(invite.uid).toBe('booking-42@interview-caller');
    expect(invite.sequence).toBe(0);
    expect(invite.tzid).toBe('Europe/Paris');
    expect(invite.startLocal).toBe('2026-10-27T09:00:00');
    // CET (UTC+1) from 25 October: 08:00Z, not the summer offset's 07:00Z.
    expect(invite.startUtc).toBe('2026-10-27T08:00:00.000Z');
    expect(invite.endUtc).toBe('2026-10-27T08:45:00.000Z');
    expect(invite.organizer).toBe('mailto:jobs@initech.example');
    expect(invite.attendees.map((a) => a.toLowerCase())).toEqual(['mailto:sam@example.com', 'mailto:helene@initech.example']);
    expect(invite.description).toContain(LINK);
  });

  it("never puts the candidate's link in the interviewer's copy", () => {
    const ics = bookingInvite(FACTS, {
      method: 'REQUEST',
      sequence: 0,
      organizer: 'jobs@initech.example',
      forCandidate: false,
      stampIso: '2026-10-20T12:00:00Z',
    });
    expect(ics).not.toContain('/b/');
    expect(readInvite(ics).summary).toBe('Interview: Sam Rivera (Data Engineer)');
  });

  it('cancels with the same UID and a higher SEQUENCE', () => {
    const moved = { ...FACTS, sequence: 2 };
    const invite = readInvite(
      bookingInvite(moved, {
        method: 'CANCEL',
        sequence: 3,
        organizer: 'jobs@initech.example',
        forCandidate: true,
        stampIso: '2026-10-21T12:00:00Z',
      }),
    );
    expect(invite).toMatchObject({ method: 'CANCEL', uid: 'booking-42@interview-caller', sequence: 3, status: 'CANCELLED' });
  });

  it('writes DTSTAMP in UTC', () => {
    const ics = bookingInvite(FACTS, {
      method: 'REQUEST',
      sequence: 0,
      organizer: 'jobs@initech.example',
      forCandidate: true,
      stampIso: '2026-10-20T12:00:00Z',
    });
    expect(ics).toMatch(/^DTSTAMP:20261020T120000Z\r?$/m);
  });
});

describe('the texts', () => {
  it("gives the candidate their own time first and the interviewer's when it reads otherwise, with the link", () => {
    const mail = candidateEmail('confirmation', FACTS, { link: LINK });
    expect(mail.subject).toBe('Interview confirmed: Data Engineer at Initech, Tue, Oct 27, 4:00 AM EDT');
    expect(mail.text).toContain('When: Tuesday, October 27, 2026, 4:00 – 4:45 AM EDT');
    expect(mail.text).toContain("9:00 – 9:45 AM GMT+1 (the interviewer's time)");
    expect(mail.text).toContain('Length: 45 minutes');
    expect(mail.text).toContain('Format: video call');
    expect(mail.text).toContain('Where: Salle 4, 12 rue Vivienne');
    expect(mail.text).toContain('With: Hélène Dubois');
    expect(mail.text).toContain(`Reschedule or cancel here: ${LINK}`);
  });

  it('says one time when both zones read the same', () => {
    const sameClock = { ...FACTS, candidate: { ...FACTS.candidate, timezone: 'Europe/Brussels' } };
    expect(candidateEmail('confirmation', sameClock).text).not.toContain("the interviewer's time");
  });

  it('keeps the SMS short, with the essentials, the link and how to stop', () => {
    const sms = candidateSms('confirmation', FACTS, { link: LINK });
    expect(sms).toBe(
      'Initech: your interview for Data Engineer is booked for Tue, Oct 27, 4:00 AM EDT (45 min video call). ' +
        `Reschedule or cancel: ${LINK} Reply STOP to opt out.`,
    );
    expect(sms.length).toBeLessThan(320);
  });

  it('says "tomorrow" in a reminder sent the day before, in the candidate\'s zone', () => {
    expect(candidateSms('reminder', FACTS, { link: LINK, at: '2026-10-26T08:00:00Z' })).toContain('is tomorrow at 4:00 AM EDT');
    expect(candidateEmail('reminder', FACTS, { at: '2026-10-27T06:00:00Z' }).text).toContain('is today.');
  });

  it('tells the interviewer in their zone, without the link', () => {
    const mail = interviewerEmail('confirmation', FACTS);
    expect(mail.subject).toBe('Interview confirmed: Sam Rivera, Data Engineer, Tue, Oct 27, 9:00 AM GMT+1');
    expect(mail.text).toContain("4:00 – 4:45 AM EDT (the candidate's time)");
    expect(mail.text).not.toContain('/b/');
  });
});

describe('reminder times', () => {
  const zone = 'America/New_York';
  const local = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm");

  it('reads the job setting: offsets, largest first; none for an empty one', () => {
    expect(parseReminderMinutes('120,1440')).toEqual([1440, 120]);
    expect(parseReminderMinutes('')).toEqual([]);
    expect(parseReminderMinutes('60, x, -5, 60')).toEqual([60]);
  });

  it('sends 24 and 2 hours before an afternoon interview', () => {
    const times = reminderTimes('2026-12-02T14:00:00-05:00', [1440, 120], zone, '2026-11-24T15:00:00Z');
    expect(times.map((t) => [t.minutes, local(t.dueAt)])).toEqual([
      [1440, '2026-12-01T14:00'],
      [120, '2026-12-02T12:00'],
    ]);
  });

  it("moves a reminder due at night to 20:00 the evening before, in the candidate's zone", () => {
    // 9 AM interview: the 2-hour reminder would be at 7 AM.
    const times = reminderTimes('2026-12-02T09:00:00-05:00', [1440, 120], zone, '2026-11-24T15:00:00Z');
    expect(times.map((t) => [t.minutes, local(t.dueAt)])).toEqual([
      [1440, '2026-12-01T09:00'],
      [120, '2026-12-01T20:00'],
    ]);
    // A late interview's reminder at 21:30 comes at 20:00 the same evening.
    expect(local(outOfNight(DateTime.fromISO('2026-12-01T21:30:00-05:00'), zone).toUTC().toISO() ?? '')).toBe('2026-12-01T20:00');
  });

  it("uses the candidate's night, not the job's", () => {
    // A 5 PM New York interview's 2-hour reminder is at 3 PM there but 9 PM in Paris: the candidate there gets it at 20:00.
    const [reminder] = reminderTimes('2026-12-02T17:00:00-05:00', [120], 'Europe/Paris', '2026-11-24T15:00:00Z');
    expect(
      DateTime.fromISO(reminder?.dueAt ?? '')
        .setZone('Europe/Paris')
        .toFormat('HH:mm'),
    ).toBe('20:00');
  });

  it('drops reminders already past and sends two that land together once', () => {
    expect(reminderTimes('2026-11-25T10:00:00-05:00', [1440, 120], zone, '2026-11-24T16:00:00Z').map((t) => t.minutes)).toEqual([120]);
    // Both 10 and 11 hours before an 8 AM interview fall in the night: one reminder at 20:00.
    expect(reminderTimes('2026-12-02T08:00:00-05:00', [660, 600], zone, '2026-11-24T15:00:00Z')).toHaveLength(1);
  });
});
