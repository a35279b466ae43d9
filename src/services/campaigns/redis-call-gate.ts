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
local inflight = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local free = tonumber(ARGV[1]) - redis.call('ZCARD', KEYS[1])
local asked = #ARGV - 3
local granted = 0
while granted < asked and granted < free do
  redis.call('ZADD', KEYS[1], now + inflight, ARGV[4 + granted])
  granted = granted + 1
end
if granted > 0 then redis.call('PEXPIRE', KEYS[1], inflight + window) end
if granted == asked then return {granted, 0} end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {granted, math.max(1, math.min(tonumber(oldest[2]) + window - now + 1, 250))}
`;

/** The requests were answered (or failed): each counts from now, for one window. */
const DONE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 1, #ARGV do redis.call('ZADD', KEYS[1], 'XX', now, ARGV[i]) end
return 0
`;

/** The gate's scripts, sent by their SHA (EVALSHA) once Redis has them. */
interface GateRedis extends Redis {
  callGateTake(key: string, ...args: string[]): Promise<[number, number]>;
  callGateDone(key: string, ...members: string[]): Promise<number>;
}

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

interface Taker {
  member: string;
  granted: () => void;
  refused: (err: unknown) => void;
}

/**
 * The gate: `take()` waits until a request may be sent under the limit and records it as in flight; call its result
 * once the request is answered. The takes (and the answers) of one turn of the event loop go to Redis together, one
 * script run for all of them: granted in order while the log has room, the rest asking again when the oldest entry
 * leaves the window. The limit is the same as one take at a time (each grant is one entry in the log, checked in
 * the script); only the round trips are fewer.
 */
export function callGate(options: CallGateOptions): () => Promise<() => Promise<void>> {
  const redis = options.redis as GateRedis;
  if (typeof redis.callGateTake !== 'function') {
    redis.defineCommand('callGateTake', { numberOfKeys: 1, lua: TAKE });
    redis.defineCommand('callGateDone', { numberOfKeys: 1, lua: DONE });
  }
  let waiting: Taker[] = [];
  let taking = false;
  let answered: Array<{ member: string; done: () => void; failed: (err: unknown) => void }> = [];
  let answering = false;

  async function takeWaiting(): Promise<void> {
    while (waiting.length > 0) {
      // Never sent: the requests never left this machine, so their attempts can go back to due at once.
      if (options.closing()) {
        const err = new TelephonyError('the campaign engine is closing: the call was not placed', 'unavailable', 'not_sent', true);
        for (const taker of waiting.splice(0)) taker.refused(err);
        return;
      }
      const group = waiting;
      waiting = [];
      const args = [String(options.max), String(options.windowMs), String(options.inflightMs)];
      let granted: number;
      let wait: number;
      try {
        [granted, wait] = (await redis.callGateTake(options.key, ...args, ...group.map((g) => g.member))).map(Number) as [number, number];
      } catch (err) {
        for (const taker of group) taker.refused(err);
        continue;
      }
      for (const taker of group.slice(0, granted)) taker.granted();
      const rest = group.slice(granted);
      waiting = [...rest, ...waiting];
      if (rest.length > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  async function answerAll(): Promise<void> {
    while (answered.length > 0) {
      const group = answered;
      answered = [];
      try {
        await redis.callGateDone(options.key, ...group.map((g) => g.member));
        for (const entry of group) entry.done();
      } catch (err) {
        for (const entry of group) entry.failed(err);
      }
    }
  }

  const answer = (member: string) => (): Promise<void> =>
    new Promise((done, failed) => {
      answered.push({ member, done, failed });
      if (answering) return;
      answering = true;
      setImmediate(() => void answerAll().finally(() => (answering = false)));
    });

  return () =>
    new Promise((resolve, reject) => {
      const member = options.nextId();
      waiting.push({ member, granted: () => resolve(answer(member)), refused: reject });
      if (taking) return;
      taking = true;
      setImmediate(() => void takeWaiting().finally(() => (taking = false)));
    });
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
