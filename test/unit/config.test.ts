import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('serves on embedded defaults: simulator, SQLite, port 8000, the prototype limits', () => {
    const config = loadConfig({});
    expect(config.TELEPHONY).toBe('simulated');
    expect(config.DATABASE_URL).toBe('sqlite:./data/interview-caller.db');
    expect(config.PORT).toBe(8000);
    expect(config.MAX_TURNS).toBe(6);
    expect(config.SPEECH_TIMEOUT).toBe(10);
    expect(config.LOG_FILE).toBe('conversation.log');
  });

  it('picks twilio when the three Twilio variables are set, and treats empty lines as unset', () => {
    const config = loadConfig({
      TWILIO_ACCOUNT_SID: 'AC1',
      TWILIO_AUTH_TOKEN: 't',
      TWILIO_PHONE_NUMBER: '+15005550006',
      WEBHOOK_BASE_URL: 'https://x.ngrok.app',
      TELEPHONY: '',
      OPENAI_API_KEY: '',
    });
    expect(config.TELEPHONY).toBe('twilio');
    expect(config.OPENAI_API_KEY).toBeUndefined();
  });

  it('names every missing Twilio setting at once in twilio mode', () => {
    try {
      loadConfig({ TELEPHONY: 'twilio', PORT: 'abc', INTERVIEW_TIMEZONE: 'Mars/Base' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toContain('PORT');
    }
    const err = (() => {
      try {
        loadConfig({ TELEPHONY: 'twilio', INTERVIEW_TIMEZONE: 'Mars/Base' });
      } catch (e) {
        return e as ConfigError;
      }
      return undefined;
    })();
    expect(err?.problems.some((p) => p.startsWith('TWILIO_ACCOUNT_SID'))).toBe(true);
    expect(err?.problems.some((p) => p.startsWith('TWILIO_AUTH_TOKEN'))).toBe(true);
    expect(err?.problems.some((p) => p.startsWith('TWILIO_PHONE_NUMBER'))).toBe(true);
    expect(err?.problems.some((p) => p.startsWith('WEBHOOK_BASE_URL'))).toBe(true);
    expect(err?.problems.some((p) => p.startsWith('INTERVIEW_TIMEZONE'))).toBe(true);
  });

  it('refuses an ADMIN_API_KEY shorter than 32 characters, saying so, alongside the other problems', () => {
    const problems = problemsOf({ ADMIN_API_KEY: 'short-key-0123456789', PORT: 'abc' });
    expect(problems.find((p) => p.startsWith('ADMIN_API_KEY'))).toMatch(/at least 32 characters/);
    expect(problems.some((p) => p.startsWith('PORT'))).toBe(true);
    // The key itself is never echoed back (the message may end up in a log).
    expect(problems.join('\n')).not.toContain('short-key-0123456789');
  });

  it('accepts an ADMIN_API_KEY of 32 characters or more, and an unset one (a key is generated in DATA_DIR)', () => {
    expect(loadConfig({ ADMIN_API_KEY: 'k'.repeat(32) }).ADMIN_API_KEY).toBe('k'.repeat(32));
    expect(loadConfig({ ADMIN_API_KEY: '' }).ADMIN_API_KEY).toBeUndefined();
  });

  it('holds DNC_SECRET to the same length', () => {
    expect(problemsOf({ DNC_SECRET: 'too-short' }).find((p) => p.startsWith('DNC_SECRET'))).toMatch(/at least 32 characters/);
    expect(loadConfig({ DNC_SECRET: 's'.repeat(40) }).DNC_SECRET).toBe('s'.repeat(40));
  });
});

/** The problems loadConfig reports for `env` (it must refuse it). */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('loadConfig accepted the configuration');
}
