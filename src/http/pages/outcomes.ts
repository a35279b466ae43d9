import type { Language } from '../../core/languages.js';
import { translate } from './catalogs/catalog.js';
import { html } from './html.js';
import { layout } from './layout.js';

/** Pages without an interview to show: the cancel confirmation, and every reason a link or a request failed. */

export type ProblemKind = 'not_found' | 'expired' | 'used' | 'cancelled' | 'rate_limited' | 'bad_request' | 'error';

const STATUS: Record<ProblemKind, number> = {
  not_found: 404,
  expired: 410,
  used: 410,
  cancelled: 410,
  rate_limited: 429,
  bad_request: 400,
  error: 500,
};

/** The page and status for a problem, in `language` (the job's when the link names one, else the reader's). */
export function problemPage(kind: ProblemKind, language: Language): { status: number; body: string } {
  const title = translate(language, `problem.${kind}.title`);
  return {
    status: STATUS[kind],
    body: layout(
      language,
      title,
      html`<h1>${title}</h1>
        <div class="card"><p>${translate(language, `problem.${kind}.text`)}</p></div>`,
    ),
  };
}

/** After a cancel; `sent`: a cancellation was queued for the candidate (only then is a confirmation promised). */
export function cancelledPage(language: Language, sent: boolean): string {
  return layout(
    language,
    translate(language, 'cancelled.title'),
    html`<h1>${translate(language, 'cancelled.heading')}</h1>
      <div class="card notice" role="status">
        <p>${translate(language, sent ? 'cancelled.sent' : 'cancelled.not_sent')}</p>
      </div>`,
  );
}
