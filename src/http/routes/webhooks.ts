import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../deps.js';
import { createEndpoint, deleteEndpoint, listDeliveries, listEndpoints, redeliver } from '../../services/webhooks/endpoints.js';
import { ErrorBody, NoContent } from '../schemas.js';
import {
  CreatedEndpoint,
  Delivery,
  DeliveryList,
  DeliveryListQuery,
  DeliveryParams,
  EndpointCreate,
  EndpointList,
  EndpointParams,
} from '../schemas/webhooks.js';

const security = [{ bearerAuth: [] }];
const tags = ['webhooks'];
/** Admin only (src/http/plugins/auth.ts): endpoints hold signing secrets and see every event. */
const config = { role: 'admin' as const };
const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };

/**
 * Outgoing webhooks (admin): endpoints that receive events signed per Standard Webhooks, their delivery log and a
 * manual redelivery. Registered in the admin scope (bearer key, rate limit).
 */
export const webhookRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.post(
    '/webhooks',
    {
      config,
      schema: {
        tags,
        summary: 'Register an endpoint for some event types; the answer holds its signing secret, shown once',
        security,
        body: EndpointCreate,
        response: { 201: CreatedEndpoint, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await createEndpoint(deps, request.body)),
  );

  app.get(
    '/webhooks',
    { config, schema: { tags, summary: 'Every endpoint (never its secret)', security, response: { 200: EndpointList, ...errors } } },
    async () => ({ items: await listEndpoints(deps) }),
  );

  app.delete(
    '/webhooks/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Remove an endpoint and its deliveries',
        security,
        params: EndpointParams,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      await deleteEndpoint(deps, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      config,
      schema: {
        tags,
        summary: "An endpoint's delivery log, newest first: state, tries, last status and error, next try",
        security,
        params: EndpointParams,
        querystring: DeliveryListQuery,
        response: { 200: DeliveryList, ...errors },
      },
    },
    async (request) => ({ items: await listDeliveries(deps, request.params.id, request.query) }),
  );

  app.post(
    '/webhooks/:id/deliveries/:delivery_id/redeliver',
    {
      config,
      schema: {
        tags,
        summary: 'Send a delivery again, due now, with the same event id (409 while it is being sent)',
        security,
        params: DeliveryParams,
        response: { 202: Delivery, ...errors },
      },
    },
    async (request, reply) => reply.status(202).send(await redeliver(deps, request.params.id, request.params.delivery_id)),
  );
};
