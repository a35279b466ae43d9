import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { simulatedCall, startApp } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';

async function logLines(file: string): Promise<Array<Record<string, unknown>>> {
  // pino's file destination is asynchronous: wait until the last turn's line has landed.
  for (let i = 0; i < 50; i++) {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (text.includes('"call status"') && text.includes('"turn handled"')) {
      return text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no turn lines in ${file}`);
}

describe('the conversation log (LOG_FILE)', () => {
  let t: TestApp;
  afterEach(async () => {
    await t?.close();
  });

  it('logs every turn with CallSid, intent, engine and timing', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'ic-log-')), 'conversation.log');
    const logger = createLogger({ LOG_LEVEL: 'info', LOG_FILE: file, LOG_REDACT_PII: false, LOG_PRETTY: false });
    t = await startApp({ dialect: 'sqlite', logger });
    const { callSid } = await simulatedCall(t, ['tuesday at two', 'yes']);
    logger.flush();
    const turns = (await logLines(file)).filter((l) => l.msg === 'turn handled');
    expect(turns).toHaveLength(2);
    expect(turns[0]).toMatchObject({ callSid, turn: 1, intent: 'accept', engine: 'local', speech: 'tuesday at two' });
    expect(typeof turns[0]?.ms).toBe('number');
  });

  it('LOG_REDACT_PII=true removes phone numbers and transcripts, keeps the rest', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'ic-log-')), 'conversation.log');
    const logger = createLogger({ LOG_LEVEL: 'info', LOG_FILE: file, LOG_REDACT_PII: true, LOG_PRETTY: false });
    t = await startApp({ dialect: 'sqlite', logger });
    const { callSid } = await simulatedCall(t, ['tuesday at two', 'yes']);
    logger.flush();
    const text = JSON.stringify(await logLines(file));
    expect(text).toContain(callSid);
    expect(text).toContain('"intent":"accept"');
    expect(text).not.toContain('+14155550123');
    expect(text).not.toContain('tuesday at two');
  });
});
