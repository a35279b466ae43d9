import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError } from 'fastify';
import MessagingResponse from 'twilio/lib/twiml/MessagingResponse.js';
import type { Deps } from '../../deps.js';
import { handleInboundSms } from '../../services/sms-opt-out.js';
import { formOf, HANGUP, sendTwiml } from '../plugins/twilio-webhook.js';
import { TwilioForm as TwilioFormSchema } from '../schemas.js';

/**
 * Twilio's inbound-message webhook (the number's "A message comes in" URL): a STOP puts the sender on the
 * do-not-call list. Registered inside the scope plugins/twilio-webhook.ts guards (form only, capped, signed, failing
 * clients shed), like the voice webhooks. The answer is always an empty `<Response/>`: Twilio sends its own
 * opt-out confirmation, and a reply from us would be a second text to someone who asked for none.
 */
export const twilioSmsRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const empty = new MessagingResponse().toString();
  app.post(
    '/twilio-sms',
    {
      schema: {
        tags: ['twilio'],
        summary: 'An inbound text: STOP and the like put the number on the do-not-call list (TwiML)',
        description: 'Called by Twilio, signed with X-Twilio-Signature (403 when it does not match).',
        body: TwilioFormSchema,
        consumes: ['application/x-www-form-urlencoded'],
        produces: ['text/xml'],
      },
      // Past the signature check, whatever happens, Twilio gets the empty document (and the log the error); a body
      // that could not be read was never signed-checked: the client status, as on the voice webhooks.
      errorHandler: (err: FastifyError, request, reply) => {
        if (err.code?.startsWith('FST_ERR_CTP_') === true && err.statusCode !== undefined && err.statusCode < 500) {
          void sendTwiml(reply, HANGUP, err.statusCode);
          return;
        }
        request.log.error({ err }, 'inbound text could not be handled');
        void sendTwiml(reply, empty);
      },
    },
    async (request, reply) => {
      const form = formOf(request);
      const result = await handleInboundSms(deps, form.From ?? '', form.Body ?? '');
      if (result === 'opted_out') request.log.info({ messageSid: form.MessageSid }, 'number opted out by text');
      return sendTwiml(reply, empty);
    },
  );
};
