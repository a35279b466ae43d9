import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { redaction } from '../../src/logger.js';
import { simulatedCall, startApp } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';
import { freshDatabase } from '../helpers/databases.js';
import type { FreshDatabase } from '../helpers/databases.js';

const PHONE = '+14155550177';
const NAME = 'Quintessa Marlowe-Vance';

describe('erasure and the SQLite files', () => {
  let t: TestApp | undefined;
  let database: FreshDatabase | undefined;
  afterEach(async () => {
    await t?.close();
    await database?.drop();
    t = database = undefined;
  });

  it('leaves neither the number nor the name in the database file or its WAL after an erasure', async () => {
    database = await freshDatabase('sqlite');
    const file = database.url.slice('sqlite:'.length);
    t = await startApp({ dialect: 'sqlite', database });
    const call = await simulatedCall(t, ['tuesday at two', 'yes'], { name: NAME, phone: PHONE });
    expect(call.conversation.outcome).toBe('scheduled');
    const bytes = () =>
      [file, `${file}-wal`]
        .map((f) => {
          try {
            return readFileSync(f).toString('latin1');
          } catch {
            return '';
          }
        })
        .join('');
    expect(bytes()).toContain(NAME); // the test can see the data before the erasure
    expect((await t.admin('DELETE', `/candidates/${encodeURIComponent(PHONE)}`)).status).toBe(200);
    const after = bytes();
    expect(after).not.toContain(NAME);
    expect(after).not.toContain(PHONE);
  });

  it('creates the database, its WAL and shared memory owner-only, and tightens a looser folder file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ic-modes-'));
    try {
      const file = join(dir, 'data', 'calls.db');
      t = await startApp({ dialect: 'sqlite', database: { url: `sqlite:${file}`, drop: async () => undefined } });
      await simulatedCall(t, ['tuesday at two', 'yes']);
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(statSync(f).mode & 0o777, f).toBe(0o600);
      expect(statSync(join(dir, 'data')).mode & 0o777).toBe(0o700);
    } finally {
      await t?.close();
      t = undefined;
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('LOG_REDACT_PII and error texts', () => {
  /** Errors as Twilio's REST API words them (code: message), each quoting a number. */
  const TWILIO_ERRORS: Array<[number, string]> = [
    [21211, "The 'To' number +14155550123 is not a valid phone number."],
    [
      21215,
      'Account not authorized to call +14155550123. Perhaps you need to enable some international permissions: https://www.twilio.com/console/voice/calls/geo-permissions/low-risk',
    ],
    [13224, 'The phone number you are attempting to call, +14155550123, is not valid.'],
    [21614, "'To' number 14155550123 is not a valid mobile number"],
  ];

  function logged(redact: boolean, write: (log: pino.Logger) => void): string {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _e, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    write(pino({ level: 'info', ...redaction(redact) }, sink));
    return lines.join('');
  }

  it('masks the numbers Twilio quotes in error messages and stacks, keeping the error code and the rest', () => {
    for (const [code, message] of TWILIO_ERRORS) {
      const err = Object.assign(new Error(message), { code, status: 400, moreInfo: `https://www.twilio.com/docs/errors/${code}` });
      const text = logged(true, (log) => log.error({ err, callSid: `CA${'1'.repeat(32)}` }, 'the call could not be placed'));
      expect(text, message).not.toMatch(/4155550123/);
      expect(text).toContain('[phone]');
      expect(text).toContain(String(code));
      expect(text).toContain(`CA${'1'.repeat(32)}`);
      // Without the setting nothing is masked (operators who keep full logs see the number).
      expect(logged(false, (log) => log.error({ err }, 'x'))).toContain('4155550123');
    }
  });

  it('does not log the do-not-call key', () => {
    const text = logged(true, (log) => log.info({ phoneHash: 'a'.repeat(64), created: true }, 'do-not-call entry added'));
    expect(text).not.toContain('a'.repeat(64));
    expect(text).toContain('do-not-call entry added');
  });
});
