import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../deps.js';
import { startCall } from '../../services/start-call.js';
import { ErrorBody, MakeCallBody, MakeCallReply } from '../schemas.js';

/** `POST /make-actual-call`: the prototype's endpoint, now validated, checked and honest about failures. */
export const callRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.post(
    '/make-actual-call',
    {
      schema: {
        tags: ['calls'],
        summary: 'Call a candidate and schedule their interview',
        description:
          'Calls for `job_id` (its slots, interview details, calling hours and caller name), the default job when absent; ' +
          'missing candidate fields come from the job and CANDIDATE_*. A paused or closed job is refused (409). ' +
          'With TELEPHONY=simulated nobody is dialled: ' +
          'the built-in simulator plays the call using `simulate.replies`.',
        security: [{ bearerAuth: [] }],
        body: MakeCallBody,
        response: {
          201: MakeCallReply,
          400: ErrorBody,
          401: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
          422: ErrorBody,
          502: ErrorBody,
          503: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      // A POST with no body at all places a call to the configured candidate.
      const body = request.body ?? {};
      const placed = await startCall(deps, {
        ...(body.candidate === undefined ? {} : { candidate: body.candidate }),
        ...(body.simulate === undefined ? {} : { simulate: body.simulate }),
        ...(body.job_id === undefined ? {} : { jobId: body.job_id }),
      });
      return reply.status(201).send({
        call_sid: placed.callSid,
        conversation_id: placed.conversationId,
        status: placed.status,
        telephony: deps.telephony.mode,
        conversation_url: `/conversations/${placed.conversationId}`,
      });
    },
  );
};
