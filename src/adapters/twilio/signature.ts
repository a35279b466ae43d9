// The webhook helpers alone (not the package root, which also loads the REST client).
import { timingSafeEqual } from 'node:crypto';
import { getExpectedTwilioSignature, validateRequest } from 'twilio/lib/webhooks/webhooks.js';

/**
 * Checks X-Twilio-Signature against every URL Twilio may have signed (the configured public URL, and, behind a
 * trusted proxy, the one rebuilt from X-Forwarded-*). twilio's validateRequest already tries with and without
 * the default port.
 *
 * First, the configured URL exactly as it is: that is what Twilio signs, so a genuine webhook costs one HMAC.
 * validateRequest starts from the URL without its port, so with a port in WEBHOOK_BASE_URL (the simulator's
 * http://localhost:8000, a tunnel on :8080) every webhook cost two, and after an idle pause a HMAC costs ≈80 µs
 * on the benchmark machine (OpenSSL's code gone cold). Accepting here never accepts more than validateRequest
 * would: it tries this URL too (with the port it has, or without the port it lacks).
 */
export function isValidTwilioSignature(
  authToken: string,
  signature: string | undefined,
  urls: readonly string[],
  params: Record<string, string>,
): boolean {
  if (signature === undefined || signature === '') return false;
  const configured = urls[0];
  if (configured !== undefined && sameSignature(signature, getExpectedTwilioSignature(authToken, configured, params))) return true;
  return urls.some((url) => validateRequest(authToken, signature, url, params));
}

/** Constant-time comparison (the length is public: a base64 HMAC-SHA1 is always 28 characters). */
function sameSignature(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The signature Twilio would send for this URL and form body (the simulator and tests sign with it). */
export function signTwilioRequest(authToken: string, url: string, params: Record<string, string>): string {
  return getExpectedTwilioSignature(authToken, url, params);
}
