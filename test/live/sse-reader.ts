/** Reads a server-sent events stream in a test: `next(type)` waits for the next event of that type (others are kept). */

export interface SseEvent {
  event: string;
  data: unknown;
}

export interface SseReader {
  status: number;
  contentType: string | null;
  /** Every event received so far, in order (comments are counted in `comments`). */
  events: SseEvent[];
  comments: number;
  /** Waits for an event matching `match`, received already or to come; rejects after `ms` (default 10 s). */
  next(match: (e: SseEvent) => boolean, ms?: number): Promise<SseEvent>;
  /** Resolves when the server ended the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string>): Promise<SseReader> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const events: SseEvent[] = [];
  const waiters: Array<() => void> = [];
  const reader: SseReader = {
    status: res.status,
    contentType: res.headers.get('content-type'),
    events,
    comments: 0,
    async next(match, ms = 10_000) {
      const deadline = Date.now() + ms;
      let seen = 0;
      for (;;) {
        const found = events.slice(seen).find(match);
        if (found !== undefined) return found;
        seen = 0;
        if (Date.now() > deadline) throw new Error(`no matching event; got ${JSON.stringify(events.map((e) => e.event))}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    ended: Promise.resolve(),
    close: () => abort.abort(),
  };
  reader.ended = (async () => {
    if (res.body === null) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(':')) reader.comments += 1;
          const type = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (type !== undefined && data !== undefined) events.push({ event: type, data: JSON.parse(data) });
        }
        for (const wake of waiters.splice(0)) wake();
      }
    } catch {
      // aborted by close()
    }
    for (const wake of waiters.splice(0)) wake();
  })();
  return reader;
}
