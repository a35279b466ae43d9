/** The understanding engine the service uses, chosen from configuration (wiring, like deps.ts). */
import type { Config } from './config.js';
import { withFallback, type FallbackEvent, type FallbackStats } from './core/understanding/fallback.js';
import { createLocalUnderstander } from './core/understanding/local/index.js';
import type { Engine, UnderstandInput, Understander, Understanding } from './core/understanding/types.js';
import { loadOpenAIUnderstander } from './adapters/openai/load.js';

export type UnderstandingConfig = Pick<Config, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'OPENAI_MODEL' | 'UNDERSTANDING_TIMEOUT_MS'>;

export type AppUnderstander = Understander & { stats(): FallbackStats };

/** Which engine answers turns under this configuration: 'openai' (with local fallback) when a key is set. */
export function describeEngine(config: Pick<Config, 'OPENAI_API_KEY'>): Engine {
  return config.OPENAI_API_KEY ? 'openai' : 'local';
}

/**
 * The application's understander. Without OPENAI_API_KEY: the local engine alone. With it: OpenAI
 * under UNDERSTANDING_TIMEOUT_MS, falling back to the local engine on timeout or any failure
 * (`onFallback` is told each time). Both shapes expose `stats()` for the status page.
 */
export function createUnderstander(config: UnderstandingConfig, onFallback?: (event: FallbackEvent) => void): AppUnderstander {
  const local = createLocalUnderstander();
  if (!config.OPENAI_API_KEY) return countingLocal(local);
  const openai = loadOpenAIUnderstander({
    apiKey: config.OPENAI_API_KEY,
    ...(config.OPENAI_BASE_URL !== undefined ? { baseURL: config.OPENAI_BASE_URL } : {}),
    model: config.OPENAI_MODEL,
    // A little over the budget so withFallback's own timer decides (and aborts) first.
    timeoutMs: config.UNDERSTANDING_TIMEOUT_MS + 250,
  });
  return withFallback(openai, local, {
    timeoutMs: config.UNDERSTANDING_TIMEOUT_MS,
    ...(onFallback !== undefined ? { onFallback } : {}),
  });
}

function countingLocal(local: Understander): AppUnderstander {
  let calls = 0;
  return {
    name: local.name,
    stats: () => ({ calls, fallbacks: 0, byReason: {} }),
    understand(input: UnderstandInput, signal?: AbortSignal): Promise<Understanding> {
      calls++;
      return local.understand(input, signal);
    },
  };
}
