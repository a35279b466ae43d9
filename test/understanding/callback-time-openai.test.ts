import { describe, expect, it } from 'vitest';
import { SYSTEM_PROMPT } from '../../src/adapters/openai/prompt.js';
import { RESPONSE_JSON_SCHEMA, parseAnswer } from '../../src/adapters/openai/schema.js';

const input = { offered: [], now: '2026-12-07T10:15:00-05:00', timezone: 'America/New_York' };
const answer = (extra: Record<string, unknown>) => ({ slot: null, time: null, date: null, topic: null, confidence: 0.9, ...extra });

describe("the OpenAI engine's call-back time", () => {
  it('asks the model for a nullable local callback_at in the strict schema, and says how to read it', () => {
    expect(RESPONSE_JSON_SCHEMA.required).toContain('callback_at');
    expect(RESPONSE_JSON_SCHEMA.properties.callback_at.type).toEqual(['string', 'null']);
    expect(SYSTEM_PROMPT).toMatch(/callback_at: for callback_later only/);
  });

  it("reads the local time in the candidate's zone, with its offset", () => {
    const u = parseAnswer(answer({ intent: 'callback_later', callback_at: '2026-12-08T15:00' }), input);
    expect(u.callbackAt).toBe('2026-12-08T15:00:00-05:00');
    const dst = parseAnswer(answer({ intent: 'callback_later', callback_at: '2027-03-15T09:00' }), {
      ...input,
      now: '2027-03-13T16:40:00-06:00',
      timezone: 'America/Chicago',
    });
    expect(dst.callbackAt).toBe('2027-03-15T09:00:00-05:00');
  });

  it('gives null for no time, a time not after now, or no zone; nothing for other intents', () => {
    expect(parseAnswer(answer({ intent: 'callback_later', callback_at: null }), input).callbackAt).toBeNull();
    expect(parseAnswer(answer({ intent: 'callback_later' }), input).callbackAt).toBeNull();
    expect(parseAnswer(answer({ intent: 'callback_later', callback_at: '2026-12-07T09:00' }), input).callbackAt).toBeNull();
    expect(parseAnswer(answer({ intent: 'callback_later', callback_at: '2026-12-08T15:00' }), { offered: [] }).callbackAt).toBeNull();
    expect(parseAnswer(answer({ intent: 'decline', callback_at: '2026-12-08T15:00' }), input).callbackAt).toBeUndefined();
  });

  it('refuses a callback_at that is not a local date and time, like any other field', () => {
    for (const bad of ['tomorrow', '2026-12-08 15:00', '2026-02-30T10:00', '2026-12-08T25:00', '2026-12-08T15:00-05:00']) {
      expect(() => parseAnswer(answer({ intent: 'callback_later', callback_at: bad }), input)).toThrow(/callback_at/);
    }
  });
});
