import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../helpers/databases.js';
import type { FreshDatabase } from '../helpers/databases.js';
import { startFakeTwilio, twilioEnv } from '../helpers/fake-twilio.js';
import { ACCOUNT, TWILIO_TOKEN, admin, freePort, killService, nextTurnOf, postSigned, spawnService, twilioForm } from './support.js';
import type { ServiceProcess } from './support.js';

const CALLS = 50;
/** Replies that keep a call going (a question, alternatives, unclear), never booking nor ending it. */
const REPLIES = ['what is the salary', 'any other times', 'hmm', 'do you have anything else', 'let me think', 'who is this company again'];
/** Turns each call tries before the kill (the greeting + this many replies), and after the restart. */
const TURNS_BEFORE = 8;
const TURNS_AFTER = 2;
/** SIGKILL once this many webhooks were answered: well before the CALLS * (TURNS_BEFORE + 1) the calls would make. */
const KILL_AFTER = 150;

interface Stored {
  turn_number: number;
  user_input: string | null;
}

/**
 * The promise "a turn whose webhook was answered is never lost" under a real crash: the service runs as a child
 * process, 50 calls drive its webhooks at once (signed, as Twilio would), the process is SIGKILLed mid-way,
 * restarted on the same database, and every answered turn must be there — and every call must carry on.
 */
describe.each(DIALECTS)('kill -9 under load on %s', (dialect) => {
  let service: ServiceProcess | undefined;
  let database: FreshDatabase | undefined;
  let fake: Awaited<ReturnType<typeof startFakeTwilio>> | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await killService(service);
    await fake?.close();
    await database?.drop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    service = database = fake = dir = undefined;
  });

  it('loses no answered turn and every call continues after the restart', { timeout: 90_000 }, async () => {
    database = await freshDatabase(dialect);
    fake = await startFakeTwilio(TWILIO_TOKEN);
    dir = await mkdtemp(join(tmpdir(), 'ic-kill9-'));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      DATABASE_URL: database.url,
      DATA_DIR: dir,
      LOG_FILE: join(dir, 'conversation.log'),
      ...twilioEnv(fake.url, ACCOUNT, TWILIO_TOKEN, base),
      MAX_TURNS: '12',
    };
    service = await spawnService(env, { port });

    const sids: string[] = [];
    for (let i = 0; i < CALLS; i++) {
      const res = await admin(base, 'POST', '/make-actual-call', {});
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      sids.push(res.body.call_sid as string);
    }

    // sid -> turn_number -> what the candidate said, for every webhook answered 200 with the next turn's TwiML.
    const answered = new Map<string, Map<number, string | null>>(sids.map((sid) => [sid, new Map()]));
    let answeredCount = 0;
    let interrupted = 0;
    let killed = false;
    const victim = service;
    const record = (sid: string, turn: number, said: string | null) => {
      answered.get(sid)?.set(turn, said);
      answeredCount++;
      if (!killed && answeredCount >= KILL_AFTER) {
        killed = true;
        victim.child.kill('SIGKILL');
      }
    };
    /** One webhook; undefined when the service died under it (or was dead already: no new request after the kill). */
    const post = async (path: string, form: Record<string, string>) => {
      if (killed) return undefined;
      try {
        const res = await postSigned(base, path, form, TWILIO_TOKEN);
        return res.status === 200 ? res : undefined;
      } catch {
        interrupted++;
        return undefined;
      }
    };
    // An answer that came back is recorded even when it arrives after the kill: it was sent, so it must be stored.
    const drive = async (sid: string, i: number) => {
      const greeting = await post('/twilio-voice', twilioForm(sid, { AnsweredBy: 'human' }));
      if (greeting === undefined) return;
      expect(nextTurnOf(greeting.text), greeting.text).toBe(1);
      record(sid, 0, null);
      let turn = 1;
      for (let k = 0; k < TURNS_BEFORE; k++) {
        const said = REPLIES[(i + k) % REPLIES.length] ?? 'hmm';
        const res = await post(`/twilio-process?turn=${turn}`, twilioForm(sid, { SpeechResult: said, Confidence: '0.9' }));
        if (res === undefined) return;
        const next = nextTurnOf(res.text);
        if (next === turn) continue; // the write failed and the turn was asked again: nothing to record
        expect(next, res.text).toBe(turn + 1);
        record(sid, turn, said);
        turn++;
      }
    };
    await Promise.all(sids.map((sid, i) => drive(sid, i)));
    expect(killed, 'the calls finished before the kill').toBe(true);
    expect(await victim.exited).toBe('SIGKILL');
    expect(interrupted, 'no request was in flight at the kill').toBeGreaterThan(0);

    service = await spawnService(env, { port });
    const stored = new Map<string, { turns: Stored[]; turn_count: number; status: string }>();
    for (const sid of sids) {
      const res = await admin(base, 'GET', `/conversations/${sid}`);
      expect(res.status).toBe(200);
      stored.set(sid, res.body);
    }
    let checked = 0;
    for (const sid of sids) {
      const conversation = stored.get(sid)!;
      const turns = new Map(conversation.turns.map((t) => [t.turn_number, t.user_input]));
      for (const [turn, said] of answered.get(sid)!) {
        expect(turns.has(turn), `${sid}: answered turn ${turn} is missing after the crash`).toBe(true);
        expect(turns.get(turn), `${sid} turn ${turn}`).toBe(said);
        checked++;
      }
      // Atomic turns: the stored turns are exactly 0..turn_count, and the session agrees with them.
      expect(conversation.turns.map((t) => t.turn_number)).toEqual(Array.from({ length: conversation.turns.length }, (_, n) => n));
      expect(conversation.turn_count).toBe(Math.max(0, conversation.turns.length - 1));
      expect(conversation.status).toBe('active');
    }
    expect(checked).toBe(answeredCount);

    // Every call carries on from where the database says it is, all at once again.
    await Promise.all(
      sids.map(async (sid, i) => {
        const conversation = stored.get(sid)!;
        let turn = conversation.turn_count + 1;
        if (conversation.turns.length === 0) {
          const greeting = await postSigned(base, '/twilio-voice', twilioForm(sid, { AnsweredBy: 'human' }), TWILIO_TOKEN);
          expect(greeting.status).toBe(200);
          expect(nextTurnOf(greeting.text), greeting.text).toBe(1);
          turn = 1;
        }
        for (let k = 0; k < TURNS_AFTER; k++) {
          const said = REPLIES[(i + k + 3) % REPLIES.length] ?? 'hmm';
          const res = await postSigned(base, `/twilio-process?turn=${turn}`, twilioForm(sid, { SpeechResult: said }), TWILIO_TOKEN);
          expect(res.status).toBe(200);
          expect(nextTurnOf(res.text), res.text).toBe(turn + 1);
          turn++;
        }
        const after = (await admin(base, 'GET', `/conversations/${sid}`)).body as { turns: Stored[]; turn_count: number };
        expect(after.turn_count).toBe(turn - 1);
        expect(after.turns.map((t) => t.turn_number)).toEqual(Array.from({ length: turn }, (_, n) => n));
      }),
    );
  });
});
