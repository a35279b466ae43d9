import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Deps } from '../../deps.js';
import { isLanguage, languageFromHeader, type Language } from '../../core/languages.js';
import { readBookingPage, updateQueuedForCandidate } from '../../services/bookings/booking-page.js';
import { cancelBooking, moveBooking, REASON_MAX } from '../../services/bookings/move.js';
import { keptPage, managePage, movedPage, type BookingView, type PageAlert } from '../pages/booking.js';
import { PAGE_CSP } from '../pages/layout.js';
import { cancelledPage, problemPage, type ProblemKind } from '../pages/outcomes.js';

export interface BookingPageOptions {
  deps: Deps;
  /** Requests per IP per window over every /b route (default 30 a minute): links are not guessable, but not free. */
  rateLimit?: { max: number; timeWindowMs: number };
}

const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 100 }) });
const ManageQuery = Type.Object({ error: Type.Optional(Type.String({ maxLength: 40 })) });
/** Set by the cancel's redirect: the job's language and whether a cancellation was queued for the candidate. */
const CancelledQuery = Type.Object({
  lang: Type.Optional(Type.String({ maxLength: 10 })),
  sent: Type.Optional(Type.String({ maxLength: 1 })),
});
const MoveBody = Type.Object({ slot_id: Type.Optional(Type.String({ maxLength: 20 })) });
const CancelBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 4 * REASON_MAX })) });

const ALERTS: readonly PageAlert[] = ['slot_unavailable', 'no_slot_chosen'];
const hidden = { hide: true } as const;

/**
 * The candidate's page behind the link of a booking (`/b/{token}`): server-rendered HTML, no script, forms that POST
 * and redirect (303) to a result page. A wrong token answers 404, an expired, used or cancelled one 410, each with
 * a clear page; any other failure a plain page too, never a stack trace. Rate-limited per IP. Not in the API docs.
 */
export const bookingPageRoutes: FastifyPluginAsyncTypebox<BookingPageOptions> = async (app, { deps, rateLimit: limit }) => {
  await app.register(rateLimit, { global: false });
  app.addHook(
    'onRequest',
    app.rateLimit({
      max: limit?.max ?? 30,
      timeWindow: limit?.timeWindowMs ?? 60_000,
      keyGenerator: (request) => `booking-page|${normalizeIP(request.ip)}`,
      errorResponseBuilder: (_request, context) => Object.assign(new Error('rate limited'), { statusCode: context.statusCode }),
    }),
  );
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-security-policy', PAGE_CSP);
    reply.header('cache-control', 'no-store');
    // The token is in the URL: it must not leave in a Referer header, nor be indexed.
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('x-robots-tag', 'noindex, nofollow');
    return payload;
  });
  // A page that knows no job (a wrong link, a failure) is written in the reader's language, when it is one we have.
  const readerLanguage = (request: FastifyRequest): Language => languageFromHeader(request.headers['accept-language']);
  app.setErrorHandler((err: { statusCode?: number }, request, reply) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) request.log.error({ err }, 'booking page failed');
    const kind: ProblemKind = status === 429 ? 'rate_limited' : status < 500 ? 'bad_request' : 'error';
    const page = problemPage(kind, readerLanguage(request));
    return sendPage(reply, status >= 400 && status < 500 ? status : page.status, page.body);
  });

  /** The link's page data, or the problem to show (in the job's language when the link still names one). */
  const view = async (request: FastifyRequest, token: string): Promise<BookingView | Problem> => {
    const page = await readBookingPage(deps, token);
    if (page.status !== 'valid') return { kind: page.status, language: page.language ?? readerLanguage(request) };
    return { token, booking: page.booking, zone: page.zone, openSlots: page.openSlots, language: page.language };
  };
  const problem = (reply: FastifyReply, found: Problem) => {
    const page = problemPage(found.kind, found.language);
    return sendPage(reply, page.status, page.body);
  };
  const path = (token: string, rest = '') => `/b/${encodeURIComponent(token)}${rest}`;
  /** A refused move or cancel, shown as the link's own page would show it (in the job's language when known). */
  const refusal = async (request: FastifyRequest, token: string, kind: ProblemKind): Promise<Problem> => {
    const page = await readBookingPage(deps, token);
    return { kind, language: page.language ?? readerLanguage(request) };
  };

  app.get('/b/:token', { schema: { ...hidden, params: TokenParams, querystring: ManageQuery } }, async (request, reply) => {
    const found = await view(request, request.params.token);
    if (isProblem(found)) return problem(reply, found);
    const alert = ALERTS.find((a) => a === request.query.error);
    return sendPage(reply, 200, managePage(found, alert));
  });

  app.get('/b/:token/kept', { schema: { ...hidden, params: TokenParams } }, async (request, reply) => {
    const found = await view(request, request.params.token);
    return isProblem(found) ? problem(reply, found) : sendPage(reply, 200, keptPage(found));
  });

  app.get('/b/:token/moved', { schema: { ...hidden, params: TokenParams } }, async (request, reply) => {
    const found = await view(request, request.params.token);
    if (isProblem(found)) return problem(reply, found);
    const sent = await updateQueuedForCandidate(deps.database.db, found.booking.id, found.booking.sequence);
    return sendPage(reply, 200, movedPage(found, sent));
  });

  app.get('/b/:token/cancelled', { schema: { ...hidden, params: TokenParams, querystring: CancelledQuery } }, async (request, reply) => {
    const found = await view(request, request.params.token);
    if (isProblem(found) && found.kind === 'cancelled') {
      const { lang, sent } = request.query;
      const language = lang !== undefined && isLanguage(lang) ? lang : found.language;
      return sendPage(reply, 200, cancelledPage(language, sent === '1'));
    }
    // Not cancelled (yet): the link's own page says where it stands.
    return reply.redirect(path(request.params.token), 303);
  });

  app.post('/b/:token/move', { schema: { ...hidden, params: TokenParams, body: MoveBody } }, async (request, reply) => {
    const { token } = request.params;
    const slotId = /^[0-9]{1,12}$/.test(request.body.slot_id ?? '') ? Number(request.body.slot_id) : undefined;
    if (slotId === undefined) return reply.redirect(path(token, '?error=no_slot_chosen'), 303);
    const outcome = await moveBooking(deps, token, slotId);
    if (outcome.result === 'moved') return reply.redirect(path(outcome.token, '/moved'), 303);
    if (outcome.result === 'slot_unavailable') return reply.redirect(path(token, '?error=slot_unavailable'), 303);
    return problem(reply, await refusal(request, token, outcome.result));
  });

  app.post('/b/:token/cancel', { schema: { ...hidden, params: TokenParams, body: CancelBody } }, async (request, reply) => {
    const { token } = request.params;
    const outcome = await cancelBooking(deps, token, request.body.reason ?? null);
    if ('bookingId' in outcome) {
      const sent = outcome.channels.email || outcome.channels.sms ? '1' : '0';
      return reply.redirect(path(token, `/cancelled?lang=${outcome.language}&sent=${sent}`), 303);
    }
    // Cancelled already (a second tab, a double submit): the cancelled page, which promises nothing.
    if (outcome.result === 'cancelled') return reply.redirect(path(token, '/cancelled'), 303);
    return problem(reply, await refusal(request, token, outcome.result));
  });
};

/** Why a link shows no interview, and the language to say it in. */
interface Problem {
  kind: ProblemKind;
  language: Language;
}

function isProblem(found: BookingView | Problem): found is Problem {
  return 'kind' in found;
}

function sendPage(reply: FastifyReply, status: number, body: string) {
  return reply.status(status).type('text/html; charset=utf-8').send(body);
}
