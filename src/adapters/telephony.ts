/** The edge that places calls: Twilio's REST API, or the built-in simulator. */

export type SimulatedResult = 'answered' | 'busy' | 'no-answer' | 'failed' | 'voicemail' | 'fax' | 'machine_start';

/** What the simulator should do instead of a person: replies in order (null or "" is silence). */
export interface SimulateOptions {
  replies?: Array<string | null | { digits: string }>;
  /**
   * Who or what takes the call: a person ('answered', the default), nobody ('busy', 'no-answer', 'failed'), an
   * answering machine whose greeting ends in a beep ('voicemail'), a fax, or a machine whose greeting never ends
   * ('machine_start'). The machines are silent; with answering-machine detection they are reported as Twilio does.
   */
  result?: SimulatedResult;
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
  /**
   * Asks for answering-machine detection (Twilio's MachineDetection=DetectMessageEnd with AsyncAmd): the call is
   * connected at once and the verdict (AnsweredBy human, machine_end_beep, fax…) is posted here, signed, later.
   */
  amdStatusCallback?: string;
}

export interface PlacedCall {
  callSid: string;
  status: string;
}

/** A call as the provider knows it (Twilio's Call resource, the fields the service reads). */
export interface CallInfo {
  callSid: string;
  to: string;
  /** Twilio's status: queued, initiated, ringing, in-progress, completed, busy, no-answer, failed, canceled. */
  status: string;
  /** ISO; null until the call was dialled. */
  startTime: string | null;
  /** ISO: when the provider accepted the request. */
  createdAt: string;
  /** Seconds, once the call ended. */
  duration: number | null;
  /** human, machine_start, machine_end_beep, fax, unknown…; null when not detected. */
  answeredBy: string | null;
}

/** What may be done to a live call: play this TwiML instead of what it was doing, or hang it up. */
export type CallUpdate = { twiml: string } | { status: 'completed' };

/** Twilio's final call statuses: nothing happens to such a call any more. */
export const FINAL_CALL_STATUSES: readonly string[] = ['completed', 'busy', 'no-answer', 'failed', 'canceled'];

export interface Telephony {
  readonly mode: 'twilio' | 'simulated';
  placeCall(request: PlaceCallRequest): Promise<PlacedCall>;
  /** The calls to `to` created at `since` or later (what a crash between asking and hearing back may have placed). */
  listCalls(query: { to: string; since: Date }): Promise<CallInfo[]>;
  /** The call, or undefined when the provider does not know it. */
  fetchCall(callSid: string): Promise<CallInfo | undefined>;
  /** Redirects or hangs up a live call; a TelephonyError ('refused', code 21220) when it is not in progress. */
  updateCall(callSid: string, update: CallUpdate): Promise<void>;
  /** Waits for calls this process is still playing (simulator) and releases connections. */
  close(): Promise<void>;
}

/**
 * Why a call could not be placed, as the telephony edge sees it (the service chooses what to answer):
 * `unavailable` the provider failed or did not answer (5xx, network, timeout); `account` it refused our credentials
 * (401/403); `refused` it refused this call (another 4xx: an invalid number, a number it cannot call).
 */
export type TelephonyFailure = 'unavailable' | 'account' | 'refused';

/** A call could not be placed (or listed, fetched, updated). `code` is Twilio's error code where Twilio gave one. */
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
