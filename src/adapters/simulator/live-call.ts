import type { CallInfo, CallUpdate } from '../telephony.js';
import { FINAL_CALL_STATUSES, TelephonyError } from '../telephony.js';

/**
 * One simulated call as the provider's REST API shows it (status, times, AnsweredBy), and what that API asked of it
 * while it plays (`updateCall`): the call runner moves the first and takes the second at its next step, as Twilio
 * redirects or hangs up a live call. Shared by the simulator and the fake Twilio of the tests.
 */
export class LiveCall {
  status = 'queued';
  startTime: Date | null = null;
  endTime: Date | null = null;
  duration: number | null = null;
  answeredBy: string | null = null;
  private pending: CallUpdate | undefined;
  private wake: (() => void) | undefined;

  constructor(
    readonly callSid: string,
    readonly to: string,
    readonly from: string,
    readonly createdAt: Date = new Date(),
  ) {}

  get ended(): boolean {
    return FINAL_CALL_STATUSES.includes(this.status);
  }

  /** Moves the call to `status`; a final one records the end and the duration (0 when it was never answered). */
  move(status: string): void {
    this.status = status;
    if (status === 'in-progress' && this.startTime === null) this.startTime = new Date();
    if (this.ended && this.endTime === null) {
      this.endTime = new Date();
      this.duration = this.startTime === null ? 0 : Math.max(1, Math.round((this.endTime.getTime() - this.startTime.getTime()) / 1000));
    }
  }

  info(): CallInfo {
    return {
      callSid: this.callSid,
      to: this.to,
      status: this.status,
      startTime: this.startTime?.toISOString() ?? null,
      createdAt: this.createdAt.toISOString(),
      duration: this.duration,
      answeredBy: this.answeredBy,
    };
  }

  /**
   * Asks the call to play TwiML instead of what it is doing, or to hang up (Twilio's POST Calls/{sid}). As Twilio:
   * a call that has ended cannot be changed (error 21220), and TwiML is only for a call in progress.
   */
  request(update: CallUpdate): void {
    if (this.ended || ('twiml' in update && this.status !== 'in-progress')) {
      throw new TelephonyError('Call is not in-progress. Cannot redirect.', 'refused', '21220', false);
    }
    this.pending = update;
    this.wake?.();
  }

  /** The update asked for since the last call, if any (taken once). */
  takeUpdate(): CallUpdate | undefined {
    const update = this.pending;
    this.pending = undefined;
    return update;
  }

  /** Waits `ms` real milliseconds, or less when an update arrives meanwhile. */
  async pause(ms: number): Promise<void> {
    if (ms <= 0 || this.pending !== undefined) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
    this.wake = undefined;
  }
}
