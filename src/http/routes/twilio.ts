import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyReply } from 'fastify';
import { apologyTwiml } from '../../adapters/twilio/twiml.js';
import { say } from '../../core/conversation/prompts.js';
import type { Deps } from '../../deps.js';
import { recordStatus } from '../../services/call-status.js';
import { takeTurn } from '../../services/turns.js';
import { formOf } from '../plugins/twilio-webhook.js';
import { TwilioForm as TwilioFormSchema, TwilioTurnQuery } from '../schemas.js';

const XML = 'text/xml; charset=utf-8';
const HANGUP = '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>';

/**
 * Twilio's webhooks, always answered with TwiML (or 204 for status). Registered inside the scope that
 * plugins/twilio-webhook.ts guards (form only, capped, signed, failing clients shed).
 */
export const twilioRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  // Anything that goes wrong past the signature check is a spoken apology, never a 5xx at Twilio.
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err.code?.startsWith('FST_ERR_CTP_') === true && err.statusCode !== undefined && err.statusCode < 500) {
      // The body could not be read (too large, wrong type, malformed), so its signature was never checked:
      // not Twilio, or nothing Twilio would send. The client error status, a hang-up, and no stack in the log.
      request.log.warn({ code: err.code, path: request.url }, 'twilio webhook rejected before the signature check');
      return sendTwiml(reply, HANGUP, err.statusCode);
    }
    if (err.validation !== undefined)
      request.log.warn({ path: request.url, reason: err.message }, 'twilio webhook with invalid parameters');
    else request.log.error({ err, path: request.url }, 'twilio webhook failed');
    return sendTwiml(reply, apologyTwiml(say.apology()));
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
    sendTwiml(reply, await takeTurn(deps, 'greeting', request.query, formOf(request))),
  );
  app.post('/twilio-process', { schema: schema('One candidate reply: the next prompt (TwiML)') }, async (request, reply) =>
    sendTwiml(reply, await takeTurn(deps, 'reply', request.query, formOf(request))),
  );
  app.post('/twilio-status', { schema: { ...schema('Call status callback'), produces: [] } }, async (request, reply) => {
    try {
      await recordStatus(deps, request.query.conversation, formOf(request));
    } catch (err) {
      request.log.error({ err }, 'status callback could not be stored');
    }
    return reply.status(204).header('server-timing', serverTiming(reply)).send();
  });
};

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
