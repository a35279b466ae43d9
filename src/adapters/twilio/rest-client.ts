import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import type { PlaceCallRequest, PlacedCall, Telephony } from '../telephony.js';
import { TelephonyError } from '../telephony.js';

const TWILIO_HOST = /^https:\/\/[a-z0-9.-]+\.twilio\.com/i;

/**
 * The twilio package's HTTP client with our settings: a request timeout, kept-alive connections, no automatic
 * retry (its `autoRetry` repeats a request on 429; off, so nothing but `placeCall` below decides what is sent
 * again), and, when a base URL is set, requests sent there instead (a test server or a proxy).
 */
class TwilioRequestClient extends twilio.RequestClient {
  constructor(
    private readonly base: string | undefined,
    timeoutMs: number,
  ) {
    super({ timeout: timeoutMs, keepAlive: true, autoRetry: false });
  }

  override request<T>(opts: RequestClient.RequestOptions<T>) {
    const base = this.base;
    return super.request<T>(base === undefined ? opts : { ...opts, uri: opts.uri.replace(TWILIO_HOST, base.replace(/\/$/, '')) });
  }
}

export interface TwilioTelephonyOptions {
  accountSid: string;
  authToken: string;
  apiBaseUrl?: string;
  /** Tries in all, for a request that was never sent (refused connection, name lookup failed). */
  attempts?: number;
  backoffMs?: number;
  /** How long one request may take (default 10 s). */
  timeoutMs?: number;
}

/**
 * Errors that happen before a request leaves this machine: Twilio cannot have received it, so placing the call
 * again cannot ring the phone twice. A timeout, a reset connection or a 5xx may come after Twilio created the call.
 */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** Places real calls with the official twilio client. */
export function createTwilioTelephony(options: TwilioTelephonyOptions): Telephony {
  const client = twilio(options.accountSid, options.authToken, {
    autoRetry: false,
    httpClient: new TwilioRequestClient(options.apiBaseUrl, options.timeoutMs ?? 10_000),
  });
  const attempts = options.attempts ?? 3;
  const backoffMs = options.backoffMs ?? 250;

  async function placeOnce(request: PlaceCallRequest): Promise<PlacedCall> {
    const call = await client.calls.create({
      to: request.to,
      from: request.from,
      url: request.url,
      method: 'POST',
      statusCallback: request.statusCallback,
      statusCallbackMethod: 'POST',
      statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
    });
    return { callSid: call.sid, status: call.status };
  }

  return {
    mode: 'twilio',
    async placeCall(request) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await placeOnce(request);
        } catch (err) {
          const failure = toTelephonyError(err);
          if (!failure.retryable || attempt >= attempts) throw failure;
          await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
        }
      }
    },
    async close() {},
  };
}

/** A failure as the service reports it; `retryable` only when the request never reached Twilio. */
function toTelephonyError(err: unknown): TelephonyError {
  if (err instanceof twilio.RestException) {
    const status = err.status;
    const code = err.code === undefined ? `http_${status}` : String(err.code);
    if (status >= 500) return new TelephonyError(`Twilio is unavailable (HTTP ${status}, code ${code})`, 'unavailable', code, false);
    const kind = status === 401 || status === 403 ? 'account' : 'refused';
    return new TelephonyError(`Twilio refused the call: ${err.message} (Twilio error ${code})`, kind, code, false);
  }
  const message = err instanceof Error ? err.message : String(err);
  const code = networkCode(err);
  if (code !== undefined && NOT_SENT.has(code)) {
    return new TelephonyError(`Could not reach Twilio: ${message}`, 'unavailable', 'twilio_unreachable', true);
  }
  // Timed out or cut off after sending: Twilio may have placed the call, so it is not placed again.
  return new TelephonyError(`Twilio did not answer the request: ${message}`, 'unavailable', 'twilio_no_answer', false);
}

/** The system error code of a network failure (`ECONNREFUSED`…), on the error or its cause. */
function networkCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; typeof e === 'object' && e !== null && depth < 3; depth++) {
    if ('code' in e && typeof e.code === 'string') return e.code;
    e = 'cause' in e ? e.cause : undefined;
  }
  return undefined;
}
