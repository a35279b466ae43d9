/** Calendar arithmetic on local dates (YYYY-MM-DD) in a job's zone: plain strings, so no browser zone gets in the way. */

const DAY_MS = 86_400_000;

function toUtc(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** The Monday of `date`'s week. */
export function mondayOf(date: string): string {
  const weekday = (new Date(toUtc(date)).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(date, -weekday);
}

/** Today's date in `zone` (the job's, not the browser's). */
export function todayIn(zone: string, now = new Date()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

const dayLabel = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
const rangeLabel = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "Mon, 1 Dec" for a local date. */
export function formatDay(date: string): string {
  return dayLabel.format(new Date(toUtc(date)));
}

/** "1 Dec 2026 – 7 Dec 2026" for a week starting on `monday`. */
export function formatWeek(monday: string): string {
  return `${rangeLabel.format(new Date(toUtc(monday)))} – ${rangeLabel.format(new Date(toUtc(addDays(monday, 6))))}`;
}

/** A slot's local date and time as its `start` gives them ("2026-12-01T09:00:00-05:00": the job zone's wall clock). */
export function localParts(start: string): { date: string; time: string } {
  return { date: start.slice(0, 10), time: start.slice(11, 16) };
}

/** The end of a local HH:MM plus minutes, as HH:MM (within the day; a slot past midnight shows 24:30). */
export function endTime(time: string, minutes: number): string {
  const [h = 0, m = 0] = time.split(':').map(Number);
  const total = h * 60 + m + minutes;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}
