import { describe, expect, it } from 'vitest';
import type { CandidateRow } from '../../src/db/candidates.table.js';
import { checkRows, matchHeaders, planImport, readCsv, readJson } from '../../src/services/import-candidates.js';

describe('CSV header names matched loosely', () => {
  it('finds phone, name, email, time zone, external id and notes under the names tracking systems export', () => {
    expect(matchHeaders(['Full Name', 'Mobile', 'E-mail', 'Time zone', 'Candidate ID', 'Comments'])).toEqual({
      name: 0,
      phone: 1,
      email: 2,
      timezone: 3,
      external_id: 4,
      notes: 5,
    });
    expect(matchHeaders(['phone_number', 'First Name', 'Last Name', 'ID'])).toEqual({
      phone: 0,
      first_name: 1,
      last_name: 2,
      external_id: 3,
    });
    expect(matchHeaders(['Tel', 'Name', 'External ID'])).toEqual({ phone: 0, name: 1, external_id: 2 });
    expect(matchHeaders(['Candidate Mobile Phone', 'Applicant Name', 'Work Email'])).toEqual({ phone: 0, name: 1, email: 2 });
  });

  it('refuses a file without a phone or a name column, naming what it expected', () => {
    expect(() => readCsv('Name,Email\nAda,ada@example.com\n')).toThrow(/No phone column/);
    expect(() => readCsv('Phone,Email\n+14155550123,ada@example.com\n')).toThrow(/No name column/);
    expect(() => readCsv('')).toThrow(/empty/);
    expect(() => readCsv('Name,Phone\n"Ada,+14155550123\n')).toThrow(/could not be read/);
  });
});

describe('CSV rows numbered as the file shows them', () => {
  it('numbers rows by their line (header = 1), counting blank lines and quoted line breaks', () => {
    const rows = readCsv('\uFEFFName,Phone,Notes\nAda,+14155550101,\n\nBob,+14155550102,"two\nlines"\nCy,+14155550103,x\n');
    expect(rows.map((r) => [r.row, r.fields.name, r.fields.notes])).toEqual([
      [2, 'Ada', null],
      [4, 'Bob', 'two\nlines'],
      [6, 'Cy', 'x'],
    ]);
  });

  it('joins first and last names, reads semicolon files, and leaves absent columns undefined (kept as stored)', () => {
    const [row] = readCsv('First Name;Last Name;Phone\nAda;Lovelace;+14155550101\n');
    expect(row?.fields).toEqual({
      name: 'Ada Lovelace',
      phone: '+14155550101',
      email: undefined,
      timezone: undefined,
      external_id: undefined,
      notes: undefined,
    });
  });
});

describe('row checks', () => {
  it('rejects each bad row with its reason and keeps the first of duplicates', () => {
    const rows = readCsv(
      [
        'Name,Phone,Email,Time zone,ID',
        'Ada,+1 415 555 0101,ada@example.com,America/Chicago,A1',
        'Bob,555-0102,,,',
        ',+14155550103,,,',
        'Cy,+14155550101,,,',
        'Di,+14155550104,not-an-email,,',
        'Ed,+14155550105,,Mars/Olympus,',
        'Flo,+14155550106,,,A1',
        'Gus,+14155550107,,,',
      ].join('\n'),
    );
    const { valid, rejected } = checkRows(rows);
    expect(valid.map((r) => [r.row, r.phone])).toEqual([
      [2, '+14155550101'],
      [9, '+14155550107'],
    ]);
    expect(rejected.map((r) => [r.row, r.code])).toEqual([
      [3, 'invalid_phone'],
      [4, 'missing_name'],
      [5, 'duplicate_in_file'],
      [6, 'invalid_email'],
      [7, 'unknown_timezone'],
      [8, 'duplicate_in_file'],
    ]);
    expect(rejected.find((r) => r.row === 5)?.reason).toBe('duplicate in the file (same phone as row 2)');
    expect(rejected.find((r) => r.row === 8)?.reason).toBe('duplicate in the file (same external id as row 2)');
  });

  it('numbers JSON rows from 1 and treats empty strings as cleared fields', () => {
    const { valid, rejected } = checkRows(readJson([{ name: 'Ada', phone: '+14155550101', email: '' }, { phone: '+14155550102' }]));
    expect(valid).toEqual([{ row: 1, name: 'Ada', phone: '+14155550101', email: null }]);
    expect(rejected).toEqual([{ row: 2, code: 'missing_name', reason: 'missing name' }]);
  });
});

describe('matching against stored candidates', () => {
  const stored = (over: Partial<CandidateRow>): CandidateRow => ({
    id: 1,
    job_id: 7,
    name: 'Ada',
    phone: '+14155550101',
    email: null,
    timezone: null,
    external_id: null,
    notes: null,
    simulate: null,
    status: 'calling',
    created_at: '2026-11-01T00:00:00.000Z',
    updated_at: '2026-11-01T00:00:00.000Z',
    scheduled_at: null,
    ...over,
  });

  it('matches by external id before phone, keeps status, and counts identical rows as unchanged', () => {
    const ada = stored({ id: 1, external_id: 'A1' });
    const bob = stored({ id: 2, name: 'Bob', phone: '+14155550102' });
    const plan = planImport(
      7,
      [
        { row: 2, name: 'Ada L', phone: '+14155550109', external_id: 'A1' },
        { row: 3, name: 'Bob', phone: '+14155550102' },
        { row: 4, name: 'Cy', phone: '+14155550103' },
      ],
      [ada, bob],
      '2026-11-24T00:00:00.000Z',
    );
    expect(plan.rewrites).toEqual([{ ...ada, name: 'Ada L', phone: '+14155550109', updated_at: '2026-11-24T00:00:00.000Z' }]);
    expect(plan.unchanged).toBe(1);
    expect(plan.inserts.map((r) => [r.name, r.status, r.job_id])).toEqual([['Cy', 'new', 7]]);
  });

  it("refuses a new phone that is another stored candidate's", () => {
    const plan = planImport(
      7,
      [{ row: 2, name: 'Ada', phone: '+14155550102', external_id: 'A1' }],
      [stored({ id: 1, external_id: 'A1' }), stored({ id: 2, phone: '+14155550102' })],
      '2026-11-24T00:00:00.000Z',
    );
    expect(plan.rejected).toEqual([{ row: 2, code: 'phone_taken', reason: 'phone already belongs to another candidate of this job' }]);
    expect(plan.rewrites).toEqual([]);
  });
});
