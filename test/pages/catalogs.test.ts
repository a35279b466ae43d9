import { describe, expect, it } from 'vitest';
import { languageFromHeader, LANGUAGES } from '../../src/core/languages.js';
import { CATALOGS, placeholders, translate } from '../../src/http/pages/catalogs/catalog.js';
import { en } from '../../src/http/pages/catalogs/en.js';
import { clockText, dayText, lengthText, zoneText } from '../../src/http/pages/format.js';

/** The candidate page's catalogs: one per supported language, each complete, each filled the same way. */
describe('the page catalogs', () => {
  const keys = Object.keys(en).sort();

  it.each(LANGUAGES)('%s has every key of the English catalog, no other, none empty', (language) => {
    const catalog = CATALOGS[language];
    expect(Object.keys(catalog).sort()).toEqual(keys);
    for (const key of keys) expect(catalog[key as keyof typeof en].trim(), key).not.toBe('');
  });

  it.each(LANGUAGES)('%s fills the same placeholders as English in every sentence', (language) => {
    for (const key of keys) {
      const k = key as keyof typeof en;
      expect(placeholders(CATALOGS[language][k]).sort(), `${language} ${key}`).toEqual(placeholders(en[k]).sort());
    }
  });

  it('every other language is translated, not English copied (a few words are the same in both)', () => {
    const same = (language: 'es' | 'fr' | 'de') =>
      keys.filter((k) => CATALOGS[language][k as keyof typeof en] === en[k as keyof typeof en]);
    expect(same('es')).toEqual([]);
    expect(same('fr')).toEqual(['details.format']);
    expect(same('de')).toEqual(['details.format']);
  });

  it('fills values as text', () => {
    expect(translate('es', 'manage.title', { company: 'Globex' })).toBe('Tu entrevista con Globex');
    expect(translate('de', 'alert.no_slot_chosen', { button: translate('de', 'move.button') })).toContain('„Gespräch verschieben“');
  });

  it('writes dates, clocks, zones and lengths with Intl in the language', () => {
    const start = '2026-12-01T14:00:00-05:00';
    expect([dayText(start, 'America/Los_Angeles', 'en'), clockText(start, 'America/Los_Angeles', 'en')]).toEqual([
      'Tuesday, December 1, 2026',
      '11:00 AM',
    ]);
    expect([
      dayText(start, 'Europe/Madrid', 'es'),
      clockText(start, 'Europe/Madrid', 'es'),
      zoneText('Europe/Madrid', start, 'es'),
    ]).toEqual(['Martes, 1 de diciembre de 2026', '20:00', 'hora de Europa central']);
    expect(dayText(start, 'Europe/Paris', 'fr')).toBe('Mardi 1 décembre 2026');
    expect(dayText(start, 'Europe/Berlin', 'de')).toBe('Dienstag, 1. Dezember 2026');
    expect([lengthText(45, 'en'), lengthText(90, 'en'), lengthText(60, 'es'), lengthText(90, 'de')]).toEqual([
      '45 minutes',
      '1 hour 30 minutes',
      '1 hora',
      '1 Stunde 30 Minuten',
    ]);
  });

  it("picks a page's language from Accept-Language when no job says (else English)", () => {
    expect(languageFromHeader('es-MX,es;q=0.9,en;q=0.8')).toBe('es');
    expect(languageFromHeader('pt-BR,de;q=0.5,fr;q=0.7')).toBe('fr');
    expect(languageFromHeader('ja,zh;q=0.9')).toBe('en');
    expect(languageFromHeader('de;q=0,fr')).toBe('fr');
    expect(languageFromHeader(undefined)).toBe('en');
  });
});
