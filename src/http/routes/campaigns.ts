import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../deps.js';
import { pauseCampaign, resumeCampaign, startCampaign, stopCampaign } from '../../services/campaigns/control.js';
import { campaignProgress } from '../../services/campaigns/progress.js';
import { ErrorBody } from '../schemas.js';
import { CampaignParams, CampaignProgress, StartedCampaign } from '../schemas/campaigns.js';

const security = [{ bearerAuth: [] }];
const tags = ['campaigns'];
const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** A job's campaign: start, pause, resume, stop, and its progress. The rules per state are in services/campaigns/control.ts. */
export const campaignRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.post(
    '/jobs/:id/campaign',
    {
      schema: {
        tags,
        summary: "Start calling the job's candidates in status new or callback",
        description:
          'Every candidate in status new or callback with no attempt pending gets one, due now; the campaign runs. ' +
          'Allowed in every state: while running or paused it adds the candidates imported since (and runs); after a ' +
          'stop or a finish it starts a new run. Starting twice creates nothing twice. With nobody to call the ' +
          'campaign is finished at once. 409 `job_not_open` when the job is paused or closed.',
        security,
        params: CampaignParams,
        response: { 200: StartedCampaign, ...errors },
      },
    },
    async (request) => startCampaign(deps, request.params.id),
  );

  app.get(
    '/jobs/:id/campaign',
    {
      schema: {
        tags,
        summary: "A job's campaign: due now, in progress, waiting (and when), finished by result, candidates by status",
        description: 'status null: never started.',
        security,
        params: CampaignParams,
        response: { 200: CampaignProgress, ...errors },
      },
    },
    async (request) => campaignProgress(deps, request.params.id),
  );

  app.post(
    '/jobs/:id/campaign/pause',
    {
      schema: {
        tags,
        summary: 'Pause: nothing new is dialled, calls on the line finish',
        description:
          'Paused already: unchanged. 409 `campaign_not_running` when stopped or finished; 404 `campaign_not_found` before a start.',
        security,
        params: CampaignParams,
        response: { 200: CampaignProgress, ...errors },
      },
    },
    async (request) => pauseCampaign(deps, request.params.id),
  );

  app.post(
    '/jobs/:id/campaign/resume',
    {
      schema: {
        tags,
        summary: 'Resume a paused campaign',
        description:
          'Running already: unchanged. 409 `campaign_ended` when stopped or finished (start it again instead), 409 ' +
          '`job_not_open` when the job is paused or closed; 404 `campaign_not_found` before a start.',
        security,
        params: CampaignParams,
        response: { 200: CampaignProgress, ...errors },
      },
    },
    async (request) => resumeCampaign(deps, request.params.id),
  );

  app.post(
    '/jobs/:id/campaign/stop',
    {
      schema: {
        tags,
        summary: 'Stop: every attempt not yet dialled is cancelled, calls on the line finish',
        description: 'Stopped or finished already: unchanged. 404 `campaign_not_found` before a start.',
        security,
        params: CampaignParams,
        response: { 200: CampaignProgress, ...errors },
      },
    },
    async (request) => stopCampaign(deps, request.params.id),
  );
};
