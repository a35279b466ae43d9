import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { signTwilioRequest } from '../../adapters/twilio/signature.js';
import type { Deps } from '../../deps.js';
import type { WebhookPoster } from '../../services/try-call/browser-line.js';
import { createTryCalls } from '../../services/try-call/try-calls.js';
import { ErrorBody } from '../schemas.js';
import { TryCallBody, TryCallParams, TryCallReplyBody, TryCallStep } from '../schemas/try-call.js';

const security = [{ bearerAuth: [] }];
const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody };

/**
 * Try a call from the browser: `POST /try-call` answers with the caller's greeting, each `POST /try-call/{id}/reply`
 * with its next sentences, until the call ends. The webhooks are this server's own Twilio routes, reached in
 * process (signed as Twilio signs them, checked by the same plugin): in twilio mode WEBHOOK_BASE_URL is the public
 * address, which this server need not be able to reach itself.
 */
export const tryCallRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const post: WebhookPoster = async (url, form) => {
    const base = deps.webhookBase.url;
    if (!url.startsWith(`${base}/`)) return undefined;
    const res = await app.inject({
      method: 'POST',
      url: url.slice(base.length),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signTwilioRequest(deps.authToken, url, form) },
      payload: new URLSearchParams(form).toString(),
    });
    return res.statusCode >= 200 && res.statusCode < 300 ? res.body : undefined;
  };
  const tries = createTryCalls(deps, post);
  app.addHook('onClose', async () => tries.close());

  app.post(
    '/try-call',
    {
      schema: {
        tags: ['try-call'],
        summary: 'Start a try-a-call: the caller greets the built-in candidate the recruiter plays',
        description:
          'A call for `job_id` (the default job when absent) through the same webhooks and machine as a real call; no phone is ' +
          'rung (twilio mode too) and calling hours do not apply. The candidate is built in ("Alex (try-a-call)", no email, no ' +
          'number), so a booking messages nobody; it takes a real seat until the conversation is deleted.',
        security,
        body: TryCallBody,
        response: { 201: TryCallStep, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await tries.start({ jobId: request.body?.job_id })),
  );

  app.post(
    '/try-call/:call_sid/reply',
    {
      schema: {
        tags: ['try-call'],
        summary: "The candidate's reply (words, keys, or a silence): the caller's next sentences",
        security,
        params: TryCallParams,
        body: TryCallReplyBody,
        response: { 200: TryCallStep, ...errors },
      },
    },
    async (request) => tries.reply(request.params.call_sid, request.body),
  );

  app.post(
    '/try-call/:call_sid/hangup',
    {
      schema: {
        tags: ['try-call'],
        summary: 'The candidate hangs up',
        security,
        params: TryCallParams,
        response: { 200: TryCallStep, ...errors },
      },
    },
    async (request) => tries.hangUp(request.params.call_sid),
  );
};
