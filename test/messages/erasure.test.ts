import { readdir, readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { sendDueMessages } from '../../src/services/messages/sender.js';
import { simulatedCall, startApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/databases.js';

const PHONE = '+14155550188';
const EMAIL = 'quinn.erase@example.com';

describe.each(DIALECTS)('erasure reaches what was sent, on %s', (dialect) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function outboxFiles(app: TestApp): Promise<string[]> {
    return (await readdir(app.deps.messaging.outboxDir).catch(() => [] as string[])).sort();
  }

  it("deletes the person's messages and their outbox files, and keeps everyone else's", async () => {
    t = await startApp({ dialect });
    const app = t;
    const erased = await simulatedCall(app, ['tuesday at two', 'yes'], { name: 'Quinn Erase', phone: PHONE, email: EMAIL });
    const kept = await simulatedCall(app, ['wednesday at eleven', 'yes'], {
      name: 'Kim Keep',
      phone: '+14155550199',
      email: 'kim@example.com',
    });
    expect([erased.conversation.outcome, kept.conversation.outcome]).toEqual(['scheduled', 'scheduled']);
    // The conversation shows what its booking queued: the confirmation by email and by text, and the reminders.
    const queued = (erased.conversation.messages as Array<{ channel: string; purpose: string }>).map((m) => `${m.purpose}:${m.channel}`);
    expect(queued.filter((m) => m.startsWith('confirmation:')).sort()).toEqual(['confirmation:email', 'confirmation:sms']);
    expect(queued.filter((m) => m.startsWith('reminder:')).length).toBeGreaterThan(0);
    await sendDueMessages(app.deps);
    const before = await outboxFiles(app);
    const contents = await Promise.all(before.map((f) => readFile(`${app.deps.messaging.outboxDir}/${f}`, 'utf8')));
    const theirs = before.filter((_f, i) => contents[i]?.includes(PHONE) === true || contents[i]?.includes(EMAIL) === true);
    expect(theirs.length).toBeGreaterThanOrEqual(2); // their confirmation email and text

    expect((await app.admin('DELETE', `/candidates/${encodeURIComponent(PHONE)}`)).status).toBe(200);
    const rows = await app.deps.database.db.selectFrom('messages').select(['recipient']).execute();
    expect(rows.some((r) => r.recipient === PHONE || r.recipient === EMAIL)).toBe(false);
    expect(rows.some((r) => r.recipient === 'kim@example.com')).toBe(true);
    const after = await outboxFiles(app);
    expect(after.filter((f) => theirs.includes(f))).toEqual([]);
    expect(after.length).toBe(before.length - theirs.length);
  });
});
