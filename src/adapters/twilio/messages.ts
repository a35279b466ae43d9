import twilio from 'twilio';
import { TwilioRequestClient } from './request-client.js';

export interface TwilioSmsOptions {
  accountSid: string;
  authToken: string;
  /** TWILIO_PHONE_NUMBER: the texts' sender. */
  from: string;
  /** TWILIO_API_BASE_URL: a test server instead of api.twilio.com. */
  apiBaseUrl?: string | undefined;
  timeoutMs?: number;
}

/** Errors before the request left this machine: Twilio cannot have sent the text. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** A text could not be sent; `retryable`: try again later (Twilio did not take it). */
export class SmsError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'SmsError';
  }
}

/** The SMS edge: sends one text, returns Twilio's message SID. */
export interface TwilioSms {
  readonly kind: 'twilio';
  send(sms: { to: string; body: string }): Promise<{ providerId: string }>;
}

/** Sends texts through Twilio Messages (`POST /Accounts/{sid}/Messages.json`) with the official client. */
export function createTwilioSms(options: TwilioSmsOptions): TwilioSms {
  const client = twilio(options.accountSid, options.authToken, {
    autoRetry: false,
    httpClient: new TwilioRequestClient(options.apiBaseUrl, options.timeoutMs ?? 10_000),
  });
  return {
    kind: 'twilio',
    async send(sms) {
      try {
        const message = await client.messages.create({ to: sms.to, from: options.from, body: sms.body });
        return { providerId: message.sid };
      } catch (err) {
        throw smsError(err);
      }
    },
  };
}

/**
 * Retried: Twilio answered 429 or 5xx (it did not take the text), or the request never left. Not retried: another
 * 4xx (an invalid or unsubscribed number: it never will), and a timeout or a cut connection after the request was
 * sent (Twilio may have queued the text; sending it again could text the candidate twice).
 */
function smsError(err: unknown): SmsError {
  if (err instanceof twilio.RestException) {
    const code = err.code === undefined ? `HTTP ${err.status}` : `Twilio error ${err.code}`;
    return new SmsError(`Twilio refused the text: ${err.message} (${code})`, err.status === 429 || err.status >= 500);
  }
  const message = err instanceof Error ? err.message : String(err);
  const code = networkCode(err);
  if (code !== undefined && NOT_SENT.has(code)) return new SmsError(`Could not reach Twilio: ${message}`, true);
  return new SmsError(`Twilio did not answer; the text may have been sent, so it is not sent again: ${message}`, false);
}

function networkCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; typeof e === 'object' && e !== null && depth < 3; depth++) {
    if ('code' in e && typeof e.code === 'string') return e.code;
    e = 'cause' in e ? e.cause : undefined;
  }
  return undefined;
}
