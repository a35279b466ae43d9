import { parse } from 'csv-parse/sync';
import { AppError, notFound } from '../core/errors.js';
import { isValidZone } from '../core/scheduling/zones.js';
import { isPlainText } from '../core/text.js';
import { candidatesMatching, doNotCallAmong, insertCandidates, lockJob, rewriteCandidates } from '../db/candidates.repo.js';
import type { CandidateRow, NewCandidateRow } from '../db/candidates.table.js';
import { bumpFunnelMany, readFunnelCounters, type FunnelMetric } from '../db/funnel.repo.js';
import type { Deps } from '../deps.js';
import { parseSimulatePlan, storeSimulatePlan } from './campaigns/simulate-plan.js';
import { normalizePhone } from './people.js';

/**
 * Reading a candidate list (CSV from a tracking system's export, or JSON) into checked rows: header names matched
 * loosely, every bad row kept with its number and the reason, duplicates within the file refused; then stored in one
 * transaction, matched to the job's candidates by external id, else by phone.
 */

/** A simulated-behaviour plan as a list gives it: JSON text (a CSV cell, or a string in JSON) or a JSON value. */
export type SimulateField = { text: string } | { value: unknown };

/** The fields of one candidate as a list gives them. `undefined`: not in the list (kept as stored); null: cleared. */
export interface CandidateFields {
  name: string | undefined;
  phone: string | undefined;
  email?: string | null | undefined;
  timezone?: string | null | undefined;
  external_id?: string | null | undefined;
  notes?: string | null | undefined;
  simulate?: SimulateField | null | undefined;
}

/** A row as read, numbered as the person who made the list sees it (CSV: its line, the header being 1; JSON: index + 1). */
export interface SourceRow {
  row: number;
  fields: CandidateFields;
}

/** A row that passed every check: name present, phone in E.164. */
export interface CheckedRow {
  row: number;
  name: string;
  phone: string;
  email?: string | null;
  timezone?: string | null;
  external_id?: string | null;
  notes?: string | null;
  /** The plan's stored JSON text (see campaigns/simulate-plan.ts). */
  simulate?: string | null;
}

export type RejectionCode =
  | 'missing_name'
  | 'invalid_phone'
  | 'invalid_email'
  | 'unknown_timezone'
  | 'invalid_text'
  | 'invalid_simulate'
  | 'duplicate_in_file'
  | 'do_not_call'
  | 'phone_taken';

/** Why a row was not stored: a stable code and a sentence for the person fixing the file. */
export interface Rejection {
  row: number;
  code: RejectionCode;
  reason: string;
}

/** More than this in one request is refused whole (a list that large is split by the client). */
export const MAX_ROWS = 100_000;

/** The longest value each field takes. */
export const LIMITS = { name: 200, email: 320, timezone: 64, external_id: 200, notes: 2000 } as const;

type Column = 'name' | 'first_name' | 'last_name' | 'phone' | 'email' | 'timezone' | 'external_id' | 'notes' | 'simulate';

/** Header names (lower case, letters and digits only) each column is known by; the first match in the file wins. */
const HEADER_NAMES: Record<Column, readonly string[]> = {
  name: ['name', 'fullname', 'candidatename', 'candidate', 'applicantname', 'applicant', 'contactname', 'displayname'],
  first_name: ['firstname', 'givenname', 'first', 'forename'],
  last_name: ['lastname', 'surname', 'familyname', 'last'],
  phone: [
    'phone',
    'phonenumber',
    'phoneno',
    'mobile',
    'mobilephone',
    'mobilenumber',
    'cell',
    'cellphone',
    'cellnumber',
    'tel',
    'telephone',
    'telephonenumber',
    'contactnumber',
    'msisdn',
    'e164',
  ],
  email: ['email', 'emailaddress', 'mail', 'emailid'],
  timezone: ['timezone', 'tz', 'zone', 'timezonename', 'iana', 'olson'],
  external_id: ['id', 'externalid', 'candidateid', 'applicantid', 'applicationid', 'atsid', 'referenceid', 'reference', 'ref'],
  notes: ['notes', 'note', 'comments', 'comment', 'remarks'],
  simulate: ['simulate', 'simulation'],
};

/** Looser rules for headers no exact name matched ("Candidate Mobile Phone", "Work E-mail"). */
const HEADER_PATTERNS: ReadonlyArray<[Column, RegExp]> = [
  ['phone', /phone|mobile|cell|tel/],
  ['email', /mail/],
  ['timezone', /timezone|zone/],
  ['first_name', /first|given/],
  ['last_name', /last|surname|family/],
  ['name', /name/],
  ['notes', /note|comment/],
  ['external_id', /id$/],
];

const squash = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Which column index holds each field, from a header row; columns nobody knows are ignored. */
export function matchHeaders(header: readonly string[]): Partial<Record<Column, number>> {
  const found: Partial<Record<Column, number>> = {};
  const keys = header.map(squash);
  const taken = new Set<number>();
  const claim = (column: Column, index: number) => {
    if (found[column] !== undefined || taken.has(index)) return;
    found[column] = index;
    taken.add(index);
  };
  for (const column of Object.keys(HEADER_NAMES) as Column[]) {
    const index = keys.findIndex((key) => HEADER_NAMES[column].includes(key));
    if (index >= 0) claim(column, index);
  }
  for (const [column, pattern] of HEADER_PATTERNS) {
    const index = keys.findIndex((key, i) => !taken.has(i) && key !== '' && pattern.test(key));
    if (index >= 0) claim(column, index);
  }
  return found;
}

/** The delimiter the header line uses most: comma, semicolon (spreadsheets in many locales) or tab. */
function sniffDelimiter(text: string): string {
  const firstLine = text.slice(0, Math.max(0, text.indexOf('\n')) || text.length);
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length] as const);
  return counts.reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

interface RawRecord {
  record: string[];
  raw: string;
}

function isRawRecord(value: unknown): value is RawRecord {
  if (typeof value !== 'object' || value === null || !('record' in value) || !('raw' in value)) return false;
  return Array.isArray(value.record) && typeof value.raw === 'string';
}

const csvError = (message: string) => new AppError('invalid_csv', message, 422);

/**
 * Reads a CSV list. Rows are numbered by the line they start on (the header is line 1), blank lines skipped but
 * counted. 422 `invalid_csv` when the file cannot be read or has no phone or name column; 413 past {@link MAX_ROWS}.
 */
export function readCsv(text: string): SourceRow[] {
  let records: RawRecord[];
  try {
    // With `raw`, csv-parse yields {record, raw} objects, which its overloads do not describe: checked one by one.
    const parsed: unknown[] = parse(text, {
      bom: true,
      raw: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      delimiter: sniffDelimiter(text),
    });
    records = parsed.filter(isRawRecord);
  } catch (err) {
    throw csvError(`The CSV could not be read: ${err instanceof Error ? err.message : 'unknown error'}.`);
  }
  const [header, ...data] = records;
  if (header === undefined) throw csvError('The CSV is empty: it needs a header line and one line per candidate.');
  if (data.length > MAX_ROWS)
    throw new AppError('too_many_rows', `At most ${MAX_ROWS} candidates per request (this file has ${data.length}).`, 413);
  const at = matchHeaders(header.record);
  if (at.phone === undefined) throw csvError('No phone column: name one "Phone" (or "Mobile", "Tel", "Phone Number").');
  if (at.name === undefined && at.first_name === undefined && at.last_name === undefined) {
    throw csvError('No name column: name one "Name" (or "Full Name", or "First Name" and "Last Name").');
  }
  let line = 1 + newlines(header.raw);
  const rows: SourceRow[] = [];
  for (const { record, raw } of data) {
    const leadingBlank = /^(?:[ \t]*\r?\n)*/.exec(raw)?.[0] ?? '';
    const row = line + newlines(leadingBlank);
    line += newlines(raw);
    const cell = (column: Column): string | null | undefined => {
      const index = at[column];
      if (index === undefined) return undefined;
      const value = record[index] ?? '';
      return value === '' ? null : value;
    };
    const name = at.name !== undefined ? cell('name') : [cell('first_name'), cell('last_name')].filter((p) => p != null).join(' ');
    rows.push({
      row,
      fields: {
        name: name ?? undefined,
        phone: cell('phone') ?? undefined,
        email: cell('email'),
        timezone: cell('timezone'),
        external_id: cell('external_id'),
        notes: cell('notes'),
        simulate: simulateCell(cell('simulate')),
      },
    });
  }
  return rows;
}

function simulateCell(value: string | null | undefined): SimulateField | null | undefined {
  return value === undefined || value === null ? value : { text: value };
}

function newlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n += 1;
  return n;
}

/** A candidate as the JSON body gives it (the schema checked the types). */
export interface JsonCandidate {
  name?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  timezone?: string | null | undefined;
  external_id?: string | null | undefined;
  notes?: string | null | undefined;
  /** The plan as an object, or its JSON text; null clears it. */
  simulate?: unknown;
}

/** Reads the JSON list: row = index + 1; an empty string clears a field like null does. */
export function readJson(items: readonly JsonCandidate[]): SourceRow[] {
  if (items.length > MAX_ROWS) throw new AppError('too_many_rows', `At most ${MAX_ROWS} candidates per request.`, 413);
  const text = (value: string | null | undefined) => (value === undefined ? undefined : value === null ? null : value.trim() || null);
  return items.map((item, index) => ({
    row: index + 1,
    fields: {
      name: text(item.name) ?? undefined,
      phone: text(item.phone) ?? undefined,
      email: text(item.email),
      timezone: text(item.timezone),
      external_id: text(item.external_id),
      notes: text(item.notes),
      simulate: jsonSimulate(item.simulate),
    },
  }));
}

function jsonSimulate(value: unknown): SimulateField | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value === 'string') return value.trim() === '' ? null : { text: value };
  return { value };
}

// Deliberately loose (one @, a dot in the domain, no spaces): the tracking system already checked it.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** True for something shaped like an email address, within the length limit. */
export function isEmail(value: string): boolean {
  return value.length <= LIMITS.email && EMAIL.test(value);
}

/** The first problem of one row, or its checked form. */
function checkRow({ row, fields }: SourceRow): CheckedRow | Rejection {
  const reject = (code: RejectionCode, reason: string): Rejection => ({ row, code, reason });
  const { name, phone, email, timezone, external_id, notes, simulate } = fields;
  if (name === undefined || name.trim() === '') return reject('missing_name', 'missing name');
  let e164: string;
  try {
    e164 = normalizePhone(phone ?? '');
  } catch {
    const shown = phone === undefined ? 'missing' : `"${phone.slice(0, 40)}"`;
    return reject('invalid_phone', `invalid phone: ${shown} (E.164 expected: a + and the country code, e.g. +14155550123)`);
  }
  if (email != null && !isEmail(email)) {
    return reject('invalid_email', `invalid email: "${email.slice(0, 60)}"`);
  }
  if (timezone != null && (timezone.length > LIMITS.timezone || !isValidZone(timezone))) {
    return reject('unknown_timezone', `unknown time zone: "${timezone.slice(0, 64)}" (an IANA name such as America/Chicago)`);
  }
  const texts = { name, external_id, notes };
  for (const field of ['name', 'external_id', 'notes'] as const) {
    const value = texts[field];
    if (value == null) continue;
    if (value.length > LIMITS[field]) return reject('invalid_text', `${field} longer than ${LIMITS[field]} characters`);
    if (!isPlainText(value)) return reject('invalid_text', `${field} contains a control character`);
  }
  let plan: string | null | undefined = simulate === null ? null : undefined;
  if (simulate != null) {
    const read = readSimulate(simulate);
    if ('problem' in read) return reject('invalid_simulate', read.problem);
    plan = storeSimulatePlan(read.plan);
  }
  const checked: CheckedRow = { row, name: name.trim(), phone: e164 };
  if (email !== undefined) checked.email = email;
  if (timezone !== undefined) checked.timezone = timezone;
  if (external_id !== undefined) checked.external_id = external_id;
  if (notes !== undefined) checked.notes = notes;
  if (plan !== undefined) checked.simulate = plan;
  return checked;
}

function readSimulate(field: SimulateField): ReturnType<typeof parseSimulatePlan> {
  if ('value' in field) return parseSimulatePlan(field.value);
  try {
    return parseSimulatePlan(JSON.parse(field.text));
  } catch {
    return { problem: 'simulate: not JSON (e.g. {"attempts": [{"result": "no-answer"}]})' };
  }
}

/**
 * Checks every row; a row repeating an earlier valid row's phone or external id is a duplicate (the first stays).
 * Rejections come back in row order.
 */
export function checkRows(rows: readonly SourceRow[]): { valid: CheckedRow[]; rejected: Rejection[] } {
  const valid: CheckedRow[] = [];
  const rejected: Rejection[] = [];
  const byPhone = new Map<string, number>();
  const byExternalId = new Map<string, number>();
  for (const source of rows) {
    const checked = checkRow(source);
    if ('code' in checked) {
      rejected.push(checked);
      continue;
    }
    const samePhone = byPhone.get(checked.phone);
    const sameId = checked.external_id == null ? undefined : byExternalId.get(checked.external_id);
    if (samePhone !== undefined || sameId !== undefined) {
      const what = samePhone !== undefined ? `same phone as row ${samePhone}` : `same external id as row ${sameId ?? 0}`;
      rejected.push({ row: checked.row, code: 'duplicate_in_file', reason: `duplicate in the file (${what})` });
      continue;
    }
    byPhone.set(checked.phone, checked.row);
    if (checked.external_id != null) byExternalId.set(checked.external_id, checked.row);
    valid.push(checked);
  }
  return { valid, rejected };
}

/** What an import did. */
export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  rejected: Rejection[];
}

export interface ImportPlan {
  inserts: NewCandidateRow[];
  rewrites: CandidateRow[];
  unchanged: number;
  rejected: Rejection[];
}

/**
 * Matches checked rows against the job's stored candidates (by external id, else by phone): new rows are inserted,
 * changed ones rewritten (status and dates kept), the rest unchanged. A row whose new phone belongs to another
 * stored candidate, or which matches a candidate an earlier row already matched, is rejected. Pure.
 */
export function planImport(jobId: number, rows: readonly CheckedRow[], stored: readonly CandidateRow[], nowIso: string): ImportPlan {
  const byExternalId = new Map(stored.flatMap((c) => (c.external_id === null ? [] : [[c.external_id, c] as const])));
  const byPhone = new Map(stored.map((c) => [c.phone, c] as const));
  const matchedBy = new Map<number, number>();
  const plan: ImportPlan = { inserts: [], rewrites: [], unchanged: 0, rejected: [] };
  for (const row of rows) {
    const match = (row.external_id == null ? undefined : byExternalId.get(row.external_id)) ?? byPhone.get(row.phone);
    if (match === undefined) {
      plan.inserts.push({
        job_id: jobId,
        name: row.name,
        phone: row.phone,
        email: row.email ?? null,
        timezone: row.timezone ?? null,
        external_id: row.external_id ?? null,
        notes: row.notes ?? null,
        simulate: row.simulate ?? null,
        status: 'new',
        created_at: nowIso,
        updated_at: nowIso,
        scheduled_at: null,
      });
      continue;
    }
    const earlier = matchedBy.get(match.id);
    const owner = byPhone.get(row.phone);
    if (earlier !== undefined) {
      plan.rejected.push({ row: row.row, code: 'duplicate_in_file', reason: `duplicate in the file (same candidate as row ${earlier})` });
      continue;
    }
    if (owner !== undefined && owner.id !== match.id) {
      plan.rejected.push({ row: row.row, code: 'phone_taken', reason: 'phone already belongs to another candidate of this job' });
      continue;
    }
    matchedBy.set(match.id, row.row);
    const merged: CandidateRow = {
      ...match,
      name: row.name,
      phone: row.phone,
      email: row.email === undefined ? match.email : row.email,
      timezone: row.timezone === undefined ? match.timezone : row.timezone,
      external_id: row.external_id === undefined ? match.external_id : row.external_id,
      notes: row.notes === undefined ? match.notes : row.notes,
      simulate: row.simulate === undefined ? match.simulate : row.simulate,
    };
    const fields = ['name', 'phone', 'email', 'timezone', 'external_id', 'notes', 'simulate'] as const;
    const changed = fields.some((f) => merged[f] !== match[f]);
    if (changed) plan.rewrites.push({ ...merged, updated_at: nowIso });
    else plan.unchanged += 1;
  }
  return plan;
}

export type ImportInput = { csv: string } | { candidates: readonly JsonCandidate[] };

/**
 * Imports a candidate list into a job: every row checked, numbers on the do-not-call list refused, and every valid
 * row stored in one transaction (batched reads and writes); importing the same list again changes nothing.
 * 404 when the job does not exist.
 */
export async function importCandidates(
  deps: Pick<Deps, 'database' | 'doNotCallSecret' | 'logger' | 'now'>,
  jobId: number,
  input: ImportInput,
): Promise<ImportResult> {
  const source = 'csv' in input ? readCsv(input.csv) : readJson(input.candidates);
  const { valid, rejected } = checkRows(source);
  const db = deps.database.db;
  const listed = await doNotCallAmong(
    db,
    deps.doNotCallSecret,
    valid.map((r) => r.phone),
  );
  const callable = valid.filter((row) => {
    if (!listed.has(row.phone)) return true;
    rejected.push({ row: row.row, code: 'do_not_call', reason: 'on the do-not-call list' });
    return false;
  });
  const nowIso = deps.now().toISOString();
  const plan = await db.transaction().execute(async (trx) => {
    if (!(await lockJob(trx, jobId))) throw notFound(`Job ${jobId}`);
    const externalIds = callable.flatMap((r) => (r.external_id == null ? [] : [r.external_id]));
    const jobSize = (await readFunnelCounters(trx, jobId)).get('candidates') ?? 0;
    const stored = await candidatesMatching(
      trx,
      jobId,
      externalIds,
      callable.map((r) => r.phone),
      jobSize,
    );
    const planned = planImport(jobId, callable, stored, nowIso);
    await rewriteCandidates(trx, planned.rewrites);
    await insertCandidates(trx, planned.inserts);
    await bumpFunnelMany(
      trx,
      jobId,
      new Map<FunnelMetric, number>([
        ['candidates', planned.inserts.length],
        ['status:new', planned.inserts.length],
      ]),
    );
    return planned;
  });
  const all = [...rejected, ...plan.rejected].sort((a, b) => a.row - b.row);
  const result = { created: plan.inserts.length, updated: plan.rewrites.length, unchanged: plan.unchanged, rejected: all };
  deps.logger.info(
    { jobId, created: result.created, updated: result.updated, unchanged: result.unchanged, rejected: all.length },
    'candidates imported',
  );
  return result;
}
