/**
 * The languages a job's candidate pages can be written in: BCP 47 tags, each with a complete message catalog
 * (src/http/pages/catalogs). A job says which one (`jobs.language`, default 'en').
 */
export const LANGUAGES = ['en', 'es', 'fr', 'de'] as const;

export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = 'en';

/** True for a supported tag, exactly as listed (the API stores the tag as given, so 'EN' or 'en-US' is refused). */
export function isLanguage(tag: string): tag is Language {
  return (LANGUAGES as readonly string[]).includes(tag);
}

/** A stored tag as a supported language; anything else (a column edited by hand) reads as the default. */
export function languageOf(tag: string | null | undefined): Language {
  return tag != null && isLanguage(tag) ? tag : DEFAULT_LANGUAGE;
}

/**
 * The best supported language of an Accept-Language header ("es-MX,es;q=0.9,en;q=0.8"), for the pages that know no
 * job (an unknown or cancelled link); the default when none is supported.
 */
export function languageFromHeader(header: string | undefined): Language {
  if (header === undefined) return DEFAULT_LANGUAGE;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [range = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { base: range.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.q > 0 && Number.isFinite(r.q))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((r) => r.base).find(isLanguage) ?? DEFAULT_LANGUAGE;
}
