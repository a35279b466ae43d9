import type { Language } from '../../../core/languages.js';
import { de } from './de.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';

/** A key of the candidate pages' catalogs (English's keys are the reference). */
export type MessageKey = keyof typeof en;

/** One language's sentences: every key, each a string with `{name}` placeholders. */
export type Catalog = Record<MessageKey, string>;

/** Every catalog by language. */
export const CATALOGS: Readonly<Record<Language, Catalog>> = { en, es, fr, de };

/** The placeholders of a sentence ("{company}" -> ["company"]), in order. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1] ?? '');
}

/** The sentence `key` in `language` with its placeholders filled (text only: the page escapes it). */
export function translate(language: Language, key: MessageKey, values: Record<string, string> = {}): string {
  return CATALOGS[language][key].replace(/\{([a-z_]+)\}/g, (whole, name: string) => values[name] ?? whole);
}
