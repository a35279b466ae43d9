// The webhook helpers alone (not the package root, which also loads the REST client).
import { getExpectedTwilioSignature, validateRequest } from 'twilio/lib/webhooks/webhooks.js';

/**
 * Checks X-Twilio-Signature against every URL Twilio may have signed (the configured public URL, and, behind a
 * trusted proxy, the one rebuilt from X-Forwarded-*). twilio's validateRequest already tries with and without
 * the default port.
 */
export function isValidTwilioSignature(
  authToken: string,
  signature: string | undefined,
  urls: readonly string[],
  params: Record<string, string>,
): boolean {
  if (signature === undefined || signature === '') return false;
  return urls.some((url) => validateRequest(authToken, signature, url, params));
}

/** The signature Twilio would send for this URL and form body (the simulator and tests sign with it). */
export function signTwilioRequest(authToken: string, url: string, params: Record<string, string>): string {
  return getExpectedTwilioSignature(authToken, url, params);
}
