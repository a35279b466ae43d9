import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBookingLink } from '../../src/services/bookings/links.js';
import { moveBooking } from '../../src/services/bookings/move.js';
import { startApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/databases.js';
import { bookInterview } from '../bookings/support.js';
import { pagesApp } from './support.js';

/** The job's language through the API, and the candidate's page written in it: sentences, dates, times, `lang`. */
describe.each(DIALECTS)("the page in the job's language on %s", (dialect) => {
  let t: TestApp;
  let app: FastifyInstance;
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    t = await startApp({ dialect });
    app = await pagesApp(t);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('jobs take a language (en, es, fr, de; default en) on create and patch, and refuse any other', async () => {
    const made = await t.admin('POST', '/jobs', { title: 'Backend Engineer', company: 'Globex', language: 'es' });
    expect(made.status).toBe(201);
    expect(made.body.language).toBe('es');
    expect((await t.admin('POST', '/jobs', { title: 'Data Analyst', company: 'Globex' })).body.language).toBe('en');
    const patched = await t.admin('PATCH', `/jobs/${made.body.id}`, { language: 'fr' });
    expect([patched.status, patched.body.language]).toEqual([200, 'fr']);
    for (const language of ['pt', 'en-US', 'ES', '']) {
      const refused = await t.admin('PATCH', `/jobs/${made.body.id}`, { language });
      expect(refused.status, language).toBe(400);
    }
    expect((await t.admin('GET', `/jobs/${made.body.id}`)).body.language).toBe('fr');
    const defaultJob = (await t.admin('GET', '/jobs')).body.items.find((j: { is_default: boolean }) => j.is_default);
    expect(defaultJob.language).toBe('en');
    const docs = await app.inject({ method: 'GET', url: '/docs/json' });
    const schema = JSON.stringify(docs.json());
    expect(schema).toContain('Supported: en (English, the default), es (Spanish), fr (French), de (German)');
  });

  it('writes the whole page in Spanish: sentences from the catalog, dates and times with Intl, <html lang="es">', async () => {
    const b = await bookInterview(
      t,
      [{ start: '2026-12-01T14:00', interviewer_name: 'Pat Kim' }, { start: '2026-12-02T10:00' }, { start: '2026-12-02T15:30' }],
      { name: 'Lee Park', timezone: 'Europe/Madrid' },
      { language: 'es', interview_minutes: 90 },
    );
    const page = await get(`/b/${b.token}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html lang="es">');
    expect(page.body).toContain('<title>Tu entrevista con Globex</title>');
    expect(page.body).toContain('Martes, 1 de diciembre de 2026');
    expect(page.body).toContain('20:00 hora de Europa central');
    expect(page.body).toContain('14:00 hora oriental para quien te entrevista');
    expect(page.body).toContain('1 hora 30 minutos');
    expect(page.body).toContain('<legend>Miércoles, 2 de diciembre de 2026</legend>');
    expect(page.body).toContain('Zona horaria: hora de Europa central.');
    expect(page.body).toContain('Mantener mi entrevista');
    // Only the job's own words (its title, format and location, as the recruiter wrote them) stay as given.
    for (const english of ['Your interview', 'Keep my', 'Move my', 'Cancel my', '>When<', '>Length<', 'Tuesday', ' PM', 'Times are']) {
      expect(page.body, english).not.toContain(english);
    }
    const refused = await get(`/b/${b.token}?error=no_slot_chosen`);
    expect(refused.body).toContain('Elige un nuevo horario antes de pulsar «Cambiar mi entrevista».');
    const kept = await get(`/b/${b.token}/kept`);
    expect(kept.body).toContain('<h1>Todo listo</h1>');
  });

  it('writes the link problems in the job language when the link names one, else in the reader’s', async () => {
    const b = await bookInterview(t, [{ start: '2026-12-03T14:00' }, { start: '2026-12-03T16:00' }], {}, { language: 'de' });
    const moved = await moveBooking(t.deps, b.token, b.slotIds[1] ?? 0);
    expect(moved.result).toBe('moved');
    const used = await get(`/b/${b.token}`, { 'accept-language': 'fr' });
    expect(used.statusCode).toBe(410);
    expect(used.body).toContain('<html lang="de">');
    expect(used.body).toContain('Dieser Link wurde ersetzt');
    const expired = await t.deps.database.db
      .transaction()
      .execute((trx) => createBookingLink(trx, b.bookingId, '2026-11-24T14:00:00Z', '2026-11-20T00:00:00Z'));
    expect((await get(`/b/${expired}`)).body).toContain('Dieser Link ist abgelaufen');
    const unknown = await get(`/b/${'Q'.repeat(43)}`, { 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.5' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('<html lang="fr">');
    expect(unknown.body).toContain('Ce lien ne fonctionne pas');
    expect((await get(`/b/${'Q'.repeat(43)}`)).body).toContain('<html lang="en">');
  });

  it('cancels in French: the cancelled page in the job language', async () => {
    const b = await bookInterview(t, [{ start: '2026-12-04T14:00' }, { start: '2026-12-04T16:00' }], {}, { language: 'fr' });
    const res = await app.inject({
      method: 'POST',
      url: `/b/${b.token}/cancel`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'reason=',
    });
    expect(res.headers.location).toBe(`/b/${b.token}/cancelled?lang=fr&sent=1`);
    const done = await get(res.headers.location ?? '');
    expect(done.body).toContain('<html lang="fr">');
    expect(done.body).toContain('Votre entretien est annulé');
    expect(done.body).toContain('Une confirmation vous est envoyée.');
  });
});
