import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.js';
import { formOf } from './twilio-webhook.js';

/**
 * Every log line written for a Twilio webhook carries the request id (`reqId`), the CallSid Twilio posted
 * (`twilioCallSid`) and the conversation id from the URL (`conversation`): the route's own lines through
 * `request.log`, the services' lines through the per-request logger of {@link callDeps}. Applied after the
 * signature check, so only a genuine webhook's fields are bound.
 */

/** Adds the call ids to `request.log` for the rest of each request of `scope` (register after the signature hook). */
export function bindCallIds(scope: FastifyInstance): void {
  scope.addHook('preHandler', async (request) => {
    request.log = request.log.child(callIds(request));
  });
}

/** `deps` with a logger bound to this webhook's request and call ids; everything else is shared. */
export function callDeps(deps: Deps, request: FastifyRequest): Deps {
  return { ...deps, logger: deps.logger.child({ reqId: request.id, ...callIds(request) }) };
}

function callIds(request: FastifyRequest): { twilioCallSid?: string; conversation?: string } {
  const query: unknown = request.query;
  const conversation = query !== null && typeof query === 'object' && 'conversation' in query ? query.conversation : undefined;
  const twilioCallSid = formOf(request).CallSid;
  return {
    ...(twilioCallSid === undefined ? {} : { twilioCallSid }),
    ...(typeof conversation === 'string' ? { conversation } : {}),
  };
}
