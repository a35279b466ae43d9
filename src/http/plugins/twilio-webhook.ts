import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isValidTwilioSignature } from '../../adapters/twilio/signature.js';
import type { SignedForm } from '../../adapters/twilio/signature.js';
import type { Deps } from '../../deps.js';
import type { TwilioForm } from '../../services/twilio-form.js';

/**
 * What every Twilio webhook goes through before its handler: exactly a form-encoded body, capped in bytes and
 * fields before it is parsed; the signature over the fields as Twilio signed them; clients whose signatures keep
 * failing are shed with one cheap check. Applied to the scope the Twilio routes are registered in.
 */

/** Twilio's webhook forms have fewer than 60 fields and a few KB (a long SpeechResult included). */
export const MAX_FORM_FIELDS = 100;
export const MAX_FORM_BYTES = 16 * 1024;
const FORM = 'application/x-www-form-urlencoded';
const XML = 'text/xml; charset=utf-8';
export const HANGUP = '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>';
const FAILURE_WINDOW_MS = 60_000;

/** Adds the form parser and the signature check to `scope` (the Twilio routes' own encapsulated scope). */
export function twilioWebhook(scope: FastifyInstance, deps: Deps): void {
  // Only a form is accepted: JSON or text is answered 415 before any body is read (nothing Twilio sends).
  scope.removeAllContentTypeParsers();
  // The smaller of Twilio's own size and the service-wide BODY_LIMIT_BYTES: an operator's lower limit holds here too.
  const bodyLimit = Math.min(MAX_FORM_BYTES, deps.config.BODY_LIMIT_BYTES);
  scope.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (fieldCount(text) > MAX_FORM_FIELDS) {
      // The FST_ERR_CTP_ prefix: the Twilio routes' error handler answers it as any unreadable body (a hang-up).
      done(Object.assign(new Error(`more than ${MAX_FORM_FIELDS} form fields`), { statusCode: 413, code: 'FST_ERR_CTP_TOO_MANY_FIELDS' }));
      return;
    }
    done(null, parseForm(text));
  });

  const failures = failureCounter(deps.config.SIGNATURE_FAILURE_LIMIT);
  // preValidation: the body is parsed but nothing else has run, so an unsigned request reaches no schema and no handler.
  scope.addHook('preValidation', async (request, reply) => {
    const client = normalizeIP(request.ip);
    const params = signedFormOf(request);
    const signature = header(request, 'x-twilio-signature');
    if (failures.isThrottled(client)) {
      // A client that keeps failing is checked against the configured URL alone and, when it fails again, refused
      // without a log line: a genuine webhook from a shared address still passes, a flood costs one HMAC each.
      if (isValidTwilioSignature(deps.authToken, signature, signedUrls(deps, request).slice(0, 1), params)) return;
      failures.record(client);
      return sendTwiml(reply, HANGUP, 429);
    }
    const urls = signedUrls(deps, request);
    if (isValidTwilioSignature(deps.authToken, signature, urls, params)) return;
    failures.record(client);
    request.log.warn(
      { expected: urls[0], ...(urls.length > 1 ? { alsoAccepted: urls.slice(1) } : {}), path: request.url },
      'twilio signature mismatch: check WEBHOOK_BASE_URL (and TRUST_PROXY, WEBHOOK_HOSTS behind a proxy)',
    );
    return sendTwiml(reply, HANGUP, 403);
  });
}

/**
 * Every TwiML answer on the Twilio routes, refused or not, with the time this service spent on the request, from
 * routing to the answer, as a Server-Timing header (`app;dur=<ms>`): how much of a pause on the line is the
 * service's own, for the benchmark and for anyone looking at a webhook in a proxy or Twilio's debugger.
 */
export function sendTwiml(reply: FastifyReply, twiml: string, status = 200): FastifyReply {
  return reply.status(status).type(XML).header('server-timing', serverTiming(reply)).send(twiml);
}

/** The Server-Timing value for this reply so far (also on the status callback's empty 204). */
export function serverTiming(reply: FastifyReply): string {
  return `app;dur=${reply.elapsedTime.toFixed(3)}`;
}

/** How many `&`-separated fields a form has, counted without parsing it. */
function fieldCount(text: string): number {
  if (text === '') return 0;
  let count = 1;
  for (let at = text.indexOf('&'); at !== -1; at = text.indexOf('&', at + 1)) count += 1;
  return count;
}

/**
 * A form body as Twilio signs it: a repeated field becomes an array of its values in the order sent. Without a
 * prototype, so a field named `__proto__` is a field like any other (and is signed like one).
 */
function parseForm(text: string): SignedForm {
  const form: SignedForm = Object.create(null);
  for (const [key, value] of new URLSearchParams(text)) {
    const seen = form[key];
    if (seen === undefined) form[key] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else form[key] = [seen, value];
  }
  return form;
}

/** The first value of a header sent more than once. */
export function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The parsed form exactly as signed (arrays for repeated fields); empty when there is no form. */
export function signedFormOf(request: FastifyRequest): SignedForm {
  const body: unknown = request.body;
  const form: SignedForm = Object.create(null);
  if (body === null || typeof body !== 'object') return form;
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string') form[key] = value;
    else if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string')) form[key] = value;
  }
  return form;
}

/**
 * The form fields the handlers read: one string each. A repeated field (which the signature covered as an
 * array) is read by its first value, as before.
 */
export function formOf(request: FastifyRequest): TwilioForm {
  const form: TwilioForm = Object.create(null);
  for (const [key, value] of Object.entries(signedFormOf(request))) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) form[key] = first;
  }
  return form;
}

/**
 * The URLs Twilio may have signed: WEBHOOK_BASE_URL + path, and, behind a trusted proxy (TRUST_PROXY), the
 * forwarded one when its host is WEBHOOK_BASE_URL's or one of WEBHOOK_HOSTS. Another host's URL is never
 * tried: with it, another app's valid signature (same Twilio account, same token) would pass here.
 */
export function signedUrls(deps: Deps, request: FastifyRequest): string[] {
  const configured = `${deps.webhookBase.url}${request.url}`;
  if (deps.config.TRUST_PROXY === false) return [configured];
  const forwarded = `${request.protocol}://${request.host}${request.url}`;
  if (forwarded === configured || !allowedHosts(deps).has(hostOf(`${request.protocol}://${request.host}`))) return [configured];
  return [configured, forwarded];
}

function allowedHosts(deps: Deps): Set<string> {
  return new Set([hostOf(deps.webhookBase.url), ...deps.config.WEBHOOK_HOSTS.map((h) => hostOf(`http://${h}`))].filter((h) => h !== ''));
}

/** host[:port] of a URL, lowercased, with its default port left out; '' when it does not parse. */
function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return '';
  }
}

/** Failed signatures per client over the last minute (a fixed window; a genuine webhook never counts). */
function failureCounter(limit: number) {
  const windows = new Map<string, { start: number; count: number }>();
  const current = (client: string) => {
    const t = Date.now();
    const entry = windows.get(client);
    if (entry !== undefined && t - entry.start < FAILURE_WINDOW_MS) return entry;
    windows.delete(client);
    // Bounded: under a spread-out flood the oldest windows go first (a Map iterates in insertion order).
    if (windows.size >= 10_000) windows.delete(windows.keys().next().value ?? '');
    const fresh = { start: t, count: 0 };
    windows.set(client, fresh);
    return fresh;
  };
  return {
    isThrottled: (client: string) => (windows.get(client)?.count ?? 0) >= limit && current(client).count >= limit,
    record: (client: string) => {
      current(client).count += 1;
    },
  };
}
