/**
 * The service's clock. Real by default; for demos and tests a simulated one (CLOCK_SPEED, CLOCK_EPOCH) on which the
 * waits of hours between campaign attempts pass in seconds: now = epoch + (real − anchor) × speed, where `anchor` is a
 * real instant (CLOCK_ANCHOR, default when the clock was made) and `epoch` the simulated time then (CLOCK_EPOCH,
 * default `anchor`). Processes given the same anchor and epoch agree on the time (several instances sharing leases).
 * config.ts refuses a simulated clock with real calls.
 */
export interface Clock {
  /** Simulated seconds per real second (1: the real clock). */
  readonly speed: number;
  now(): Date;
  /** Real milliseconds until the clock reads `untilIso` (0 when it already has). */
  realDelayMs(untilIso: string): number;
}

export interface ClockOptions {
  speed: number;
  /** The simulated time at `anchor` (ISO 8601); default the real time then. */
  epoch?: string | undefined;
  /** The real instant at which the clock reads `epoch` (ISO 8601); default when the clock is made. */
  anchor?: string | undefined;
  /** The real clock (tests). */
  realNow?: () => number;
}

export function createClock(options: ClockOptions): Clock {
  const realNow = options.realNow ?? Date.now;
  const anchor = options.anchor === undefined ? realNow() : Date.parse(options.anchor);
  const epoch = options.epoch === undefined ? anchor : Date.parse(options.epoch);
  const speed = options.speed;
  const now =
    speed === 1 && epoch === anchor ? () => new Date(realNow()) : () => new Date(Math.round(epoch + (realNow() - anchor) * speed));
  return {
    speed,
    now,
    realDelayMs: (untilIso) => realDelayMs(untilIso, now(), speed),
  };
}

/** Real milliseconds until a clock running at `speed`, reading `now`, reads `untilIso` (0 when it already has). */
export function realDelayMs(untilIso: string, now: Date, speed: number): number {
  const simulated = Date.parse(untilIso) - now.getTime();
  return Number.isFinite(simulated) && simulated > 0 ? Math.ceil(simulated / speed) : 0;
}
