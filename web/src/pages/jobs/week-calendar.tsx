import { useSignal } from '@preact/signals';
import { api, errorMessage } from '../../api/client.js';
import { useApi } from '../../api/use-api.js';
import { can } from '../../auth.js';
import { ErrorState, Loading } from '../../components/states.js';
import { AddSlotForm, WeeklyForm } from './slot-forms.js';
import type { Job, Slot } from './types.js';
import { addDays, endTime, formatDay, formatWeek, localParts, mondayOf, todayIn } from './week.js';

/**
 * A week of the job's upcoming slots in the job's zone, day by day: seats booked, who booked them (from the calls
 * that booked: the API has no per-slot list of bookings), a remove button; forms to add one slot or a weekly
 * availability. `refresh` changes when the campaign moved someone (seats are read again).
 */
export function WeekCalendar(props: { job: Job; refresh: number }) {
  const { job } = props;
  const week = useSignal<string | null>(null);
  const adding = useSignal<'one' | 'weekly' | null>(null);
  const notice = useSignal<string | null>(null);
  const { result, reload } = useApi(
    async (signal) => {
      const [slots, booked] = await Promise.all([
        api.GET('/jobs/{id}/slots', { params: { path: { id: job.id } }, signal }),
        api.GET('/conversations', { params: { query: { job_id: job.id, outcome: 'scheduled', limit: 100 } }, signal }),
      ]);
      if (slots.data === undefined) return { error: slots.error };
      const names = new Map<number, string[]>();
      for (const call of booked.data?.items ?? []) {
        if (call.confirmed_slot_start === null) continue;
        const at = Date.parse(call.confirmed_slot_start);
        names.set(at, [...(names.get(at) ?? []), call.candidate_name]);
      }
      return { data: { slots: slots.data.items, names } };
    },
    [job.id, props.refresh],
  );

  const state = result.value;
  const firstSlot = state.state === 'ready' ? state.data.slots[0] : undefined;
  const monday = week.value ?? mondayOf(firstSlot === undefined ? todayIn(job.timezone) : localParts(firstSlot.start).date);
  const added = (summary: string) => {
    notice.value = summary;
    adding.value = null;
    reload();
  };

  return (
    <section class="panel" aria-labelledby="slots-title">
      <div class="panel-head">
        <h2 id="slots-title">Slots</h2>
        <span class="muted small">Times in {job.timezone}</span>
        {can('recruiter') && (
          <div class="actions">
            <button
              type="button"
              aria-expanded={adding.value === 'one'}
              onClick={() => (adding.value = adding.value === 'one' ? null : 'one')}
            >
              Add a slot
            </button>
            <button
              type="button"
              aria-expanded={adding.value === 'weekly'}
              onClick={() => (adding.value = adding.value === 'weekly' ? null : 'weekly')}
            >
              Weekly availability
            </button>
          </div>
        )}
      </div>
      {adding.value === 'one' && <AddSlotForm jobId={job.id} startDate={monday} onAdded={added} />}
      {adding.value === 'weekly' && <WeeklyForm jobId={job.id} startDate={monday} onAdded={added} />}
      {notice.value !== null && (
        <p class="notice-ok" role="status">
          {notice.value}
        </p>
      )}
      <div class="week-nav">
        <button type="button" onClick={() => (week.value = addDays(monday, -7))}>
          <span aria-hidden="true">←</span> Previous week
        </button>
        <strong aria-live="polite">{formatWeek(monday)}</strong>
        <button type="button" onClick={() => (week.value = addDays(monday, 7))}>
          Next week <span aria-hidden="true">→</span>
        </button>
      </div>
      {state.state === 'loading' && <Loading />}
      {state.state === 'error' && <ErrorState message={state.message} onRetry={reload} />}
      {state.state === 'ready' && (
        <ol class="week" aria-label={`Slots, week of ${formatWeek(monday)}`}>
          {[0, 1, 2, 3, 4, 5, 6].map((offset) => {
            const day = addDays(monday, offset);
            const slots = state.data.slots.filter((s) => localParts(s.start).date === day);
            return (
              <li key={day} class={slots.length === 0 ? 'day empty-day' : 'day'}>
                <h3>{formatDay(day)}</h3>
                {slots.length === 0 ? (
                  <p class="muted small">No slots</p>
                ) : (
                  <ul class="slots">
                    {slots.map((slot) => (
                      <SlotItem
                        key={slot.id}
                        job={job}
                        slot={slot}
                        names={state.data.names.get(Date.parse(slot.start_utc)) ?? []}
                        onChanged={reload}
                      />
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

function SlotItem(props: { job: Job; slot: Slot; names: string[]; onChanged: () => void }) {
  const { slot } = props;
  const message = useSignal<string | null>(null);
  const mustCancel = useSignal(false);
  const { time } = localParts(slot.start);
  const remove = async (cancelBookings: boolean) => {
    const { data, error } = await api.DELETE('/jobs/{id}/slots/{slot_id}', {
      params: { path: { id: props.job.id, slot_id: slot.id }, query: cancelBookings ? { cancel_bookings: true } : {} },
    });
    if (data !== undefined) props.onChanged();
    else if (!cancelBookings && slot.booked > 0) mustCancel.value = true;
    else message.value = errorMessage(error, 'The slot could not be removed.');
  };
  const label = `${time}–${endTime(time, slot.minutes)}`;
  return (
    <li class={`slot ${slot.state}`}>
      <div class="slot-time">{label}</div>
      <div class="small">
        {slot.booked}/{slot.capacity} booked{slot.state === 'full' ? ' · full' : ''}
      </div>
      {props.names.length > 0 && <div class="small booked-names">{props.names.join(', ')}</div>}
      {slot.interviewer_name !== null && <div class="small muted">with {slot.interviewer_name}</div>}
      {can('recruiter') &&
        (mustCancel.value ? (
          <div class="confirm small" role="alert">
            <p>Booked: remove it and cancel {slot.booked === 1 ? 'the booking' : `${slot.booked} bookings`}?</p>
            <button type="button" class="danger" onClick={() => void remove(true)}>
              Remove and cancel
            </button>{' '}
            <button type="button" onClick={() => (mustCancel.value = false)}>
              Keep
            </button>
          </div>
        ) : (
          <button type="button" class="link small" aria-label={`Remove the slot ${slot.label}`} onClick={() => void remove(false)}>
            Remove
          </button>
        ))}
      {message.value !== null && (
        <p class="form-error small" role="alert">
          {message.value}
        </p>
      )}
    </li>
  );
}
