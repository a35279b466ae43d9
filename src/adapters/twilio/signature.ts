// The webhook helpers alone (not the package root, which also loads the REST client).
import { timingSafeEqual } from 'node:crypto';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';

/** A webhook's form fields as Twilio signed them: a field sent more than once is an array, in the order sent. */
export type SignedForm = Record<string, string | string[]>;

/**
 * Checks X-Twilio-Signature against every URL Twilio may have signed (the configured public URL, and, behind a
 * trusted proxy, an allowed forwarded one), each with and without its port, as twilio's validateRequest does. One
 * HMAC per candidate URL, the configured one first, so a genuine webhook costs one and a forged one at most four;
 * validateRequest's extra re-encoded variants (for back ends that signed an escaped URL) are not tried:
 * our webhook URLs are our own and carry only `?turn=N`-style queries. Repeated fields are signed as twilio
 * signs arrays (each distinct value, sorted), so a field appended after a signed body changes the signature.
 */
export function isValidTwilioSignature(
  authToken: string,
  signature: string | undefined,
  urls: readonly string[],
  params: SignedForm,
): boolean {
  if (signature === undefined || signature === '') return false;
  return candidateUrls(urls).some((url) => sameSignature(signature, getExpectedTwilioSignature(authToken, url, params)));
}

/** Each URL as given, then without its port or with the default one (Twilio signs either form), without repeats. */
export function candidateUrls(urls: readonly string[]): string[] {
  const out = new Set<string>();
  for (const url of urls) out.add(url);
  for (const url of urls) out.add(togglePort(url));
  return [...out];
}

/**
 * The URL with its port dropped, or with the scheme's default port added when it has none: the two forms
 * twilio's validateRequest tries first (Twilio may sign either).
 */
function togglePort(url: string): string {
  const match = /^(https?):\/\/([^/?#]*)(.*)$/i.exec(url);
  if (match === null) return url;
  const [, scheme = '', authority = '', rest = ''] = match;
  const port = /:(\d+)$/.exec(authority)?.[1];
  if (port !== undefined) return `${scheme}://${authority.slice(0, -(port.length + 1))}${rest}`;
  return `${scheme}://${authority}:${scheme.toLowerCase() === 'https' ? '443' : '80'}${rest}`;
}

/** Constant-time comparison (the length is public: a base64 HMAC-SHA1 is always 28 characters). */
function sameSignature(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The signature Twilio would send for this URL and form body (the simulator and tests sign with it). */
export function signTwilioRequest(authToken: string, url: string, params: SignedForm): string {
  return getExpectedTwilioSignature(authToken, url, params);
}
