import { describe, expect, it } from 'vitest';
import { checkCallingHours, checkCallingHoursEverywhere, parseCallingHours } from '../../src/core/scheduling/calling-hours.js';
import { zonesForPhone } from '../../src/core/scheduling/phone-zone.js';

const at = (iso: string) => new Date(iso);

describe('checkCallingHours (pure)', () => {
  it('allows inside the window, with the start inclusive and the end exclusive', () => {
    // New York in winter is UTC-5.
    expect(checkCallingHours(at('2026-01-14T13:00:00Z'), 'America/New_York', '08:00-21:00')).toEqual({ allowed: true });
    expect(checkCallingHours(at('2026-01-14T13:00:00Z'), 'America/New_York', '08:00-21:00').allowed).toBe(true); // 08:00 sharp
    expect(checkCallingHours(at('2026-01-15T01:59:59Z'), 'America/New_York', '08:00-21:00').allowed).toBe(true); // 20:59:59
    expect(checkCallingHours(at('2026-01-15T02:00:00Z'), 'America/New_York', '08:00-21:00')).toEqual({
      allowed: false,
      nextAllowed: '2026-01-15T08:00:00-05:00',
    });
  });

  it('before the window opens, the next allowed time is today; after it closes, tomorrow', () => {
    expect(checkCallingHours(at('2026-01-14T12:59:00Z'), 'America/New_York', '08:00-21:00')).toEqual({
      allowed: false,
      nextAllowed: '2026-01-14T08:00:00-05:00',
    });
    expect(checkCallingHours(at('2026-01-15T03:30:00Z'), 'America/New_York', '08:00-21:00')).toEqual({
      allowed: false,
      nextAllowed: '2026-01-15T08:00:00-05:00',
    });
  });

  it('works in zones east of UTC, including half-hour and 45-minute offsets and across the date line', () => {
    // 23:30 UTC is 08:30 next day in Tokyo (UTC+9).
    expect(checkCallingHours(at('2026-03-01T23:30:00Z'), 'Asia/Tokyo', '08:00-21:00').allowed).toBe(true);
    // 02:00 UTC is 07:30 in Kolkata (UTC+5:30).
    expect(checkCallingHours(at('2026-03-02T02:00:00Z'), 'Asia/Kolkata', '08:00-21:00')).toEqual({
      allowed: false,
      nextAllowed: '2026-03-02T08:00:00+05:30',
    });
    // 08:00 UTC on 1 March is 21:45 in Chatham (UTC+13:45, southern summer): closed until tomorrow 08:00.
    expect(checkCallingHours(at('2026-03-01T08:00:00Z'), 'Pacific/Chatham', '08:00-21:00')).toEqual({
      allowed: false,
      nextAllowed: '2026-03-02T08:00:00+13:45',
    });
    // 16:00 UTC on 1 March is 06:00 on 2 March in Kiritimati (UTC+14).
    expect(checkCallingHours(at('2026-03-01T16:00:00Z'), 'Pacific/Kiritimati', '08:00-21:00')).toEqual({
      allowed: false,
      nextAllowed: '2026-03-02T08:00:00+14:00',
    });
  });

  it('works in zones west of UTC', () => {
    // 17:00 UTC is 07:00 in Honolulu (UTC-10, no DST).
    expect(checkCallingHours(at('2026-07-01T17:00:00Z'), 'Pacific/Honolulu', '08:00-21:00')).toEqual({
      allowed: false,
      nextAllowed: '2026-07-01T08:00:00-10:00',
    });
    expect(checkCallingHours(at('2026-07-01T18:00:00Z'), 'Pacific/Honolulu', '08:00-21:00').allowed).toBe(true);
    // 04:30 UTC on 2 July is 21:30 on 1 July in Los Angeles (PDT, UTC-7).
    expect(checkCallingHours(at('2026-07-02T04:30:00Z'), 'America/Los_Angeles', '08:00-21:00')).toEqual({
      allowed: false,
      nextAllowed: '2026-07-02T08:00:00-07:00',
    });
  });

  it('follows daylight saving time: the window is local wall-clock time', () => {
    // Spring forward in New York on 8 March 2026: 01:00 EST, and the window opens at 08:00 EDT (UTC-4).
    expect(checkCallingHours(at('2026-03-08T06:00:00Z'), 'America/New_York', '08:00-21:00')).toEqual({
      allowed: false,
      nextAllowed: '2026-03-08T08:00:00-04:00',
    });
    // 12:30 UTC that day is 08:30 EDT: open (it would be 07:30 in winter).
    expect(checkCallingHours(at('2026-03-08T12:30:00Z'), 'America/New_York', '08:00-21:00').allowed).toBe(true);
    // Fall back on 1 November 2026: 01:30 EDT, the window opens at 08:00 EST (UTC-5).
    expect(checkCallingHours(at('2026-11-01T05:30:00Z'), 'America/New_York', '08:00-21:00')).toEqual({
      allowed: false,
      nextAllowed: '2026-11-01T08:00:00-05:00',
    });
    // Europe switches on 29 March 2026; the evening before it, the next window is at +02:00.
    expect(checkCallingHours(at('2026-03-28T21:00:00Z'), 'Europe/Berlin', '08:00-21:00')).toEqual({
      allowed: false,
      nextAllowed: '2026-03-29T08:00:00+02:00',
    });
    // A window opening inside the skipped hour (02:30 does not exist that night) still yields a real instant.
    const gap = checkCallingHours(at('2026-03-08T06:00:00Z'), 'America/New_York', '02:30-21:00');
    expect(gap.allowed).toBe(false);
    if (!gap.allowed) expect(new Date(gap.nextAllowed).getTime()).toBeGreaterThan(at('2026-03-08T06:00:00Z').getTime());
    // Southern hemisphere: Sydney leaves DST on 5 April 2026 (UTC+11 -> UTC+10).
    expect(checkCallingHours(at('2026-04-05T12:00:00Z'), 'Australia/Sydney', '08:00-21:00')).toEqual({
      allowed: false,
      nextAllowed: '2026-04-06T08:00:00+10:00',
    });
  });

  it('00:00-24:00 allows any time, in any zone', () => {
    for (let h = 0; h < 48; h++) {
      const now = new Date(Date.UTC(2026, 2, 8, 0, 0) + h * 1_800_000);
      for (const zone of ['America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'Pacific/Honolulu']) {
        expect(checkCallingHours(now, zone, '00:00-24:00')).toEqual({ allowed: true });
      }
    }
  });

  it('never answers a next allowed time in the past, and that time is always allowed', () => {
    const zones = ['America/New_York', 'Europe/London', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham'];
    for (let i = 0; i < 24 * 4 * 3; i++) {
      const now = new Date(Date.UTC(2026, 2, 27, 0, 0) + i * 15 * 60_000); // across the European DST switch
      for (const zone of zones) {
        const check = checkCallingHours(now, zone, '09:15-17:45');
        if (!check.allowed) {
          const next = new Date(check.nextAllowed);
          expect(next.getTime()).toBeGreaterThan(now.getTime());
          expect(checkCallingHours(next, zone, '09:15-17:45').allowed).toBe(true);
        }
      }
    }
  });

  it('rejects malformed windows', () => {
    expect(() => parseCallingHours('8-21')).toThrow(RangeError);
    expect(() => parseCallingHours('21:00-08:00')).toThrow(RangeError);
    expect(() => parseCallingHours('08:00-24:01')).toThrow(RangeError);
    expect(() => parseCallingHours('08:60-21:00')).toThrow(RangeError);
    expect(parseCallingHours('00:00-24:00')).toEqual({ start: 0, end: 1440 });
    expect(() => checkCallingHours(new Date(), 'Mars/Olympus', '08:00-21:00')).toThrow(RangeError);
  });
});

describe('checkCallingHoursEverywhere (a country with several zones)', () => {
  const US = zonesForPhone('+14155550123').zones;

  it('requires the window in every zone: 10 AM in New York is 5 AM in Honolulu', () => {
    const check = checkCallingHoursEverywhere(at('2026-11-24T15:00:00Z'), US, '08:00-21:00');
    // 08:00 in Honolulu (UTC-10) is 18:00 UTC, i.e. 13:00 in New York.
    expect(check).toEqual({ allowed: false, nextAllowed: '2026-11-24T13:00:00-05:00' });
    expect(checkCallingHoursEverywhere(at('2026-11-24T18:00:00Z'), US, '08:00-21:00')).toEqual({ allowed: true });
    // 21:00 in New York closes it again.
    expect(checkCallingHoursEverywhere(at('2026-11-25T02:00:00Z'), US, '08:00-21:00')).toEqual({
      allowed: false,
      nextAllowed: '2026-11-25T13:00:00-05:00',
    });
  });

  it('answers null when the windows never overlap', () => {
    expect(checkCallingHoursEverywhere(at('2026-11-24T15:00:00Z'), US, '09:00-10:00')).toEqual({ allowed: false, nextAllowed: null });
  });

  it('is the single-zone check for one zone', () => {
    for (let i = 0; i < 96; i++) {
      const now = new Date(Date.UTC(2026, 5, 1) + i * 15 * 60_000);
      const one = checkCallingHours(now, 'Europe/Paris', '08:00-21:00');
      expect(checkCallingHoursEverywhere(now, ['Europe/Paris'], '08:00-21:00')).toEqual(one);
    }
  });
});

describe('zonesForPhone', () => {
  it('gives the zone of a single-zone country', () => {
    expect(zonesForPhone('+442079460958')).toEqual({ country: 'GB', zones: ['Europe/London'] });
    expect(zonesForPhone('+33142685300')).toEqual({ country: 'FR', zones: ['Europe/Paris'] });
    expect(zonesForPhone('+81312345678')).toEqual({ country: 'JP', zones: ['Asia/Tokyo'] });
    expect(zonesForPhone('+919876543210').zones).toEqual(['Asia/Kolkata']);
  });

  it('gives the extreme zones of a multi-zone country', () => {
    expect(zonesForPhone('+14155550123').zones).toEqual(expect.arrayContaining(['America/New_York', 'Pacific/Honolulu']));
    expect(zonesForPhone('+61212345678').zones).toEqual(expect.arrayContaining(['Australia/Perth']));
    expect(zonesForPhone('+74951234567').zones).toEqual(expect.arrayContaining(['Europe/Kaliningrad', 'Asia/Kamchatka']));
    // US territories have their own region: Puerto Rico and Guam are single-zone.
    expect(zonesForPhone('+17875550123').zones).toEqual(['America/Puerto_Rico']);
  });

  it('knows no zone for a non-geographic or unparseable number', () => {
    expect(zonesForPhone('+80012345678').zones).toEqual([]);
    expect(zonesForPhone('not a phone').zones).toEqual([]);
  });

  it('has a valid IANA zone for every region libphonenumber-js knows', async () => {
    const { getCountries, getExampleNumber } = await import('libphonenumber-js');
    const examples = (await import('libphonenumber-js/mobile/examples')).default;
    for (const country of getCountries()) {
      const example = getExampleNumber(country, examples);
      if (example === undefined) continue;
      const { zones } = zonesForPhone(example.number);
      expect(zones.length, country).toBeGreaterThan(0);
      for (const zone of zones) expect(() => new Intl.DateTimeFormat('en-US', { timeZone: zone })).not.toThrow();
    }
  });
});
