import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { checkCallingHours, checkCallingHoursEverywhere } from '../core/scheduling/calling-hours.js';
import type { CallingHoursEverywhere } from '../core/scheduling/calling-hours.js';
import { zonesForPhone } from '../core/scheduling/phone-zone.js';
import { AppError, conflict, invalid } from '../core/errors.js';
import { isPlainText } from '../core/text.js';
import { addDoNotCall, getDoNotCall, isDoNotCall, listDoNotCall, phoneKey, removeDoNotCall } from '../db/do-not-call.repo.js';
import { deleteByPhone, purgeOlderThan } from '../db/sessions.repo.js';
import type { Deps } from '../deps.js';

/** Rules that protect people: calling hours, the do-not-call list, erasure, retention. */

/** The number in E.164, or a 422 `invalid_phone`. */
export function normalizePhone(raw: string): string {
  const text = raw.trim();
  const parsed = text.startsWith('+') ? parsePhoneNumberFromString(text) : undefined;
  if (parsed === undefined || !parsed.isValid()) {
    throw new AppError(
      'invalid_phone',
      `"${raw.slice(0, 40)}" is not a valid phone number in E.164 form (a + and the country code, e.g. +14155550123).`,
      422,
      { field: 'phone' },
    );
  }
  return parsed.number;
}

export interface CallingHoursVerdict {
  result: CallingHoursEverywhere;
  /** The zones checked: the candidate's own, or those of the number's country. */
  zones: readonly string[];
}

/**
 * Checks CALLING_HOURS in the candidate's local time: their own zone when given, else every zone of the
 * number's country (see phone-zone.ts), else (a non-geographic number) the service's INTERVIEW_TIMEZONE.
 */
export function callingHoursVerdict(deps: Deps, phone: string, candidateZone: string | undefined): CallingHoursVerdict {
  const hours = deps.config.CALLING_HOURS;
  const now = deps.now();
  if (candidateZone !== undefined) return { result: checkCallingHours(now, candidateZone, hours), zones: [candidateZone] };
  const fromPhone = zonesForPhone(phone).zones;
  const zones = fromPhone.length > 0 ? fromPhone : [deps.config.INTERVIEW_TIMEZONE];
  return { result: checkCallingHoursEverywhere(now, zones, hours), zones };
}

/** Throws 409 `outside_calling_hours` (with `next_allowed`) when a real phone must not ring now. */
export function assertCallingHours(deps: Deps, phone: string, candidateZone: string | undefined): void {
  const { result, zones } = callingHoursVerdict(deps, phone, candidateZone);
  if (result.allowed) return;
  const hours = deps.config.CALLING_HOURS;
  const where = zones.length === 1 ? `in ${zones[0]}` : `in every time zone of the number's country (${zones.join(', ')})`;
  if (result.nextAllowed === null) {
    throw conflict(
      'outside_calling_hours',
      `Calling hours ${hours} never hold ${where} at the same time; pass candidate.timezone so the candidate's own zone is used.`,
      { next_allowed: null, calling_hours: hours, timezones: zones },
    );
  }
  throw conflict(
    'outside_calling_hours',
    `It is outside calling hours (${hours}) for this candidate ${where}; the next allowed time is ${result.nextAllowed}.`,
    { next_allowed: result.nextAllowed, calling_hours: hours, timezones: zones },
  );
}

/** A do-not-call entry as the admin API shows it: the key and the date, never the number or the reason. */
export interface DoNotCallEntry {
  phone_hash: string;
  created_at: string;
}

/** The do-not-call list, newest first. */
export async function listDoNotCallEntries(deps: Pick<Deps, 'database'>): Promise<DoNotCallEntry[]> {
  return listDoNotCall(deps.database.db);
}

/** Puts a number on the do-not-call list; `created` is false when it was already there (its first date is kept). */
export async function addToDoNotCall(
  deps: Pick<Deps, 'database' | 'doNotCallSecret' | 'logger' | 'now'>,
  input: { phone: string; reason?: string | undefined },
): Promise<{ entry: DoNotCallEntry; created: boolean }> {
  const phone = normalizePhone(input.phone);
  if (input.reason !== undefined && !isPlainText(input.reason)) {
    throw invalid('reason contains a control character or another character that cannot be stored as text.', { field: 'reason' });
  }
  const { db } = deps.database;
  const created = await addDoNotCall(db, deps.doNotCallSecret, phone, input.reason ?? 'added through the admin API');
  const key = phoneKey(deps.doNotCallSecret, phone);
  const entry = (await getDoNotCall(db, deps.doNotCallSecret, phone)) ?? { phone_hash: key, created_at: deps.now().toISOString() };
  deps.logger.info({ phoneHash: key, created }, 'do-not-call entry added');
  return { entry, created };
}

/** Takes a number off the do-not-call list (an entry stored the old way too); 404 `not_found` when it was not on it. */
export async function removeFromDoNotCall(deps: Pick<Deps, 'database' | 'doNotCallSecret' | 'logger'>, rawPhone: string): Promise<void> {
  const phone = normalizePhone(rawPhone);
  if (!(await removeDoNotCall(deps.database.db, deps.doNotCallSecret, phone))) {
    throw new AppError('not_found', 'This number is not on the do-not-call list.', 404);
  }
  deps.logger.info({ phoneHash: phoneKey(deps.doNotCallSecret, phone) }, 'do-not-call entry removed');
}

export interface Erasure {
  conversations: number;
  turns: number;
  bookings: number;
  /** Whether the number stays on the do-not-call list. */
  do_not_call: boolean;
}

/**
 * Right to erasure: removes every conversation of this number with its turns and bookings (seats given back).
 * The do-not-call entry, if any, stays: it holds only a key and is what keeps the number from being called.
 */
export async function eraseCandidate(deps: Pick<Deps, 'database' | 'doNotCallSecret' | 'logger'>, rawPhone: string): Promise<Erasure> {
  const phone = normalizePhone(rawPhone);
  const db = deps.database.db;
  const sessions = db.selectFrom('conversation_sessions').select('call_sid').where('candidate_phone', '=', phone);
  const [turns, bookings] = await Promise.all([
    db
      .selectFrom('conversation_turns')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('call_sid', 'in', sessions)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('bookings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('call_sid', 'in', sessions)
      .executeTakeFirstOrThrow(),
  ]);
  const conversations = await deleteByPhone(db, phone);
  // The deleted rows must leave the database's files too (see DbHandle.scrubDeleted); a failure here is logged,
  // the erasure itself stands.
  if (conversations > 0) {
    await deps.database
      .scrubDeleted(['conversation_sessions', 'conversation_turns', 'bookings'])
      .catch((err: unknown) => deps.logger.error({ err }, 'erased rows could not be scrubbed from the database files'));
  }
  deps.logger.info({ conversations }, 'candidate data erased');
  return {
    conversations,
    turns: conversations === 0 ? 0 : Number(turns.n),
    bookings: conversations === 0 ? 0 : Number(bookings.n),
    do_not_call: await isDoNotCall(db, deps.doNotCallSecret, phone),
  };
}

/** Retention: deletes conversations that started more than RETENTION_DAYS ago. Returns how many. */
export async function purgeExpired(deps: Pick<Deps, 'config' | 'database' | 'logger' | 'now'>): Promise<number> {
  const days = deps.config.RETENTION_DAYS;
  if (days === undefined) return 0;
  const cutoff = new Date(deps.now().getTime() - days * 86_400_000).toISOString();
  const removed = await purgeOlderThan(deps.database.db, cutoff);
  if (removed > 0) deps.logger.info({ removed, cutoff, retentionDays: days }, 'retention: old conversations deleted');
  return removed;
}

/** How often the retention purge runs after the first one at start. */
export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Runs the purge once now and then every hour on an unref'd timer (it never keeps the process alive).
 * Returns the function that stops it. Failures are logged, never thrown.
 */
export async function startRetention(deps: Pick<Deps, 'config' | 'database' | 'logger' | 'now'>): Promise<() => void> {
  if (deps.config.RETENTION_DAYS === undefined) return () => undefined;
  const run = () =>
    purgeExpired(deps).catch((err: unknown) => {
      deps.logger.error({ err }, 'retention purge failed');
      return 0;
    });
  await run();
  const timer = setInterval(() => void run(), RETENTION_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
