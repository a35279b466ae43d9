import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError } from 'fastify';
import { apologyTwiml } from '../../adapters/twilio/twiml.js';
import { say } from '../../core/conversation/prompts.js';
import type { Deps } from '../../deps.js';
import { recordStatus } from '../../services/call-status.js';
import { takeTurn } from '../../services/turns.js';
import { callDeps } from '../plugins/call-logging.js';
import { formOf, HANGUP, sendTwiml, serverTiming } from '../plugins/twilio-webhook.js';
import { TwilioForm as TwilioFormSchema, TwilioTurnQuery } from '../schemas.js';

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
    sendTwiml(reply, await takeTurn(callDeps(deps, request), 'greeting', request.query, formOf(request))),
  );
  app.post('/twilio-process', { schema: schema('One candidate reply: the next prompt (TwiML)') }, async (request, reply) =>
    sendTwiml(reply, await takeTurn(callDeps(deps, request), 'reply', request.query, formOf(request))),
  );
  app.post('/twilio-status', { schema: { ...schema('Call status callback'), produces: [] } }, async (request, reply) => {
    const callback = () => recordStatus(callDeps(deps, request), request.query.conversation, formOf(request));
    for (let attempt = 0; ; attempt += 1) {
      try {
        await callback();
        break;
      } catch (err) {
        const pause = STATUS_RETRY_MS[attempt];
        if (pause === undefined) {
          request.log.error({ err, attempts: attempt + 1 }, 'status callback could not be stored');
          break;
        }
        request.log.warn({ err, attempt: attempt + 1 }, 'status callback could not be stored; trying again');
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
    return reply.status(204).header('server-timing', serverTiming(reply)).send();
  });
};

/**
 * Twilio sends each status callback once, and the final one is the only word that a call ended: a write that fails
 * (a lost connection, a database read-only for a moment) is tried again after these pauses, well within Twilio's
 * 15-second webhook timeout. Safe to repeat: a stored status only ever moves forward.
 */
const STATUS_RETRY_MS = [100, 300, 1000, 2000];
