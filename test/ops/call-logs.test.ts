import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { simulatedCall, startApp } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';

/** The JSON lines of `file` once it holds `count` lines with message `msg` (pino writes asynchronously). */
async function linesOnce(file: string, msg: string, count: number): Promise<Array<Record<string, unknown>>> {
  for (let i = 0; i < 100; i++) {
    const lines = (await readFile(file, 'utf8').catch(() => ''))
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    if (lines.filter((l) => l.msg === msg).length >= count) return lines;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`fewer than ${count} "${msg}" lines in ${file}`);
}

describe('webhook log lines carry the request and call ids', () => {
  let t: TestApp | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await t?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    t = dir = undefined;
  });

  it('binds reqId, twilioCallSid and conversation to every line a webhook writes, one reqId per request', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ic-call-logs-'));
    const file = join(dir, 'conversation.log');
    const logger = createLogger({ LOG_LEVEL: 'info', LOG_FILE: file, LOG_REDACT_PII: false, LOG_PRETTY: false });
    t = await startApp({ dialect: 'sqlite', logger });
    const { callSid } = await simulatedCall(t, ['tuesday works for me', 'yes that is right']);
    logger.flush();
    const lines = await linesOnce(file, 'turn handled', 2);
    const webhookLines = lines.filter((l) => ['call answered', 'turn handled', 'call status'].includes(String(l.msg)));
    expect(webhookLines.length).toBeGreaterThanOrEqual(4);
    for (const line of webhookLines) {
      expect(line, JSON.stringify(line)).toMatchObject({ twilioCallSid: callSid, reqId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(typeof line.conversation).toBe('string');
    }
    const ids = webhookLines.map((l) => l.reqId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
