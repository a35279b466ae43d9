/** The edge that places calls: Twilio's REST API, or the built-in simulator. */

/** What the simulator should do instead of a person: replies in order (null or "" is silence). */
export interface SimulateOptions {
  replies?: Array<string | null | { digits: string }>;
  /** How the simulated call ends before anyone answers. */
  result?: 'answered' | 'busy' | 'no-answer' | 'failed';
  answeredBy?: 'human' | 'machine_start' | 'unknown';
}

export interface PlaceCallRequest {
  to: string;
  from: string;
  /** Twilio fetches TwiML here when the call is answered. */
  url: string;
  statusCallback: string;
  /** The simulator uses this CallSid (the session row already carries it); Twilio chooses its own. */
  callSid?: string;
  simulate?: SimulateOptions;
}

export interface PlacedCall {
  callSid: string;
  status: string;
}

export interface Telephony {
  readonly mode: 'twilio' | 'simulated';
  placeCall(request: PlaceCallRequest): Promise<PlacedCall>;
  /** Waits for calls this process is still playing (simulator) and releases connections. */
  close(): Promise<void>;
}

/**
 * Why a call could not be placed, as the telephony edge sees it (the service chooses what to answer):
 * `unavailable` the provider failed or did not answer (5xx, network, timeout); `account` it refused our credentials
 * (401/403); `refused` it refused this call (another 4xx: an invalid number, a number it cannot call).
 */
export type TelephonyFailure = 'unavailable' | 'account' | 'refused';

/** A call could not be placed. `code` is Twilio's error code where Twilio gave one. */
export class TelephonyError extends Error {
  constructor(
    message: string,
    readonly kind: TelephonyFailure,
    readonly code: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'TelephonyError';
  }
}
