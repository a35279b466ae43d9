import { useSignal } from '@preact/signals';
import { api, errorMessage } from '../../api/client.js';
import { formatCount, humanize } from '../../format.js';
import { FormMessage } from '../../components/form-message.js';

type Target =
  | { kind: 'candidate'; key: string; name: string; phone: string; jobId: number; status: string; calls: number; booked: string | null }
  | { kind: 'number'; key: string };

interface Erased {
  conversations: number;
  turns: number;
  bookings: number;
  do_not_call: boolean;
  candidates?: number;
}

/**
 * Erasing a candidate's data in two steps: find them (by id, or every trace of a number), see what will go, then
 * confirm. Nothing is erased before the second button.
 */
export function CandidateErasure() {
  const key = useSignal('');
  const target = useSignal<Target | null>(null);
  const understood = useSignal(false);
  const erased = useSignal<Erased | null>(null);
  const message = useSignal<string | null>(null);
  const busy = useSignal(false);

  const find = async (event: Event) => {
    event.preventDefault();
    message.value = null;
    erased.value = null;
    understood.value = false;
    const given = key.value.trim();
    if (/^\d+$/.test(given)) {
      const { data, error } = await api.GET('/candidates/{id}', { params: { path: { id: Number(given) } } });
      if (data === undefined) {
        message.value = errorMessage(error, 'No such candidate.');
        return;
      }
      target.value = {
        kind: 'candidate',
        key: given,
        name: data.name,
        phone: data.phone,
        jobId: data.job_id,
        status: data.status,
        calls: data.calls.length,
        booked: data.booking?.label ?? null,
      };
    } else if (/^\+?[\d\s().-]{7,}$/.test(given)) target.value = { kind: 'number', key: given };
    else message.value = 'Give a candidate id (a number such as 42) or a phone number in E.164 (+14155550123).';
  };

  const erase = async () => {
    const chosen = target.value;
    if (chosen === null) return;
    busy.value = true;
    const { data, error } = await api.DELETE('/candidates/{id}', { params: { path: { id: chosen.key } } });
    busy.value = false;
    if (data === undefined) message.value = errorMessage(error, 'The data could not be erased.');
    else {
      erased.value = data;
      target.value = null;
      key.value = '';
    }
  };

  const chosen = target.value;
  const done = erased.value;
  return (
    <section class="panel" aria-labelledby="erase-title">
      <h2 id="erase-title">Erase a candidate's data</h2>
      <p class="muted small">
        Their calls with every turn and question, their bookings (seats given back) and their record. A do-not-call entry stays.
      </p>
      <form class="inline-form" onSubmit={(e) => void find(e)}>
        <label for="erase-key">Candidate id or phone number</label>
        <input id="erase-key" type="text" required value={key.value} onInput={(e) => (key.value = e.currentTarget.value)} />
        <button type="submit">Find</button>
      </form>
      <FormMessage message={message.value} />
      {chosen !== null && (
        <div class="notice confirm-erase" role="region" aria-label="Confirm the erasure">
          {chosen.kind === 'candidate' ? (
            <p>
              <strong>{chosen.name}</strong> ({chosen.phone}), job {chosen.jobId}, {humanize(chosen.status).toLowerCase()}:{' '}
              {formatCount(chosen.calls)} call{chosen.calls === 1 ? '' : 's'}
              {chosen.booked !== null && `, booked for ${chosen.booked}`}.
            </p>
          ) : (
            <p>
              Every call, turn and booking of <strong>{chosen.key}</strong>, and its candidate records in every job.
            </p>
          )}
          <label class="check">
            <input type="checkbox" checked={understood.value} onChange={(e) => (understood.value = e.currentTarget.checked)} /> I understand
            this cannot be undone
          </label>
          <div class="actions">
            <button type="button" class="danger" disabled={!understood.value || busy.value} onClick={() => void erase()}>
              Erase for good
            </button>
            <button type="button" onClick={() => (target.value = null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {done !== null && (
        <p class="notice-ok" role="status">
          Erased: {formatCount(done.candidates ?? 1)} candidate record(s), {formatCount(done.conversations)} call(s),{' '}
          {formatCount(done.turns)} turn(s), {formatCount(done.bookings)} booking(s).
          {done.do_not_call && ' The number stays on the do-not-call list.'}
        </p>
      )}
    </section>
  );
}
