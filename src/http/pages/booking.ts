import type { BookingDetails } from '../../db/bookings.repo.js';
import type { OpenSlot } from '../../db/slots.repo.js';
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
}

/** Problems the manage page reports above its forms (after a redirect). */
export type PageAlert = 'slot_unavailable' | 'no_slot_chosen';

const ALERTS: Record<PageAlert, string> = {
  slot_unavailable: 'That time was just taken or is no longer open. Your interview has not changed: please pick another time.',
  no_slot_chosen: 'Please choose a new time before pressing "Move my interview".',
};

/** The manage page: the interview, then keep / move / cancel. */
export function managePage(view: BookingView, alert?: PageAlert): string {
  const { token, booking, zone } = view;
  const base = `/b/${encodeURIComponent(token)}`;
  return layout(
    `Your interview with ${booking.company}`,
    html`<p class="eyebrow">${booking.company}</p>
      <h1>Your interview</h1>
      ${alert === undefined ? '' : html`<div class="card alert" role="alert"><p>${ALERTS[alert]}</p></div>`} ${details(booking, zone)}
      <section class="card" aria-labelledby="keep">
        <h2 id="keep">Keep this time</h2>
        <p>Nothing else to do: we’ll see you then.</p>
        <a class="button" href="${base}/kept">Keep my interview</a>
      </section>
      ${moveSection(view, base)}
      <section class="card" aria-labelledby="cancel">
        <h2 id="cancel">Cancel the interview</h2>
        <form method="post" action="${base}/cancel">
          <label class="field" for="reason">Reason (optional)</label>
          <textarea id="reason" name="reason" maxlength="500" rows="3" aria-describedby="reason-hint"></textarea>
          <p class="hint" id="reason-hint">It helps the hiring team. Cancelling gives your time to someone else.</p>
          <button class="button danger" type="submit">Cancel my interview</button>
        </form>
      </section>`,
  );
}

function moveSection(view: BookingView, base: string): Html {
  const days = groupByDay(view.openSlots, view.zone);
  const zoneName = zoneText(view.zone, view.openSlots[0]?.start_time ?? view.booking.start_time);
  if (days.length === 0) {
    return html`<section class="card" aria-labelledby="move">
      <h2 id="move">Move to another time</h2>
      <p>No other times are open right now. You can keep this time or cancel.</p>
    </section>`;
  }
  return html`<section class="card" aria-labelledby="move">
    <h2 id="move">Move to another time</h2>
    <form method="post" action="${base}/move">
      <p class="muted">Times are in ${zoneName}.</p>
      ${days.map(
        (day, d) =>
          html`<fieldset>
            <legend>${day.day}</legend>
            <div class="times">
              ${day.slots.map(
                (slot, i) =>
                  html`<label class="time" for="slot-${d}-${i}"
                    ><input type="radio" id="slot-${d}-${i}" name="slot_id" value="${slot.id}" required />
                    ${clockText(slot.start_time, view.zone)}</label
                  > `,
              )}
            </div>
          </fieldset> `,
      )}
      <button class="button" type="submit">Move my interview</button>
    </form>
  </section>`;
}

/** The interview's details in the candidate's zone (and the job's, when the clock there differs). */
export function details(booking: BookingDetails, zone: string): Html {
  const start = booking.start_time;
  const other = differentZones(start, zone, booking.job_timezone)
    ? html`<br /><span class="muted">${clockWithZone(start, booking.job_timezone)} for the interviewer</span>`
    : '';
  return html`<section class="card" aria-labelledby="details">
    <h2 id="details">${booking.title}</h2>
    <dl>
      <dt>When</dt>
      <dd>${dayText(start, zone)}<br />${clockWithZone(start, zone)}${other}</dd>
      <dt>Length</dt>
      <dd>${lengthText(booking.minutes)}</dd>
      <dt>Format</dt>
      <dd>${capitalise(booking.format)}</dd>
      ${
        booking.location === null || booking.location.trim() === ''
          ? ''
          : html`<dt>Where</dt>
              <dd>${location(booking.location)}</dd>`
      }
      ${
        booking.interviewer_name === null
          ? ''
          : html`<dt>With</dt>
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
  return layout(
    'Your interview is confirmed',
    html`<p class="eyebrow">${view.booking.company}</p>
      <h1>You’re all set</h1>
      <div class="card notice" role="status"><p>Your interview stays as booked. See you then!</p></div>
      ${details(view.booking, view.zone)}
      <p><a href="/b/${encodeURIComponent(view.token)}">Change or cancel it</a></p>`,
  );
}

/** After a move (on the new link): the new time. */
export function movedPage(view: BookingView): string {
  return layout(
    'Your interview is moved',
    html`<p class="eyebrow">${view.booking.company}</p>
      <h1>Your interview is moved</h1>
      <div class="card notice" role="status">
        <p>Your interview is now at the time below. Updated details are on their way to you; links you received before no longer work.</p>
      </div>
      ${details(view.booking, view.zone)}
      <p><a href="/b/${encodeURIComponent(view.token)}">Change or cancel it</a></p>`,
  );
}
