import { createHash } from 'node:crypto';
import type { Language } from '../../core/languages.js';
import { html, raw, type Html } from './html.js';

/**
 * The shell of every candidate page: one small stylesheet inline (allowed by its hash in the CSP, so the policy
 * forbids every other style and any script), readable from 320 px up, system fonts, visible focus, AA contrast.
 */
const CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f3f4f6;color:#1f2328;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:40rem;margin:0 auto;padding:1.25rem 1rem 3rem}
h1{font-size:1.6rem;line-height:1.25;margin:.25rem 0 1rem}
h2{font-size:1.15rem;line-height:1.3;margin:0 0 .5rem}
p{margin:0 0 .75rem}
a{color:#0a55c2}
.eyebrow{margin:0;color:#4b5563;font-weight:600;letter-spacing:.02em}
.card{background:#fff;border:1px solid #d0d7de;border-radius:.75rem;padding:1rem 1.1rem;margin:0 0 1rem}
.card>:last-child{margin-bottom:0}
.notice{border-left:.35rem solid #1a7f37;background:#eefbf1}
.alert{border-left:.35rem solid #b42318;background:#fef3f2}
dl{margin:0;display:grid;grid-template-columns:auto 1fr;gap:.4rem 1rem}
dt{color:#4b5563;font-weight:600}
dd{margin:0;overflow-wrap:anywhere}
.muted{color:#4b5563;font-size:.95rem}
fieldset{border:0;margin:0 0 1rem;padding:0;min-width:0}
legend{font-weight:600;padding:0;margin:0 0 .4rem}
.times{display:grid;grid-template-columns:repeat(auto-fill,minmax(8.5rem,1fr));gap:.5rem}
.time{display:flex;align-items:center;gap:.5rem;min-height:2.75rem;padding:.4rem .75rem;
border:1px solid #8c959f;border-radius:.5rem;background:#fff;cursor:pointer}
.time:has(input:checked){border-color:#0a55c2;background:#e8f0fe;box-shadow:inset 0 0 0 1px #0a55c2}
.time input{width:1.15rem;height:1.15rem;margin:0;accent-color:#0a55c2}
label.field{display:block;font-weight:600;margin:0 0 .35rem}
textarea{display:block;width:100%;min-height:5.5rem;padding:.6rem .7rem;font:inherit;color:inherit;
border:1px solid #8c959f;border-radius:.5rem;background:#fff}
.hint{color:#4b5563;font-size:.95rem;margin:.35rem 0 .9rem}
.button{display:inline-flex;align-items:center;justify-content:center;min-height:2.75rem;padding:.6rem 1.1rem;border:2px solid #0a55c2;
border-radius:.5rem;background:#0a55c2;color:#fff;font:inherit;font-weight:600;text-decoration:none;cursor:pointer}
.button.secondary{background:#fff;color:#0a55c2}
.button.danger{background:#fff;color:#b42318;border-color:#b42318}
a:focus-visible,.button:focus-visible,textarea:focus-visible,input:focus-visible{outline:3px solid #1f2328;outline-offset:3px}
.time:has(input:focus-visible){outline:3px solid #1f2328;outline-offset:2px}
.time input:focus-visible{outline:none}
@media (max-width:30rem){.button{width:100%}dl{grid-template-columns:1fr;gap:0}dd{margin-bottom:.5rem}}
`
  .trim()
  .replace(/\n/g, '');

/** Built outside the template (a formatter may re-indent the markup): the bytes hashed are exactly the bytes sent. */
const STYLE = raw(`<style>${CSS}</style>`);

/** The Content-Security-Policy of every page: nothing loads, no script runs, only this stylesheet applies. */
export const PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(CSS).digest('base64')}'`,
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * A whole page in `language` (its `lang`, so screen readers pronounce it and the browser hyphenates it): `title` names
 * it in the tab (and for screen readers), `body` goes inside <main>.
 */
export function layout(language: Language, title: string, body: Html): string {
  return html`<!doctype html>
    <html lang="${language}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>${title}</title>
        ${STYLE}
      </head>
      <body>
        <main>${body}</main>
      </body>
    </html> `.text;
}
