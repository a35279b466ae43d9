import type { LiveEvent } from './events.js';

export type LiveListener = (event: LiveEvent) => void;

/**
 * The in-process bus the services that store turns and end calls publish to, and each open `GET /live` stream
 * listens on. Nothing is kept: an event with no listener is dropped at once (no buffer, no memory growth), and the
 * number of listeners is bounded (each one is an open connection). Another process's calls are not seen here.
 */
export interface LiveBus {
  /** True when someone listens: publishers skip building an event otherwise. */
  readonly listening: boolean;
  readonly listeners: number;
  publish(event: LiveEvent): void;
  /** Adds a listener; undefined when `maxListeners` are listening already. Returns its removal. */
  subscribe(listener: LiveListener): (() => void) | undefined;
}

export const DEFAULT_MAX_LISTENERS = 100;

export function createLiveBus(options: { maxListeners?: number; onListenerError?: (err: unknown) => void } = {}): LiveBus {
  const max = options.maxListeners ?? DEFAULT_MAX_LISTENERS;
  const listeners = new Set<LiveListener>();
  return {
    get listening() {
      return listeners.size > 0;
    },
    get listeners() {
      return listeners.size;
    },
    publish(event) {
      for (const listener of listeners) {
        // A listener's failure (a closed socket) never reaches the turn that published.
        try {
          listener(event);
        } catch (err) {
          options.onListenerError?.(err);
        }
      }
    },
    subscribe(listener) {
      if (listeners.size >= max) return undefined;
      // Wrapped, so the same function subscribed twice is two listeners removed one by one.
      const own: LiveListener = (event) => listener(event);
      listeners.add(own);
      return () => {
        listeners.delete(own);
      };
    },
  };
}
