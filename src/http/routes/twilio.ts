import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { apologyTwiml, emptyTwiml } from '../../adapters/twilio/twiml.js';
import { say } from '../../core/conversation/prompts.js';
import type { Deps } from '../../deps.js';
import { recordStatus } from '../../services/call-status.js';
import { takeTurn } from '../../services/turns.js';
import { recordAmd } from '../../services/voicemail.js';
import { callDeps } from '../plugins/call-logging.js';
import { formOf, HANGUP, sendTwiml, serverTiming } from '../plugins/twilio-webhook.js';
import { TwilioForm as TwilioFormSchema, TwilioTurnQuery } from '../schemas.js';

/**
 * Twilio's webhooks, always answered with TwiML (or 204 for status; an empty document for the AMD verdict).
 * Registered inside the scope that plugins/twilio-webhook.ts guards (form only, capped, signed, failing clients shed).
 */
export const twilioRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  // Anything that goes wrong past the signature check is a spoken apology, never a 5xx at Twilio.
  app.setErrorHandler((err: FastifyError, request, reply) => answerError(err, request, reply, apologyTwiml(say.apology())));

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
    await stored(request, 'status callback', () => recordStatus(callDeps(deps, request), request.query.conversation, formOf(request)));
    return reply.status(204).header('server-timing', serverTiming(reply)).send();
  });
  app.post(
    '/twilio-amd',
    {
      schema: schema("Answering-machine detection's verdict: a machine is left the voicemail message or hung up on (TwiML)"),
      // Twilio does not play this answer: past the signature check it is the empty document whatever happens.
      errorHandler: (err: FastifyError, request, reply) => {
        void answerError(err, request, reply, emptyTwiml());
      },
    },
    async (request, reply) => {
      await stored(request, 'answering-machine verdict', () =>
        recordAmd(callDeps(deps, request), request.query.conversation, formOf(request)),
      );
      // Only informs: the live call is redirected through the REST API, never by this answer.
      return sendTwiml(reply, emptyTwiml());
    },
  );
};

/**
 * Anything that goes wrong past the signature check is answered with `twiml` (a spoken apology on the call's own
 * webhooks), never a 5xx at Twilio. A body that could not be read (too large, wrong type, malformed) had its
 * signature never checked: not Twilio, or nothing Twilio would send. The client error status, a hang-up, and no
 * stack in the log.
 */
function answerError(err: FastifyError, request: FastifyRequest, reply: FastifyReply, twiml: string): FastifyReply {
  if (err.code?.startsWith('FST_ERR_CTP_') === true && err.statusCode !== undefined && err.statusCode < 500) {
    request.log.warn({ code: err.code, path: request.url }, 'twilio webhook rejected before the signature check');
    return sendTwiml(reply, HANGUP, err.statusCode);
  }
  if (err.validation !== undefined) request.log.warn({ path: request.url, reason: err.message }, 'twilio webhook with invalid parameters');
  else request.log.error({ err, path: request.url }, 'twilio webhook failed');
  return sendTwiml(reply, twiml);
}

/** Runs a callback's write, trying again after a failure (see STATUS_RETRY_MS); the last failure is logged, not thrown. */
async function stored(request: FastifyRequest, what: string, write: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await write();
      return;
    } catch (err) {
      const pause = STATUS_RETRY_MS[attempt];
      if (pause === undefined) {
        request.log.error({ err, attempts: attempt + 1 }, `${what} could not be stored`);
        return;
      }
      request.log.warn({ err, attempt: attempt + 1 }, `${what} could not be stored; trying again`);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/**
 * Twilio sends each status callback once, and the final one is the only word that a call ended: a write that fails
 * (a lost connection, a database read-only for a moment) is tried again after these pauses, well within Twilio's
 * 15-second webhook timeout. Safe to repeat: a stored status only ever moves forward, and a verdict acts only on a
 * call still active (its write and its end are one transaction; the REST update follows the commit).
 */
const STATUS_RETRY_MS = [100, 300, 1000, 2000];
