import { randomBytes } from 'node:crypto';
import type { Telephony } from '../telephony.js';
import { runSimulatedCall } from './call-runner.js';
import type { CallRecording } from './call-runner.js';

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

/**
 * Telephony that rings no phone: each placed call is played by the simulator against the service's own
 * webhooks, as Twilio would, after placeCall has answered.
 */
export function createSimulatedTelephony(options: SimulatorOptions): SimulatedTelephony {
  const running = new Map<string, Promise<CallRecording | undefined>>();
  const accountSid = options.accountSid ?? `AC${'0'.repeat(32)}`;
  return {
    mode: 'simulated',
    async placeCall(request) {
      const callSid = request.callSid ?? newCallSid();
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
            ...(request.simulate === undefined ? {} : { simulate: request.simulate }),
          }),
        )
        .catch((err: unknown) => {
          options.onError?.(callSid, err);
          return undefined;
        });
      running.set(callSid, play);
      void play.finally(() => setTimeout(() => running.delete(callSid), 60_000).unref());
      return { callSid, status: 'queued' };
    },
    async finished(callSid) {
      return running.get(callSid);
    },
    async close() {
      await Promise.all(running.values());
    },
  };
}
