import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { liveRoutes } from '../../src/http/routes/live.js';
import { ADMIN_KEY, simulatedCall, startApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/databases.js';
import { openSse, type SseEvent, type SseReader } from './sse-reader.js';

type Data = Record<string, unknown>;
const dataOf = (e: SseEvent) => e.data as Data;

describe.each(DIALECTS)('GET /live (%s)', (dialect) => {
  let t: TestApp | undefined;
  let stream: SseReader | undefined;
  afterEach(async () => {
    stream?.close();
    await t?.close();
    t = undefined;
    stream = undefined;
  });

  it('sends the snapshot first, then the turns of a call and its end', async () => {
    t = await startApp({ dialect });
    stream = await openSse(`${t.url}/live`, { authorization: `Bearer ${ADMIN_KEY}` });
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    const first = await stream.next(() => true);
    expect(first.event).toBe('snapshot');
    expect(dataOf(first).calls).toEqual([]);

    const { callSid, conversation } = await simulatedCall(t, ['tuesday works for me', 'yes that is right']);
    expect(conversation.outcome).toBe('scheduled');
    const started = await stream.next((e) => e.event === 'call' && dataOf(e).status === 'started');
    expect(dataOf(started)).toMatchObject({ call_sid: callSid, candidate: 'Jordan Lee' });
    const ended = await stream.next((e) => e.event === 'call' && dataOf(e).status === 'ended');
    expect(dataOf(ended)).toMatchObject({ call_sid: callSid, outcome: 'scheduled' });
    const turns = stream.events.filter((e) => e.event === 'turn').map(dataOf);
    expect(turns.map((turn) => turn.turn)).toEqual([0, 1, 2]);
    expect(turns[0]).toMatchObject({ call_sid: callSid, candidate: 'Jordan Lee', candidate_text: null, intent: null });
    expect(turns[1]).toMatchObject({ candidate_text: 'tuesday works for me', state: 'confirming' });
    expect(String(turns[0]?.caller_text)).toContain('Hello Jordan');
    // The order a page relies on: the call starts, its turns follow, its end comes after the last one.
    const order = stream.events.map((e) => (e.event === 'call' ? `call:${String(dataOf(e).status)}` : e.event));
    expect(order).toEqual(['snapshot', 'call:started', 'turn', 'turn', 'turn', 'call:ended']);
  });

  it('lists a call in progress in the snapshot with its latest turn', async () => {
    t = await startApp({ dialect });
    const placed = await t.admin('POST', '/try-call', {});
    expect(placed.status).toBe(201);
    stream = await openSse(`${t.url}/live`, { authorization: `Bearer ${ADMIN_KEY}` });
    const snapshot = await stream.next((e) => e.event === 'snapshot');
    const calls = dataOf(snapshot).calls as Data[];
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ call_sid: placed.body.call_sid, candidate: 'Alex (try-a-call)' });
    expect(calls[0]?.latest_turn).toMatchObject({ turn: 0, state: 'offering' });
  });

  it('refuses without credentials and never holds the server open when it closes', async () => {
    t = await startApp({ dialect });
    const refused = await fetch(`${t.url}/live`);
    expect(refused.status).toBe(401);
    await refused.text();
    stream = await openSse(`${t.url}/live`, { authorization: `Bearer ${ADMIN_KEY}` });
    await stream.next((e) => e.event === 'snapshot');
    expect(t.deps.live.listeners).toBe(1);
    const closing = t.app.close();
    await stream.ended;
    await closing;
    expect(t.deps.live.listeners).toBe(0);
  });

  it('sends a heartbeat comment while nothing happens', async () => {
    t = await startApp({ dialect });
    // The route alone on a server of its own, with a 50 ms heartbeat instead of 15 s.
    const bare = Fastify();
    await bare.register(liveRoutes, { deps: t.deps, heartbeatMs: 50 });
    const address = await bare.listen({ port: 0, host: '127.0.0.1' });
    try {
      stream = await openSse(`${address}/live`, {});
      await stream.next((e) => e.event === 'snapshot');
      while (stream.comments < 2) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(stream.events.map((e) => e.event)).toEqual(['snapshot']);
    } finally {
      stream?.close();
      await bare.close();
    }
  });
});
