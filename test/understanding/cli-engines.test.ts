import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeAnswer, fakeStatus, startFakeOpenAI } from '../helpers/fake-openai.js';
import type { FakeOpenAI } from '../helpers/fake-openai.js';

const LINE = JSON.stringify({
  id: 'a',
  utterance: 'tuesday at two works',
  offered: [
    { label: 'Monday, November 30th at 10 AM', start: '2026-11-30T10:00:00-05:00' },
    { label: 'Tuesday, December 1st at 2 PM', start: '2026-12-01T14:00:00-05:00' },
  ],
  now: '2026-11-24T10:00:00-05:00',
  timezone: 'America/New_York',
});

function runCli(env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'understand', ...args], {
      env: { ...process.env, ...env },
    });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.on('close', (code) => resolve({ code, stdout }));
    child.stdin.end(`${LINE}\n`);
  });
}

/** The batch CLI uses the service's engine choice: OpenAI when a key is set, with the local engine as fallback. */
describe('understand CLI engines', () => {
  let server: FakeOpenAI;
  afterEach(async () => {
    await server?.close();
  });

  it('answers with the OpenAI engine when OPENAI_API_KEY is set, and local with --engine local', async () => {
    server = await startFakeOpenAI({
      behaviour: fakeAnswer({ intent: 'accept', slot: 1, time: '14:00', date: '2026-12-01', confidence: 0.97 }),
    });
    const env = { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.baseURL };
    const remote = await runCli(env);
    expect(remote.code).toBe(0);
    expect(JSON.parse(remote.stdout)).toMatchObject({ id: 'a', intent: 'accept', slot: 1, engine: 'openai', confidence: 0.97 });
    const local = await runCli(env, ['--engine', 'local']);
    expect(JSON.parse(local.stdout)).toMatchObject({ id: 'a', intent: 'accept', slot: 1, engine: 'local' });
    expect(server.requests).toHaveLength(1);
  });

  it('falls back to the local engine line by line when the server fails', async () => {
    server = await startFakeOpenAI({ behaviour: fakeStatus(500) });
    const res = await runCli({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.baseURL });
    expect(JSON.parse(res.stdout)).toMatchObject({ intent: 'accept', slot: 1, time: '14:00', engine: 'local' });
  });
});
