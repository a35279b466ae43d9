import { useSignal } from '@preact/signals';
import type { Signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { errorMessage } from './client.js';

export type Loadable<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; data: T };

/** What an openapi-fetch call answers: the typed data, or the error body. */
interface Answer<T> {
  data?: T;
  error?: unknown;
}

/**
 * Loads data for a component with an openapi-fetch call, again whenever `deps` change (the previous request
 * aborted); `reload` asks again. The state is a signal, so only what reads it re-renders.
 */
export function useApi<T>(
  load: (signal: AbortSignal) => Promise<Answer<T>>,
  deps: unknown[],
): { result: Signal<Loadable<T>>; reload: () => void } {
  const result = useSignal<Loadable<T>>({ state: 'loading' });
  const generation = useSignal(0);
  useEffect(() => {
    const controller = new AbortController();
    result.value = { state: 'loading' };
    load(controller.signal).then(
      (answer) => {
        if (controller.signal.aborted) return;
        result.value =
          answer.data !== undefined ? { state: 'ready', data: answer.data } : { state: 'error', message: errorMessage(answer.error) };
      },
      (err: unknown) => {
        if (!controller.signal.aborted) result.value = { state: 'error', message: err instanceof Error ? err.message : String(err) };
      },
    );
    return () => controller.abort();
  }, [...deps, generation.value]);
  return { result, reload: () => (generation.value += 1) };
}
