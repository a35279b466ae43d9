import ICAL from 'ical.js';

/** An invite as a calendar reads it: parsed by ical.js, its zones registered from its own VTIMEZONE blocks. */
export interface ReadInvite {
  method: string;
  uid: string;
  sequence: number;
  status: string;
  /** The TZID DTSTART names. */
  tzid: string;
  /** DTSTART's wall clock in that zone ('2026-11-03T10:00:00'). */
  startLocal: string;
  /** DTSTART and DTEND as instants (UTC ISO), converted through the invite's VTIMEZONE. */
  startUtc: string;
  endUtc: string;
  organizer: string;
  attendees: string[];
  description: string;
  summary: string;
}

export function readInvite(ics: string): ReadInvite {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const vevent = calendar.getFirstSubcomponent('vevent');
  if (vevent === null) throw new Error('no VEVENT');
  const event = new ICAL.Event(vevent);
  const start = vevent.getFirstProperty('dtstart');
  return {
    method: String(calendar.getFirstPropertyValue('method')),
    uid: event.uid,
    sequence: event.sequence,
    status: String(vevent.getFirstPropertyValue('status')),
    tzid: String(start?.getParameter('tzid')),
    startLocal: event.startDate.toString(),
    startUtc: event.startDate.toJSDate().toISOString(),
    endUtc: event.endDate.toJSDate().toISOString(),
    organizer: String(vevent.getFirstPropertyValue('organizer')),
    attendees: vevent.getAllProperties('attendee').map((p) => String(p.getFirstValue())),
    description: event.description,
    summary: event.summary,
  };
}
