import { describe, expect, it } from 'vitest';
import { maskPhone, maskPhoneLikeValues, maskPhones } from '../../src/core/auth/mask.js';
import { requiredRole, roleAllows } from '../../src/core/auth/roles.js';

describe('what a viewer sees of phone numbers', () => {
  it('keeps the first digit of the country code and the last four', () => {
    expect(maskPhone('+14155550123')).toBe('+1••••••0123');
    expect(maskPhone('+447700900123')).toBe('+4••••••0123');
    expect(maskPhone('123')).toBe('••••');
  });

  it('masks the phone keys at any depth, and to/from only when they hold a number (not a date or an email)', () => {
    const answer = {
      items: [{ candidate_phone: '+14155550123', name: 'Ada', nested: { phone_number: '+14155550124', phone: null } }],
      from: '2026-11-24',
      to: '+14155550125',
      messages: [{ to: 'ada@example.com', from: '+14155550126' }],
    };
    expect(maskPhones(answer)).toEqual({
      items: [{ candidate_phone: '+1••••••0123', name: 'Ada', nested: { phone_number: '+1••••••0124', phone: null } }],
      from: '2026-11-24',
      to: '+1••••••0125',
      messages: [{ to: 'ada@example.com', from: '+1••••••0126' }],
    });
  });

  it('masks phone-like route parameters for the audit log whatever their name, and leaves ids and call sids', () => {
    expect(maskPhoneLikeValues({ id: '+14155550123', call_sid: 'CA0123456789abcdef', job: 12 })).toEqual({
      id: '+1••••••0123',
      call_sid: 'CA0123456789abcdef',
      job: 12,
    });
  });
});

describe('roles', () => {
  it('reads need a viewer, changes a recruiter, unless the route names its role', () => {
    expect(requiredRole('GET', undefined)).toBe('viewer');
    expect(requiredRole('DELETE', undefined)).toBe('recruiter');
    expect(requiredRole('GET', 'admin')).toBe('admin');
    expect(roleAllows('admin', 'recruiter')).toBe(true);
    expect(roleAllows('recruiter', 'admin')).toBe(false);
    expect(roleAllows('viewer', 'recruiter')).toBe(false);
  });
});
