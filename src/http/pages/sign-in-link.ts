import type { LinkProblem } from '../../services/auth/login.js';
import { html } from './html.js';
import { layout } from './layout.js';

const TEXT: Record<LinkProblem, { status: number; title: string; body: string }> = {
  used: {
    status: 410,
    title: 'This sign-in link was already used',
    body: 'A sign-in link works once. Sign in with your email and password, or ask an admin for a new link.',
  },
  expired: {
    status: 410,
    title: 'This sign-in link has expired',
    body: 'Sign-in links work for 24 hours. Ask an admin for a new one (or run npm run cli -- users reset <email>).',
  },
  disabled: {
    status: 410,
    title: 'This account is disabled',
    body: 'Ask an admin to enable it again.',
  },
  unknown: {
    status: 404,
    title: 'This sign-in link is not valid',
    body: 'Check that the whole link was copied, or ask an admin for a new one.',
  },
};

/** The page a sign-in link answers when it cannot sign anyone in: a status and a plain explanation, nothing else. */
export function signInLinkProblemPage(problem: LinkProblem): { status: number; body: string } {
  const text = TEXT[problem];
  return {
    status: text.status,
    body: layout(
      'en',
      text.title,
      html`<h1>${text.title}</h1>
        <div class="card alert"><p>${text.body}</p></div>
        <p><a href="/app/">Go to the sign-in page</a></p>`,
    ),
  };
}
