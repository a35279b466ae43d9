import { describe, expect, it } from 'vitest';
import { createClock, realDelayMs } from '../../src/clock.js';
import { ConfigError, loadConfig } from '../../src/config.js';

/** The simulated clock the campaign's waits run on in tests and demos, and the rule that keeps it off real calls. */
describe('the simulated clock', () => {
  it('runs `speed` simulated seconds a real second from its epoch', () => {
    let real = 1_000_000;
    const clock = createClock({ speed: 600, epoch: '2026-11-24T15:00:00Z', realNow: () => real });
    expect(clock.now().toISOString()).toBe('2026-11-24T15:00:00.000Z');
    real += 1000;
    expect(clock.now().toISOString()).toBe('2026-11-24T15:10:00.000Z');
    // Two simulated hours ahead: 12 real seconds.
    expect(clock.realDelayMs('2026-11-24T17:10:00Z')).toBe(12_000);
    expect(clock.realDelayMs('2026-11-24T15:00:00Z')).toBe(0);
  });

  it('reads the same time in two processes made at different moments when they share an anchor', () => {
    let real = Date.parse('2026-12-01T10:00:00Z');
    const shared = { speed: 3600, epoch: '2026-11-24T15:00:00Z', anchor: '2026-12-01T10:00:00Z', realNow: () => real };
    const first = createClock(shared);
    real += 1500; // the second instance starts a second and a half later
    const second = createClock(shared);
    expect(second.now().toISOString()).toBe(first.now().toISOString());
    expect(first.now().toISOString()).toBe('2026-11-24T16:30:00.000Z');
    // Without the anchor each clock starts at the epoch when it is made: 1.5 real seconds apart, 90 simulated minutes.
    const alone = createClock({ speed: 3600, epoch: shared.epoch, realNow: () => real });
    expect(first.now().getTime() - alone.now().getTime()).toBe(90 * 60_000);
  });

  it('is the real clock at speed 1 without an epoch', () => {
    const clock = createClock({ speed: 1 });
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(50);
    expect(realDelayMs(new Date(Date.now() + 5000).toISOString(), new Date(), 1)).toBeGreaterThan(4900);
  });
});

describe('campaign settings', () => {
  const base = { TWILIO_AUTH_TOKEN: 'x'.repeat(32) };
  const twilio = {
    TELEPHONY: 'twilio',
    TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
    TWILIO_AUTH_TOKEN: 'x'.repeat(32),
    TWILIO_PHONE_NUMBER: '+15005550006',
    WEBHOOK_BASE_URL: 'https://caller.example.com',
  };

  it('defaults: 5 calls at once, 1 per second, 30-second leases, the real clock', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({
      MAX_CONCURRENT_CALLS: 5,
      TWILIO_CPS: 1,
      CAMPAIGN_LEASE_SECONDS: 30,
      CLOCK_SPEED: 1,
      CAMPAIGN_QUEUE_PREFIX: 'interview-caller',
    });
    expect(config.CLOCK_EPOCH).toBeUndefined();
  });

  it('takes a fast clock with simulated calls, or with a Twilio API that is not twilio.com', () => {
    expect(loadConfig({ ...base, TELEPHONY: 'simulated', CLOCK_SPEED: '600' }).CLOCK_SPEED).toBe(600);
    expect(loadConfig({ ...twilio, TWILIO_API_BASE_URL: 'http://127.0.0.1:9999', CLOCK_SPEED: '600' }).CLOCK_SPEED).toBe(600);
  });

  it('refuses a simulated clock with real calls, and says why', () => {
    for (const env of [
      { ...twilio, CLOCK_SPEED: '600' },
      { ...twilio, TWILIO_API_BASE_URL: 'https://api.twilio.com', CLOCK_SPEED: '2' },
      { ...twilio, CLOCK_EPOCH: '2026-11-24T15:00:00Z' },
    ]) {
      const error = (() => {
        try {
          loadConfig(env);
        } catch (err) {
          return err;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toMatch(/CLOCK_(SPEED|EPOCH): the simulated clock is for simulated calls only/);
    }
  });

  it('rejects a bad epoch and a speed of 0', () => {
    expect(() => loadConfig({ ...base, CLOCK_EPOCH: 'yesterday' })).toThrow(/CLOCK_EPOCH/);
    expect(() => loadConfig({ ...base, CLOCK_SPEED: '0' })).toThrow(/CLOCK_SPEED/);
  });
});
