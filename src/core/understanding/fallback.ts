import { INTENTS, QUESTION_TOPICS, type UnderstandInput, type Understander, type Understanding } from './types.js';

/**
 * Runs a remote understander under a time budget with a local understander as the safety net.
 * Pure core: knows nothing about OpenAI; reads a failure's reason from the error's `reason` string.
 */

export interface FallbackEvent {
  /** 'timeout', 'aborted' (the caller's signal fired), 'invalid' (bad result), or the error's `reason`. */
  reason: string;
  /** From the start of the turn to the moment the fallback was chosen. */
  elapsedMs: number;
  error?: unknown;
}

export interface FallbackStats {
  calls: number;
  fallbacks: number;
  byReason: Record<string, number>;
}

export interface FallbackOptions {
  /** The primary's budget; past it the turn answers with the fallback's result. */
  timeoutMs: number;
  /** Called once per fallback, synchronously; exceptions it throws are ignored. */
  onFallback?: (event: FallbackEvent) => void;
}

export type UnderstanderWithStats = Understander & { stats(): FallbackStats };

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether a result honours the contract for this input (so it can be used as is). */
export function isValidUnderstanding(result: unknown, input: UnderstandInput): result is Understanding {
  if (typeof result !== 'object' || result === null) return false;
  const r = result as Record<string, unknown>;
  if (typeof r.intent !== 'string' || !(INTENTS as readonly string[]).includes(r.intent)) return false;
  if (r.slot !== null) {
    if (r.intent !== 'accept' || typeof r.slot !== 'number' || !Number.isInteger(r.slot)) return false;
    if (r.slot < 0 || r.slot >= input.offered.length) return false;
  }
  if (r.time !== null && (typeof r.time !== 'string' || !TIME.test(r.time))) return false;
  if (r.date !== null && (typeof r.date !== 'string' || !DATE.test(r.date))) return false;
  if (r.topic !== undefined && r.topic !== null && !(QUESTION_TOPICS as readonly unknown[]).includes(r.topic)) return false;
  if (typeof r.confidence !== 'number' || !(r.confidence >= 0 && r.confidence <= 1)) return false;
  return r.engine === 'local' || r.engine === 'openai';
}

function reasonOf(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const reason = (error as { reason?: unknown }).reason;
    if (typeof reason === 'string' && reason !== '') return reason;
    const name = (error as { name?: unknown }).name;
    if (name === 'TimeoutError') return 'timeout';
    if (name === 'AbortError') return 'aborted';
  }
  return 'error';
}

function budgetError(timeoutMs: number): Error {
  const error = new Error(`understanding budget of ${timeoutMs} ms exceeded`);
  error.name = 'TimeoutError';
  return error;
}

/**
 * Starts `fallback` and `primary` together for every turn. The primary gets an AbortSignal that fires
 * at `timeoutMs` or when the caller's `signal` fires, whichever is first. The turn resolves with:
 * - the primary's result, if it arrives in time and honours the contract;
 * - otherwise (timeout, caller abort, error, invalid result) the fallback's result, at once — the
 *   primary is aborted, not awaited, so a turn never takes longer than the budget plus a few ms.
 * It rejects only when the fallback itself fails and the primary cannot answer.
 */
export function withFallback(primary: Understander, fallback: Understander, opts: FallbackOptions): UnderstanderWithStats {
  const timeoutMs = Math.max(0, opts.timeoutMs);
  let calls = 0;
  let fallbacks = 0;
  const byReason: Record<string, number> = {};

  function record(event: FallbackEvent): void {
    fallbacks++;
    byReason[event.reason] = (byReason[event.reason] ?? 0) + 1;
    try {
      opts.onFallback?.(event);
    } catch {
      // An observer must not break a call.
    }
  }

  return {
    name: primary.name,
    stats: () => ({ calls, fallbacks, byReason: { ...byReason } }),
    understand(input: UnderstandInput, signal?: AbortSignal): Promise<Understanding> {
      calls++;
      const started = performance.now();
      // Local answers in microseconds; start it first so it is ready whenever it is needed.
      const local = (async () => fallback.understand(input))();
      local.catch(() => undefined); // observed below when needed; never an unhandled rejection

      return new Promise<Understanding>((resolve, reject) => {
        let settled = false;
        const controller = new AbortController();

        const cleanup = (): void => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onCallerAbort);
        };

        const useFallback = (reason: string, error?: unknown): void => {
          if (settled) return;
          settled = true;
          cleanup();
          controller.abort(reason === 'timeout' ? budgetError(timeoutMs) : (signal?.reason ?? error));
          const event: FallbackEvent = { reason, elapsedMs: Math.round(performance.now() - started) };
          if (error !== undefined) event.error = error;
          record(event);
          local.then(resolve, reject);
        };

        const onCallerAbort = (): void => useFallback('aborted', signal?.reason);
        const timer = setTimeout(() => useFallback('timeout'), timeoutMs);
        if (signal?.aborted) {
          useFallback('aborted', signal.reason);
          return;
        }
        signal?.addEventListener('abort', onCallerAbort, { once: true });

        let pending: Promise<Understanding>;
        try {
          pending = Promise.resolve(primary.understand(input, controller.signal));
        } catch (error) {
          pending = Promise.reject(error);
        }
        pending.then(
          (result) => {
            if (settled) return;
            if (!isValidUnderstanding(result, input)) {
              useFallback('invalid', new Error('primary result does not honour the contract'));
              return;
            }
            settled = true;
            cleanup();
            resolve(result);
          },
          (error: unknown) => useFallback(reasonOf(error), error),
        );
      });
    },
  };
}
