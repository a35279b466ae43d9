import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { apologyTwiml } from '../../adapters/twilio/twiml.js';
import { isValidTwilioSignature } from '../../adapters/twilio/signature.js';
import { say } from '../../core/conversation/prompts.js';
import type { Deps } from '../../deps.js';
import { recordStatus } from '../../services/call-status.js';
import { answerCall, processTurn } from '../../services/turns.js';
import type { TwilioForm } from '../../services/twilio-form.js';
import { TwilioForm as TwilioFormSchema, TwilioTurnQuery } from '../schemas.js';

const XML = 'text/xml; charset=utf-8';
const HANGUP = '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>';

/** Twilio's webhooks: signed, never rate-limited, always answered with TwiML (or 204 for status). */
export async function twilioRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  // Anything that goes wrong past the signature check is a spoken apology, never a 5xx at Twilio.
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err.code?.startsWith('FST_ERR_CTP_') === true && err.statusCode !== undefined && err.statusCode < 500) {
      // The body could not be read (too large, wrong type, malformed), so its signature was never checked:
      // not Twilio, or nothing Twilio would send. The client error status, a hang-up, and no stack in the log.
      request.log.warn({ code: err.code, path: request.url }, 'twilio webhook rejected before the signature check');
      return sendTwiml(reply, HANGUP, err.statusCode);
    }
    if (err.validation !== undefined) request.log.warn({ path: request.url, reason: err.message }, 'twilio webhook with invalid parameters');
    else request.log.error({ err, path: request.url }, 'twilio webhook failed');
    return sendTwiml(reply, apologyTwiml(say.apology()));
  });
  // preValidation: the body is parsed but nothing else has run, so an unsigned request reaches no schema and no handler.
  app.addHook('preValidation', async (request, reply) => {
    const params = formOf(request);
    const urls = signedUrls(deps, request);
    if (!isValidTwilioSignature(deps.authToken, header(request, 'x-twilio-signature'), urls, params)) {
      request.log.warn({ expected: urls[0], ...(urls.length > 1 ? { alsoAccepted: urls.slice(1) } : {}), path: request.url }, 'twilio signature mismatch: check WEBHOOK_BASE_URL (and TRUST_PROXY behind a proxy)');
      return sendTwiml(reply, HANGUP, 403);
    }
  });

  const schema = (summary: string) => ({
    tags: ['twilio'],
    summary,
    description: 'Called by Twilio, signed with X-Twilio-Signature (403 when it does not match).',
    body: TwilioFormSchema,
    querystring: TwilioTurnQuery,
    consumes: ['application/x-www-form-urlencoded'],
    produces: ['text/xml'],
  });

  app.post('/twilio-voice', { schema: schema('The call was answered: greeting and slot offer (TwiML)') }, async (request, reply) =>
    sendTwiml(reply, await answerCall(deps, formOf(request), (request.query as { attempt?: string }).attempt)),
  );
  app.post('/twilio-process', { schema: schema('One candidate reply: the next prompt (TwiML)') }, async (request, reply) => {
    const turn = (request.query as { turn?: string }).turn;
    return sendTwiml(reply, await processTurn(deps, turn, formOf(request)));
  });
  app.post('/twilio-status', { schema: { ...schema('Call status callback'), produces: [] } }, async (request, reply) => {
    try {
      await recordStatus(deps, formOf(request));
    } catch (err) {
      request.log.error({ err }, 'status callback could not be stored');
    }
    return reply.status(204).header('server-timing', serverTiming(reply)).send();
  });
}

/**
 * TwiML with the time this service spent on the request, from routing to the answer, as a Server-Timing header
 * (`app;dur=<ms>`): how much of a pause on the line is the service's own, for the benchmark and for anyone
 * looking at a webhook in a proxy or Twilio's debugger.
 */
function sendTwiml(reply: FastifyReply, twiml: string, status = 200): FastifyReply {
  return reply.status(status).type(XML).header('server-timing', serverTiming(reply)).send(twiml);
}

function serverTiming(reply: FastifyReply): string {
  return `app;dur=${reply.elapsedTime.toFixed(3)}`;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The form fields as Twilio signed them: strings only. */
function formOf(request: FastifyRequest): TwilioForm {
  const body = request.body;
  const form: TwilioForm = {};
  if (body === null || typeof body !== 'object') return form;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value === 'string') form[key] = value;
    else if (Array.isArray(value) && typeof value[0] === 'string') form[key] = value[0];
  }
  return form;
}

/** The URLs Twilio may have signed: WEBHOOK_BASE_URL + path, and behind a trusted proxy the forwarded one. */
export function signedUrls(deps: Deps, request: FastifyRequest): string[] {
  const urls = [`${deps.webhookBase.url}${request.url}`];
  if (deps.config.TRUST_PROXY) urls.push(`${request.protocol}://${request.host}${request.url}`);
  return urls;
}
