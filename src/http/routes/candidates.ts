import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../deps.js';
import { callCandidate, eraseCandidateData, getCandidateDetail, listJobCandidates, patchCandidate } from '../../services/candidates.js';
import { jobFunnel } from '../../services/funnel.js';
import { importCandidates } from '../../services/import-candidates.js';
import { ErrorBody } from '../schemas.js';
import {
  CallCandidateBody,
  CallCandidateReply,
  Candidate,
  CandidateDetail,
  CandidateErasureReply,
  CandidateIdParams,
  CandidateKeyParams,
  CandidateList,
  CandidateListQuery,
  CandidatePatchBody,
  ImportBody,
  ImportReply,
  JobAnalytics,
  JobIdParams,
} from '../schemas/candidates.js';

const security = [{ bearerAuth: [] }];
const tags = ['candidates'];

/** An import of 100,000 rows (the most one request takes) is about 10 MB of CSV; this route alone takes that much. */
const IMPORT_BODY_LIMIT = 24 * 1024 * 1024;

/** A job's candidates: import (JSON or CSV), list, one with their calls, edit, erase, call now; the job's funnel. */
export const candidateRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  // CSV arrives as one string (this plugin's scope only); the import parses it with csv-parse.
  app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => {
    done(null, body);
  });

  app.post(
    '/jobs/:id/candidates',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Import candidates (JSON or CSV); every rejected row with its number and why',
        description:
          "Valid rows are stored in one transaction, matched to the job's candidates by external id, else by phone: " +
          'importing the same list twice changes nothing. At most 100,000 rows per request.',
        security,
        consumes: ['application/json', 'text/csv'],
        params: JobIdParams,
        body: ImportBody,
        response: { 200: ImportReply, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 413: ErrorBody, 415: ErrorBody, 422: ErrorBody },
      },
    },
    async (request) => {
      const body = request.body;
      return importCandidates(deps, request.params.id, typeof body === 'string' ? { csv: body } : { candidates: body.candidates });
    },
  );

  app.get(
    '/jobs/:id/candidates',
    {
      schema: {
        tags,
        summary: "A job's candidates, newest first (filter by status, search by name or phone)",
        security,
        params: JobIdParams,
        querystring: CandidateListQuery,
        response: { 200: CandidateList, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => listJobCandidates(deps, request.params.id, request.query),
  );

  app.get(
    '/jobs/:id/analytics',
    {
      schema: {
        tags: ['analytics'],
        summary: "A job's funnel: candidates, called, reached, scheduled…, rates, time to booking, slot fill, questions",
        security,
        params: JobIdParams,
        response: { 200: JobAnalytics, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => ({ job_id: request.params.id, funnel: await jobFunnel(deps, request.params.id) }),
  );

  app.get(
    '/candidates/:id',
    {
      schema: {
        tags,
        summary: 'One candidate with every call and its turns, their booking and the questions they asked',
        security,
        params: CandidateIdParams,
        response: { 200: CandidateDetail, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => getCandidateDetail(deps, request.params.id),
  );

  app.patch(
    '/candidates/:id',
    {
      schema: {
        tags,
        summary: "Edit a candidate (name, email, time zone, notes; status only to 'withdrawn' or back to 'new')",
        security,
        params: CandidateIdParams,
        body: CandidatePatchBody,
        response: { 200: Candidate, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody },
      },
    },
    async (request) => patchCandidate(deps, request.params.id, request.body),
  );

  app.delete(
    '/candidates/:id',
    {
      schema: {
        tags: ['candidates', 'people'],
        summary: 'Erase a candidate (by id) or every trace of a number (by E.164 phone)',
        description:
          'By id: their calls with turns and questions, their bookings (seats given back) and their row. By number ' +
          '(+…): every conversation, turn and booking of that number and its candidate rows in every job. The ' +
          'do-not-call entry, if any, stays (it holds only a key). Erasing a number with no data answers zeros.',
        security,
        params: CandidateKeyParams,
        response: { 200: CandidateErasureReply, 401: ErrorBody, 404: ErrorBody, 422: ErrorBody },
      },
    },
    async (request) => eraseCandidateData(deps, request.params.id),
  );

  app.post(
    '/candidates/:id/call',
    {
      schema: {
        tags,
        summary: 'Call this candidate now for their job, as POST /make-actual-call does',
        security,
        params: CandidateIdParams,
        body: CallCandidateBody,
        response: {
          201: CallCandidateReply,
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
      const placed = await callCandidate(deps, request.params.id, request.body?.simulate);
      return reply.status(201).send({
        call_sid: placed.callSid,
        conversation_id: placed.conversationId,
        status: placed.status,
        telephony: deps.telephony.mode,
        conversation_url: `/conversations/${placed.conversationId}`,
        candidate: placed.candidate,
      });
    },
  );
};
