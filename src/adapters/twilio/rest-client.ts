import twilio from 'twilio';
import { TwilioRequestClient } from './request-client.js';
import type { CallInstance } from 'twilio/lib/rest/api/v2010/account/call.js';
import type { CallInfo, PlaceCallRequest, PlacedCall, Telephony } from '../telephony.js';
import { TelephonyError } from '../telephony.js';

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
      // Asynchronous detection: the call is connected at once (a person hears the greeting without a pause) and the
      // verdict, after the greeting's end for a machine, is posted to its own signed webhook.
      ...(request.amdStatusCallback === undefined
        ? {}
        : {
            machineDetection: 'DetectMessageEnd',
            asyncAmd: 'true',
            asyncAmdStatusCallback: request.amdStatusCallback,
            asyncAmdStatusCallbackMethod: 'POST',
          }),
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
    async listCalls({ to, since }) {
      // Not filtered on StartTime at Twilio: a call still queued has no start time yet (and the filter is documented
      // by day), and a call missed here would be dialled again. The calls to one number are few; newest first.
      const from = Math.floor(since.getTime() / 1000) * 1000; // Twilio's times are to the second
      try {
        const calls = await client.calls.list({ to, limit: LIST_LIMIT, pageSize: 100 });
        return calls.filter((c) => c.dateCreated !== null && c.dateCreated.getTime() >= from).map(callInfo);
      } catch (err) {
        throw toTelephonyError(err, 'list the calls');
      }
    },
    async fetchCall(callSid) {
      try {
        return callInfo(await client.calls(callSid).fetch());
      } catch (err) {
        if (err instanceof twilio.RestException && err.status === 404) return undefined;
        throw toTelephonyError(err, 'fetch the call');
      }
    },
    async updateCall(callSid, update) {
      try {
        await client.calls(callSid).update('twiml' in update ? { twiml: update.twiml } : { status: update.status });
      } catch (err) {
        throw toTelephonyError(err, 'update the call');
      }
    },
    async close() {},
  };
}

/** At most this many calls to one number are read back (newest first) when looking for a call a crash hid. */
const LIST_LIMIT = 1000;

function callInfo(call: CallInstance): CallInfo {
  const duration = Number.parseInt(String(call.duration ?? ''), 10);
  return {
    callSid: call.sid,
    to: call.to,
    status: call.status,
    startTime: call.startTime instanceof Date && !Number.isNaN(call.startTime.getTime()) ? call.startTime.toISOString() : null,
    createdAt: (call.dateCreated ?? new Date(0)).toISOString(),
    duration: Number.isFinite(duration) ? duration : null,
    answeredBy: call.answeredBy ?? null,
  };
}

/** A failure as the service reports it; `retryable` only when the request never reached Twilio. */
function toTelephonyError(err: unknown, what = 'place the call'): TelephonyError {
  if (err instanceof twilio.RestException) {
    const status = err.status;
    const code = err.code === undefined ? `http_${status}` : String(err.code);
    if (status >= 500) return new TelephonyError(`Twilio is unavailable (HTTP ${status}, code ${code})`, 'unavailable', code, false);
    const kind = status === 401 || status === 403 ? 'account' : 'refused';
    return new TelephonyError(`Twilio refused to ${what}: ${err.message} (Twilio error ${code})`, kind, code, false);
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
