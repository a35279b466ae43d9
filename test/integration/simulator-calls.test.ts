import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, simulatedCall } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';

/** The simulator answers listCalls, fetchCall and updateCall over the calls this process placed, as Twilio would. */
describe('simulated calls as the REST API shows them', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ dialect: 'sqlite' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists and fetches a played call; an ended or unknown call cannot be updated', async () => {
    const since = new Date(Date.now() - 1000);
    const { callSid } = await simulatedCall(t, ['the first one', 'yes'], { phone: '+14155550166' });
    const info = await t.deps.telephony.fetchCall(callSid);
    expect(info).toMatchObject({ callSid, to: '+14155550166', status: 'completed', answeredBy: 'human' });
    expect(info?.startTime).not.toBeNull();
    expect(info?.duration).toBeGreaterThanOrEqual(1);
    expect((await t.deps.telephony.listCalls({ to: '+14155550166', since })).map((c) => c.callSid)).toEqual([callSid]);
    expect(await t.deps.telephony.listCalls({ to: '+14155550166', since: new Date(Date.now() + 1000) })).toEqual([]);
    expect(await t.deps.telephony.listCalls({ to: '+14155550167', since })).toEqual([]);
    expect(await t.deps.telephony.updateCall(callSid, { status: 'completed' }).catch((e: unknown) => e)).toMatchObject({
      kind: 'refused',
      code: '21220',
    });
    expect(await t.deps.telephony.fetchCall(`CA${'0'.repeat(32)}`)).toBeUndefined();
    expect(await t.deps.telephony.updateCall(`CA${'0'.repeat(32)}`, { status: 'completed' }).catch((e: unknown) => e)).toMatchObject({
      kind: 'refused',
      code: '20404',
    });
  });

  it('busy and no-answer calls end without being answered', async () => {
    for (const result of ['busy', 'no-answer'] as const) {
      const res = await t.admin('POST', '/make-actual-call', { candidate: { phone: '+14155550168' }, simulate: { result } });
      const callSid = res.body.call_sid as string;
      await (t.deps.telephony as { finished(sid: string): Promise<unknown> }).finished(callSid);
      expect(await t.deps.telephony.fetchCall(callSid)).toMatchObject({ status: result, startTime: null, duration: 0, answeredBy: null });
    }
  });
});
