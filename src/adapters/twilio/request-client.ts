import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';

const TWILIO_HOST = /^https:\/\/[a-z0-9.-]+\.twilio\.com/i;

/**
 * The twilio package's HTTP client with our settings, for calls and texts alike: a request timeout, kept-alive
 * connections, no automatic retry (its `autoRetry` repeats a request on 429; off, so only our code decides what is
 * sent again), and, when a base URL is set, requests sent there instead (a test server or a proxy).
 */
export class TwilioRequestClient extends twilio.RequestClient {
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
