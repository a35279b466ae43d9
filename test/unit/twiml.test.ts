import VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js';
import { describe, expect, it } from 'vitest';
import { renderTwiml, type GatherOptions } from '../../src/adapters/twilio/twiml.js';
import type { Action } from '../../src/core/conversation/types.js';

const options: GatherOptions = { action: 'https://example.test/twilio-process?turn=2', timeout: 10, hints: 'yes, no' };
const offer: Action[] = [
  { type: 'say', text: 'Hello Alex.' },
  { type: 'say', text: 'Does Tuesday at 2 PM work?' },
  { type: 'gather', dtmf: false },
];

/** What the twilio builder gives for the same prompt, built here from scratch. */
function expected(lines: string[], gather: GatherOptions | undefined, dtmf = false): string {
  const response = new VoiceResponse();
  if (gather === undefined) {
    for (const line of lines) response.say(line);
    response.hangup();
    return response.toString();
  }
  const g = response.gather({
    input: dtmf ? ['speech', 'dtmf'] : ['speech'],
    action: gather.action,
    method: 'POST',
    timeout: gather.timeout,
    speechTimeout: 'auto',
    actionOnEmptyResult: true,
    language: 'en-US',
    ...(dtmf ? { numDigits: 1 } : {}),
    ...(gather.hints === undefined ? {} : { hints: gather.hints }),
  });
  for (const line of lines) g.say(line);
  response.redirect({ method: 'POST' }, gather.action);
  return response.toString();
}

describe('renderTwiml', () => {
  it('gives what the builder gives, first time and remembered', () => {
    const want = expected(['Hello Alex.', 'Does Tuesday at 2 PM work?'], options);
    expect(renderTwiml(offer, options)).toBe(want);
    expect(renderTwiml(offer, options)).toBe(want);
    expect(renderTwiml([{ type: 'say', text: 'Goodbye.' }, { type: 'hangup' }], options)).toBe(expected(['Goodbye.'], undefined));
  });

  it('a remembered rendering is never given for a prompt that differs in anything the TwiML shows', () => {
    renderTwiml(offer, options);
    const variants: Array<[Action[], GatherOptions, string]> = [
      [
        [{ type: 'say', text: 'Hello Sam.' }, offer[1]!, offer[2]!],
        options,
        expected(['Hello Sam.', 'Does Tuesday at 2 PM work?'], options),
      ],
      [
        [offer[0]!, offer[1]!, { type: 'gather', dtmf: true }],
        options,
        expected(['Hello Alex.', 'Does Tuesday at 2 PM work?'], options, true),
      ],
      [
        offer,
        { ...options, action: 'https://example.test/twilio-process?turn=3' },
        expected(['Hello Alex.', 'Does Tuesday at 2 PM work?'], { ...options, action: 'https://example.test/twilio-process?turn=3' }),
      ],
      [offer, { ...options, timeout: 5 }, expected(['Hello Alex.', 'Does Tuesday at 2 PM work?'], { ...options, timeout: 5 })],
      [
        offer,
        { action: options.action, timeout: 10 },
        expected(['Hello Alex.', 'Does Tuesday at 2 PM work?'], { action: options.action, timeout: 10 }),
      ],
      [
        [{ type: 'say', text: 'Hello Alex. Does Tuesday at 2 PM work?' }, offer[2]!],
        options,
        expected(['Hello Alex. Does Tuesday at 2 PM work?'], options),
      ],
      [[offer[0]!, offer[1]!, { type: 'hangup' }], options, expected(['Hello Alex.', 'Does Tuesday at 2 PM work?'], undefined)],
    ];
    for (const [actions, gather, want] of variants) expect(renderTwiml(actions, gather)).toBe(want);
  });
});
