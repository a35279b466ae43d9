import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../deps.js';
import { createJob, deleteJob, findJob, jobView, listJobViews, patchJob } from '../../services/jobs.js';
import { addSlots, deleteSlot, listSlotViews, patchSlot } from '../../services/slots.js';
import { invalid } from '../../core/errors.js';
import { ErrorBody } from '../schemas.js';
import {
  AddedSlots,
  AddSlotsBody,
  CancelQuery,
  Job,
  JobCreate,
  JobDeleted,
  JobList,
  JobListQuery,
  JobParams,
  JobPatch,
  Slot,
  SlotDeleted,
  SlotList,
  SlotListQuery,
  SlotParams,
  SlotPatch,
} from '../schemas/jobs.js';

const security = [{ bearerAuth: [] }];
const tags = ['jobs'];
const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };

/** Jobs (hiring rounds) and their interview slots. */
export const jobRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.post(
    '/jobs',
    { schema: { tags, summary: 'Create a job', security, body: JobCreate, response: { 201: Job, ...errors } } },
    async (request, reply) => reply.status(201).send(await createJob(deps, request.body)),
  );

  app.get(
    '/jobs',
    { schema: { tags, summary: 'Every job, by id', security, querystring: JobListQuery, response: { 200: JobList, ...errors } } },
    async (request) => ({ items: await listJobViews(deps, request.query.status) }),
  );

  app.get(
    '/jobs/:id',
    { schema: { tags, summary: 'One job', security, params: JobParams, response: { 200: Job, ...errors } } },
    async (request) => jobView(await findJob(deps, request.params.id)),
  );

  app.patch(
    '/jobs/:id',
    { schema: { tags, summary: "Change a job's fields", security, params: JobParams, body: JobPatch, response: { 200: Job, ...errors } } },
    async (request) => patchJob(deps, request.params.id, request.body),
  );

  app.delete(
    '/jobs/:id',
    {
      schema: {
        tags,
        summary: 'Delete a job with its slots and candidates (409 while interviews are booked, unless ?cancel_bookings=true)',
        security,
        params: JobParams,
        querystring: CancelQuery,
        response: { 200: JobDeleted, ...errors },
      },
    },
    async (request) => deleteJob(deps, request.params.id, request.query.cancel_bookings === true),
  );

  app.post(
    '/jobs/:id/slots',
    {
      schema: {
        tags,
        summary: 'Add slots: a list, or a weekly availability generated in the job zone',
        security,
        params: JobParams,
        body: AddSlotsBody,
        response: { 201: AddedSlots, ...errors },
      },
    },
    async (request, reply) => {
      const { slots, weekly } = request.body;
      const input = weekly !== undefined ? { weekly } : slots !== undefined ? { slots } : undefined;
      if (input === undefined) throw invalid('Give either `slots` or `weekly`.');
      return reply.status(201).send(await addSlots(deps, request.params.id, input));
    },
  );

  app.get(
    '/jobs/:id/slots',
    {
      schema: {
        tags,
        summary: "A job's slots: upcoming (default), open, full or past",
        security,
        params: JobParams,
        querystring: SlotListQuery,
        response: { 200: SlotList, ...errors },
      },
    },
    async (request) => ({ items: await listSlotViews(deps, request.params.id, request.query.state) }),
  );

  app.patch(
    '/jobs/:id/slots/:slot_id',
    {
      schema: {
        tags,
        summary: "Change a slot's capacity (never below the seats booked) or interviewer",
        security,
        params: SlotParams,
        body: SlotPatch,
        response: { 200: Slot, ...errors },
      },
    },
    async (request) => patchSlot(deps, request.params.id, request.params.slot_id, request.body),
  );

  app.delete(
    '/jobs/:id/slots/:slot_id',
    {
      schema: {
        tags,
        summary: 'Delete a slot (409 while booked, unless ?cancel_bookings=true cancels them in the same request)',
        security,
        params: SlotParams,
        querystring: CancelQuery,
        response: { 200: SlotDeleted, ...errors },
      },
    },
    async (request) => deleteSlot(deps, request.params.id, request.params.slot_id, request.query.cancel_bookings === true),
  );
};
