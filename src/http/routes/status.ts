import type { FastifyInstance } from 'fastify';
import { describeEngine } from '../../adapters/openai/create-understander.js';
import { spokenSlot } from '../../core/scheduling/slots.js';
import { ping } from '../../db/create-db.js';
import { countActive } from '../../db/sessions.repo.js';
import { listSlots } from '../../db/slots.repo.js';
import type { Deps } from '../../deps.js';
import { VERSION } from '../../version.js';

/** Open routes: liveness and a status page with no secrets and no candidate data. */
export async function statusRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  const db = deps.database.db;

  app.get('/health', { schema: { tags: ['status'], summary: 'Liveness and database reachability' } }, async (_request, reply) => {
    const ok = await ping(db).catch(() => false);
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', database: ok ? 'ok' : 'unreachable' });
  });

  app.get('/', { schema: { tags: ['status'], summary: 'Service status' } }, async () => {
    const [slots, active] = await Promise.all([listSlots(db), countActive(db)]);
    const zone = deps.config.INTERVIEW_TIMEZONE;
    return {
      service: 'interview-caller',
      version: VERSION,
      telephony: deps.telephony.mode,
      understanding: describeEngine(deps.config),
      understanding_fallbacks: deps.understander.stats().fallbacks,
      database: deps.database.dialect,
      timezone: zone,
      max_turns: deps.config.MAX_TURNS,
      slots: slots.map((s) => ({
        start: s.start_time,
        label: spokenSlot(s.start_time, zone),
        capacity: s.capacity,
        booked: s.booked_count,
        open: s.booked_count < s.capacity,
      })),
      active_calls: active,
      docs: '/docs',
    };
  });
}
