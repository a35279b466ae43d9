import { html } from './html.js';
import { layout } from './layout.js';

/** Pages without an interview to show: the cancel confirmation, and every reason a link or a request failed. */

export type ProblemKind = 'not_found' | 'expired' | 'used' | 'cancelled' | 'rate_limited' | 'bad_request' | 'error';

const PROBLEMS: Record<ProblemKind, { status: number; title: string; text: string }> = {
  not_found: {
    status: 404,
    title: 'This link doesn’t work',
    text: 'We could not find an interview for this link. Check that you opened the whole link from your email or text message.',
  },
  expired: {
    status: 410,
    title: 'This link has expired',
    text: 'Links to change an interview work until the interview starts. If you need help, contact the hiring team.',
  },
  used: {
    status: 410,
    title: 'This link was replaced',
    text: 'Your interview was moved, and the new details came with a new link. Please use the most recent link you received.',
  },
  cancelled: {
    status: 410,
    title: 'This interview is cancelled',
    text: 'There is no interview booked for this link any more. If this is a mistake, contact the hiring team.',
  },
  rate_limited: {
    status: 429,
    title: 'Too many requests',
    text: 'Please wait a minute, then try again.',
  },
  bad_request: {
    status: 400,
    title: 'That request could not be read',
    text: 'Please go back, reload the page and try again.',
  },
  error: {
    status: 500,
    title: 'Something went wrong on our side',
    text: 'Nothing was changed. Please try again in a few minutes.',
  },
};

/** The page and status for a problem. */
export function problemPage(kind: ProblemKind): { status: number; body: string } {
  const problem = PROBLEMS[kind];
  return {
    status: problem.status,
    body: layout(
      problem.title,
      html`<h1>${problem.title}</h1>
        <div class="card"><p>${problem.text}</p></div>`,
    ),
  };
}

/** After a cancel. */
export function cancelledPage(): string {
  return layout(
    'Your interview is cancelled',
    html`<h1>Your interview is cancelled</h1>
      <div class="card notice" role="status">
        <p>
          Your interview is cancelled and the time is free for someone else. A confirmation is on its way to you. Thank you for letting us
          know.
        </p>
      </div>`,
  );
}
