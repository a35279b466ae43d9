import { describe, expect, it } from 'vitest';
import { createLiveBus } from '../../src/services/live/bus.js';
import type { LiveEvent } from '../../src/services/live/events.js';

const ended = (callSid: string): LiveEvent => ({
  type: 'call',
  data: { call_sid: callSid, status: 'ended', outcome: 'scheduled', at: 'now' },
});

describe('the live event bus', () => {
  it('delivers to every listener until it unsubscribes', () => {
    const bus = createLiveBus();
    const a: LiveEvent[] = [];
    const b: LiveEvent[] = [];
    const stopA = bus.subscribe((e) => a.push(e));
    bus.subscribe((e) => b.push(e));
    bus.publish(ended('CA1'));
    stopA?.();
    bus.publish(ended('CA2'));
    expect(a.map((e) => e.data.call_sid)).toEqual(['CA1']);
    expect(b.map((e) => e.data.call_sid)).toEqual(['CA1', 'CA2']);
    expect(bus.listeners).toBe(1);
  });

  it('keeps nothing when nobody listens, and says so to publishers', () => {
    const bus = createLiveBus();
    expect(bus.listening).toBe(false);
    for (let i = 0; i < 1000; i++) bus.publish(ended(`CA${i}`));
    const late: LiveEvent[] = [];
    bus.subscribe((e) => late.push(e));
    expect(bus.listening).toBe(true);
    expect(late).toEqual([]);
  });

  it('refuses listeners past its bound, and takes one again once one leaves', () => {
    const bus = createLiveBus({ maxListeners: 2 });
    const first = bus.subscribe(() => undefined);
    expect(bus.subscribe(() => undefined)).toBeDefined();
    expect(bus.subscribe(() => undefined)).toBeUndefined();
    first?.();
    expect(bus.subscribe(() => undefined)).toBeDefined();
    expect(bus.listeners).toBe(2);
  });

  it('keeps a failing listener from the publisher and from the other listeners', () => {
    const errors: unknown[] = [];
    const bus = createLiveBus({ onListenerError: (err) => errors.push(err) });
    const got: LiveEvent[] = [];
    bus.subscribe(() => {
      throw new Error('socket closed');
    });
    bus.subscribe((e) => got.push(e));
    expect(() => bus.publish(ended('CA1'))).not.toThrow();
    expect(got).toHaveLength(1);
    expect(errors).toHaveLength(1);
  });
});
