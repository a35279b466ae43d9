import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import type { PlaceCallRequest, PlacedCall, Telephony } from '../telephony.js';
import { TelephonyError } from '../telephony.js';

const TWILIO_HOST = /^https:\/\/[a-z0-9.-]+\.twilio\.com/i;

/** Sends the twilio package's requests to another base URL (a test server or a proxy) when one is set. */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(private readonly base: string) {
    super({ timeout: 10_000, keepAlive: true });
  }

  override request<T>(opts: RequestClient.RequestOptions<T>) {
    return super.request<T>({ ...opts, uri: opts.uri.replace(TWILIO_HOST, this.base.replace(/\/$/, '')) });
  }
}

export interface TwilioTelephonyOptions {
  accountSid: string;
  authToken: string;
  apiBaseUrl?: string;
  /** Tries for 5xx and network errors (4xx are never retried). */
  attempts?: number;
  backoffMs?: number;
}

/** Places real calls with the official twilio client. */
export function createTwilioTelephony(options: TwilioTelephonyOptions): Telephony {
  const client = twilio(options.accountSid, options.authToken, {
    ...(options.apiBaseUrl === undefined ? {} : { httpClient: new RebasedRequestClient(options.apiBaseUrl) }),
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
      let last: TelephonyError | undefined;
      for (let attempt = 1; attempt <= attempts; attempt++) {
        try {
          return await placeOnce(request);
        } catch (err) {
          last = toTelephonyError(err);
          if (!last.retryable || attempt === attempts) throw last;
          await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
        }
      }
      throw last ?? new TelephonyError('Twilio call failed', 502, 'twilio_unavailable', true);
    },
    async close() {},
  };
}

function toTelephonyError(err: unknown): TelephonyError {
  if (err instanceof twilio.RestException) {
    const status = err.status;
    const code = err.code === undefined ? `http_${status}` : String(err.code);
    if (status >= 500) return new TelephonyError(`Twilio is unavailable (HTTP ${status}, code ${code})`, 502, code, true);
    const httpStatus = status === 401 || status === 403 ? 502 : 422;
    return new TelephonyError(`Twilio refused the call: ${err.message} (Twilio error ${code})`, httpStatus, code, false);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new TelephonyError(`Could not reach Twilio: ${message}`, 502, 'twilio_unreachable', true);
}
