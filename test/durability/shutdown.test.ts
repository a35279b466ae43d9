import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/create-db.js';
import { findSession } from '../../src/db/sessions.repo.js';
import { listTurns } from '../../src/db/turns.repo.js';
import { DIALECTS, freshDatabase } from '../helpers/databases.js';
import type { FreshDatabase } from '../helpers/databases.js';
import { startFakeTwilio, twilioEnv } from '../helpers/fake-twilio.js';
import { ACCOUNT, TWILIO_TOKEN, admin, freePort, killService, nextTurnOf, postSigned, spawnService, twilioForm } from './support.js';
import type { ServiceProcess } from './support.js';

/**
 * An OpenAI-compatible server that holds every completion until `release()`: the test decides when the slow
 * request in flight may finish, so nothing here depends on timing.
 */
async function startGatedOpenAI() {
  let arrived!: () => void;
  const arrival = new Promise<void>((resolve) => (arrived = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      arrived();
      await released;
      const content = JSON.stringify({ intent: 'question', slot: null, time: null, date: null, confidence: 0.9 });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'chatcmpl-gated',
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: 'gpt-4o-mini',
          choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
          usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    arrival,
    release,
    close: () => {
      release();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** 'refused' when nothing listens on the port any more, 'accepted' while something does. */
function tryConnect(port: number): Promise<'refused' | 'accepted'> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('accepted');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNREFUSED' ? resolve('refused') : reject(err)));
  });
}

/** SIGTERM: stop taking connections, finish the requests in flight (their turns stored), close the database, exit 0. */
describe.each(DIALECTS)('graceful shutdown on %s', (dialect) => {
  let service: ServiceProcess | undefined;
  let database: FreshDatabase | undefined;
  let fake: Awaited<ReturnType<typeof startFakeTwilio>> | undefined;
  let openai: Awaited<ReturnType<typeof startGatedOpenAI>> | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await killService(service);
    await openai?.close();
    await fake?.close();
    await database?.drop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    service = database = fake = openai = dir = undefined;
  });

  it('finishes the turn in flight, refuses new connections, closes the database and exits 0', { timeout: 60_000 }, async () => {
    database = await freshDatabase(dialect);
    fake = await startFakeTwilio(TWILIO_TOKEN);
    openai = await startGatedOpenAI();
    dir = await mkdtemp(join(tmpdir(), 'ic-shutdown-'));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    service = await spawnService(
      {
        DATABASE_URL: database.url,
        DATA_DIR: dir,
        LOG_FILE: join(dir, 'conversation.log'),
        ...twilioEnv(fake.url, ACCOUNT, TWILIO_TOKEN, base),
        OPENAI_API_KEY: 'sk-test',
        OPENAI_BASE_URL: openai.baseURL,
        // Far above anything this test waits for: the turn stays in flight until the gate opens.
        UNDERSTANDING_TIMEOUT_MS: '20000',
      },
      { port },
    );
    const created = await admin(base, 'POST', '/make-actual-call', {});
    expect(created.status).toBe(201);
    const callSid = created.body.call_sid as string;
    const greeting = await postSigned(base, '/twilio-voice', twilioForm(callSid), TWILIO_TOKEN);
    expect(nextTurnOf(greeting.text)).toBe(1);

    let settled = false;
    const inFlight = postSigned(base, '/twilio-process?turn=1', twilioForm(callSid, { SpeechResult: 'what is the salary' }), TWILIO_TOKEN);
    void inFlight.finally(() => (settled = true)).catch(() => undefined);
    await openai.arrival; // the turn is now waiting on OpenAI, inside the service
    service.child.kill('SIGTERM');

    // The listening socket closes while the turn is still held: new connections are refused.
    let refused = false;
    for (let i = 0; i < 500 && !refused; i++) {
      refused = (await tryConnect(port)) === 'refused';
      if (!refused) await new Promise((r) => setTimeout(r, 10));
    }
    expect(refused, service.output()).toBe(true);
    expect(settled).toBe(false);

    openai.release();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(nextTurnOf(answer.text), answer.text).toBe(2);
    expect(await service.exited, service.output()).toBe(0);
    expect(service.output()).not.toMatch(/"level":(50|60)/); // no error or fatal line on the way out

    if (dialect === 'sqlite') {
      // The last connection closed cleanly: SQLite checkpointed the WAL into the database and removed it.
      expect(existsSync(`${database.url.slice('sqlite:'.length)}-wal`)).toBe(false);
    }
    const handle = await createDb(database.url);
    try {
      const session = await findSession(handle.db, callSid);
      const turns = await listTurns(handle.db, session?.call_sid ?? '');
      expect(turns.map((t) => [t.turn_number, t.user_input, t.engine])).toEqual([
        [0, null, null],
        [1, 'what is the salary', 'openai'],
      ]);
      expect(turns[1]?.response_twiml).toBe(answer.text);
    } finally {
      await handle.close();
    }
  });
});
