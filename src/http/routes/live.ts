import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../../core/errors.js';
import type { Deps } from '../../deps.js';
import type { LiveEvent } from '../../services/live/events.js';
import { liveSnapshot } from '../../services/live/snapshot.js';

/** A listener whose client reads slower than the calls talk is cut off past this much unsent text (it reconnects). */
const MAX_UNSENT_BYTES = 256 * 1024;
/** Events that arrive while the snapshot is read are held, up to this many. */
const MAX_HELD = 1000;

export interface LiveRouteOptions {
  deps: Deps;
  /** Milliseconds between heartbeat comments (default 15 s: proxies close a connection silent for longer). */
  heartbeatMs?: number;
}

/**
 * `GET /live`: server-sent events for the Live page. A `snapshot` first (the calls in progress with their latest
 * turn), then `turn` and `call` events as the services store them, and a comment every 15 s. Every open stream is
 * ended when the server closes (preClose), so an open page never holds a shutdown.
 */
export const liveRoutes: FastifyPluginAsyncTypebox<LiveRouteOptions> = async (app, { deps, heartbeatMs = 15_000 }) => {
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const stop of [...open]) stop();
  });

  app.get(
    '/live',
    {
      schema: {
        tags: ['live'],
        summary: 'Calls in progress, live (server-sent events)',
        description:
          'text/event-stream. `snapshot` {calls: [{call_sid, job_id, candidate, started_at, twilio_status, latest_turn}]} first, ' +
          'then `turn` {call_sid, job_id, candidate, at, turn, caller_text, candidate_text, intent, state} and ' +
          '`call` {call_sid, status: started|ended, outcome?, at} as they happen; a comment line every 15 s. ' +
          "This instance's calls only. 503 `too_many_listeners` when too many streams are open.",
        security: [{ bearerAuth: [] }],
        produces: ['text/event-stream'],
        // No response schema: the 200 is a stream (401 and 503 are the usual error bodies).
      },
    },
    async (request, reply) => {
      const stream = new PassThrough();
      let held: LiveEvent[] | undefined = [];
      let stopped = false;
      const write = (text: string) => {
        if (stopped) return;
        if (stream.writableLength + stream.readableLength > MAX_UNSENT_BYTES) {
          request.log.warn('live stream reader too slow: closing it');
          stop();
          return;
        }
        stream.write(text);
      };
      const unsubscribe = deps.live.subscribe((event) => {
        if (held === undefined) write(frame(event.type, event.data));
        else if (held.length < MAX_HELD) held.push(event);
      });
      if (unsubscribe === undefined) throw new AppError('too_many_listeners', 'Too many live streams are open; try again later.', 503);
      const heartbeat = setInterval(() => write(': heartbeat\n\n'), heartbeatMs);
      heartbeat.unref();
      function stop() {
        if (stopped) return;
        stopped = true;
        clearInterval(heartbeat);
        unsubscribe?.();
        open.delete(stop);
        stream.end();
      }
      open.add(stop);
      reply.raw.on('close', stop);
      try {
        const calls = await liveSnapshot(deps);
        write('retry: 3000\n\n');
        write(frame('snapshot', { calls }));
      } catch (err) {
        stop();
        throw err;
      }
      const events = held;
      held = undefined;
      for (const event of events) write(frame(event.type, event.data));
      return reply
        .type('text/event-stream; charset=utf-8')
        .header('cache-control', 'no-cache, no-transform')
        .header('x-accel-buffering', 'no')
        .send(stream);
    },
  );
};

/** One server-sent event (JSON never holds a raw newline, so one `data:` line). */
function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
