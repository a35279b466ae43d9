import { randomBytes } from 'node:crypto';
import type { Telephony } from '../telephony.js';
import { TelephonyError } from '../telephony.js';
import { runSimulatedCall } from './call-runner.js';
import type { CallRecording } from './call-runner.js';
import { LiveCall } from './live-call.js';

export interface SimulatedTelephony extends Telephony {
  /** Resolves when the simulated call has finished playing (for the demo and tests). */
  finished(callSid: string): Promise<CallRecording | undefined>;
}

export interface SimulatorOptions {
  authToken: string;
  accountSid?: string;
  onError?: (callSid: string, err: unknown) => void;
}

/** A fake CallSid in Twilio's shape: "CA" and 32 hex digits. */
export function newCallSid(): string {
  return `CA${randomBytes(16).toString('hex')}`;
}

/** How long an ended call can still be listed or fetched (a reconcile after a lease runs out looks for it). */
const KEEP_ENDED_MS = 15 * 60_000;

/**
 * Telephony that rings no phone: each placed call is played by the simulator against the service's own
 * webhooks, as Twilio would, after placeCall has answered. listCalls, fetchCall and updateCall see the calls this
 * process placed (another process's simulated calls are not known here).
 */
export function createSimulatedTelephony(options: SimulatorOptions): SimulatedTelephony {
  const running = new Map<string, Promise<CallRecording | undefined>>();
  const calls = new Map<string, LiveCall>();
  const accountSid = options.accountSid ?? `AC${'0'.repeat(32)}`;
  const known = (callSid: string): LiveCall => {
    const live = calls.get(callSid);
    if (live === undefined) throw new TelephonyError(`The requested resource ${callSid} was not found`, 'refused', '20404', false);
    return live;
  };
  return {
    mode: 'simulated',
    async placeCall(request) {
      const callSid = request.callSid ?? newCallSid();
      const live = new LiveCall(callSid, request.to, request.from);
      calls.set(callSid, live);
      const play = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() =>
          runSimulatedCall({
            callSid,
            accountSid,
            from: request.from,
            to: request.to,
            url: request.url,
            statusCallback: request.statusCallback,
            authToken: options.authToken,
            live,
            ...(request.amdStatusCallback === undefined ? {} : { amdStatusCallback: request.amdStatusCallback }),
            ...(request.simulate === undefined ? {} : { simulate: request.simulate }),
          }),
        )
        .catch((err: unknown) => {
          options.onError?.(callSid, err);
          if (!live.ended) live.move('failed');
          return undefined;
        });
      running.set(callSid, play);
      void play.finally(() => {
        setTimeout(() => running.delete(callSid), 60_000).unref();
        setTimeout(() => calls.delete(callSid), KEEP_ENDED_MS).unref();
      });
      return { callSid, status: 'queued' };
    },
    async listCalls({ to, since }) {
      return [...calls.values()].filter((c) => c.to === to && c.createdAt >= since).map((c) => c.info());
    },
    async fetchCall(callSid) {
      return calls.get(callSid)?.info();
    },
    async updateCall(callSid, update) {
      known(callSid).request(update);
    },
    async finished(callSid) {
      return running.get(callSid);
    },
    async close() {
      await Promise.all(running.values());
    },
  };
}
