import type { Language } from '../../core/languages.js';
import type { BookingDetails } from '../../db/bookings.repo.js';
import type { OpenSlot } from '../../db/slots.repo.js';
import { translate, type MessageKey } from './catalogs/catalog.js';
import { clockText, clockWithZone, dayText, differentZones, groupByDay, lengthText, zoneText } from './format.js';
import { html, type Html } from './html.js';
import { layout } from './layout.js';

/** The page of a valid link, and the two pages that confirm a choice while the link still works (kept, moved). */

export interface BookingView {
  token: string;
  booking: BookingDetails;
  /** The candidate's zone: every time is shown in it. */
  zone: string;
  openSlots: readonly OpenSlot[];
  /** The job's language: every sentence, date and time of the page is in it. */
  language: Language;
}

/** Problems the manage page reports above its forms (after a redirect). */
export type PageAlert = 'slot_unavailable' | 'no_slot_chosen';

type Say = (key: MessageKey, values?: Record<string, string>) => string;

function sayer(language: Language): Say {
  return (key, values) => translate(language, key, values);
}

/** The manage page: the interview, then keep / move / cancel. */
export function managePage(view: BookingView, alert?: PageAlert): string {
  const { token, booking, language } = view;
  const t = sayer(language);
  const base = `/b/${encodeURIComponent(token)}`;
  const alertText = alert === undefined ? '' : t(`alert.${alert}`, { button: t('move.button') });
  return layout(
    language,
    t('manage.title', { company: booking.company }),
    html`<p class="eyebrow">${booking.company}</p>
      <h1>${t('manage.heading')}</h1>
      ${alert === undefined ? '' : html`<div class="card alert" role="alert"><p>${alertText}</p></div>`} ${details(view)}
      <section class="card" aria-labelledby="keep">
        <h2 id="keep">${t('keep.heading')}</h2>
        <p>${t('keep.text')}</p>
        <a class="button" href="${base}/kept">${t('keep.button')}</a>
      </section>
      ${moveSection(view, base)}
      <section class="card" aria-labelledby="cancel">
        <h2 id="cancel">${t('cancel.heading')}</h2>
        <form method="post" action="${base}/cancel">
          <label class="field" for="reason">${t('cancel.reason')}</label>
          <textarea id="reason" name="reason" maxlength="500" rows="3" aria-describedby="reason-hint"></textarea>
          <p class="hint" id="reason-hint">${t('cancel.hint')}</p>
          <button class="button danger" type="submit">${t('cancel.button')}</button>
        </form>
      </section>`,
  );
}

function moveSection(view: BookingView, base: string): Html {
  const { language, zone } = view;
  const t = sayer(language);
  const days = groupByDay(view.openSlots, zone, language);
  const zoneName = zoneText(zone, view.openSlots[0]?.start_time ?? view.booking.start_time, language);
  if (days.length === 0) {
    return html`<section class="card" aria-labelledby="move">
      <h2 id="move">${t('move.heading')}</h2>
      <p>${t('move.none')}</p>
    </section>`;
  }
  return html`<section class="card" aria-labelledby="move">
    <h2 id="move">${t('move.heading')}</h2>
    <form method="post" action="${base}/move">
      <p class="muted">${t('move.zone', { zone: zoneName })}</p>
      ${days.map(
        (day, d) =>
          html`<fieldset>
            <legend>${day.day}</legend>
            <div class="times">
              ${day.slots.map(
                (slot, i) =>
                  html`<label class="time" for="slot-${d}-${i}"
                    ><input type="radio" id="slot-${d}-${i}" name="slot_id" value="${slot.id}" required />
                    ${clockText(slot.start_time, zone, language)}</label
                  > `,
              )}
            </div>
          </fieldset> `,
      )}
      <button class="button" type="submit">${t('move.button')}</button>
    </form>
  </section>`;
}

/** The interview's details in the candidate's zone (and the job's, when the clock there differs). */
export function details(view: Pick<BookingView, 'booking' | 'zone' | 'language'>): Html {
  const { booking, zone, language } = view;
  const t = sayer(language);
  const start = booking.start_time;
  const other = differentZones(start, zone, booking.job_timezone, language)
    ? html`<br /><span class="muted"
          >${t('details.interviewer_time', { time: clockWithZone(start, booking.job_timezone, language) })}</span
        >`
    : '';
  return html`<section class="card" aria-labelledby="details">
    <h2 id="details">${booking.title}</h2>
    <dl>
      <dt>${t('details.when')}</dt>
      <dd>${dayText(start, zone, language)}<br />${clockWithZone(start, zone, language)}${other}</dd>
      <dt>${t('details.length')}</dt>
      <dd>${lengthText(booking.minutes, language)}</dd>
      <dt>${t('details.format')}</dt>
      <dd>${capitalise(booking.format)}</dd>
      ${
        booking.location === null || booking.location.trim() === ''
          ? ''
          : html`<dt>${t('details.where')}</dt>
              <dd>${location(booking.location)}</dd>`
      }
      ${
        booking.interviewer_name === null
          ? ''
          : html`<dt>${t('details.with')}</dt>
              <dd>${booking.interviewer_name}</dd>`
      }
    </dl>
  </section>`;
}

/** A web address becomes a link (only http/https); anything else is shown as text. */
function location(text: string): Html {
  const t = text.trim();
  return /^https?:\/\/\S+$/i.test(t) ? html`<a href="${t}">${t}</a>` : html`${t}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** After "keep": nothing changed, said plainly. */
export function keptPage(view: BookingView): string {
  const t = sayer(view.language);
  return layout(
    view.language,
    t('kept.title'),
    html`<p class="eyebrow">${view.booking.company}</p>
      <h1>${t('kept.heading')}</h1>
      <div class="card notice" role="status"><p>${t('kept.text')}</p></div>
      ${details(view)}
      <p><a href="/b/${encodeURIComponent(view.token)}">${t('link.change')}</a></p>`,
  );
}

/**
 * After a move (on the new link): the new time. `sent`: an update was queued for the candidate (by email or text);
 * only then does the page say new details are on their way.
 */
export function movedPage(view: BookingView, sent: boolean): string {
  const t = sayer(view.language);
  return layout(
    view.language,
    t('moved.title'),
    html`<p class="eyebrow">${view.booking.company}</p>
      <h1>${t('moved.heading')}</h1>
      <div class="card notice" role="status">
        <p>${t(sent ? 'moved.sent' : 'moved.not_sent')}</p>
      </div>
      ${details(view)}
      <p><a href="/b/${encodeURIComponent(view.token)}">${t('link.change')}</a></p>`,
  );
}
