import type { Redis } from 'ioredis';
import { TelephonyError } from '../../adapters/telephony.js';
import type { Telephony } from '../../adapters/telephony.js';

/**
 * Calls started per second across every instance, counted where Twilio counts them: at the REST request.
 *
 * BullMQ's limiter bounds when jobs start, in fixed windows that open with their first job (up to 1.5 × max jobs can
 * start within one sliding second at a window's edge), and a job's request reaches Twilio some time after it starts
 * (the claim, the checks, a cold connection). So the request itself passes this gate: a sliding log in Redis (a
 * sorted set, times from the Redis server's clock, shared by every instance). A request is sent only when fewer than
 * `max` requests are in the log's last `windowMs`, where a request still in flight counts as happening now, and one
 * that was answered counts at the time of its answer. Twilio received it between the two, so no window of that length
 * on Twilio's clock can hold more than `max` of them, however long a request took.
 */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  local inflight = tonumber(ARGV[4])
  redis.call('ZADD', KEYS[1], now + inflight, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], inflight + window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, math.min(tonumber(oldest[2]) + window - now + 1, 250))
`;

/** The request was answered (or failed): it counts from now, for one window. */
const DONE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1])
return 0
`;

export interface CallGateOptions {
  redis: Redis;
  /** The sorted set's key (under the queue's prefix). */
  key: string;
  /** Requests per window at most (TWILIO_CPS). */
  max: number;
  windowMs: number;
  /**
   * How long a request may be in flight (the REST client's timeout): an entry whose instance died mid-request stops
   * counting after this.
   */
  inflightMs: number;
  /** A unique member per request. */
  nextId: () => string;
  /** True once the engine closes: a waiting call gives up (its attempt goes back to due). */
  closing: () => boolean;
}

/** Waits until a request may be sent under the limit, records it as in flight; call the result once it is answered. */
export async function takeCallSlot(options: CallGateOptions): Promise<() => Promise<void>> {
  const member = options.nextId();
  for (;;) {
    // Never sent: the request never left this machine, so the attempt can go back to due at once.
    if (options.closing())
      throw new TelephonyError('the campaign engine is closing: the call was not placed', 'unavailable', 'not_sent', true);
    const args = [String(options.max), String(options.windowMs), member, String(options.inflightMs)];
    const wait = Number(await options.redis.eval(TAKE, 1, options.key, ...args));
    if (wait <= 0) break;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  return async () => {
    await options.redis.eval(DONE, 1, options.key, member);
  };
}

/** `telephony` whose placeCall passes `gate` first (and reports its answer); every other member is the original's. */
export function gatedTelephony<T extends Telephony>(telephony: T, gate: () => Promise<() => Promise<void>>): T {
  return new Proxy(telephony, {
    get(target, prop, receiver) {
      if (prop === 'placeCall') {
        return async (...args: Parameters<Telephony['placeCall']>) => {
          const answered = await gate();
          try {
            return await target.placeCall(...args);
          } finally {
            await answered();
          }
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
