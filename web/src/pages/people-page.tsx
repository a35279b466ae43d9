import { useSignal } from '@preact/signals';
import { api, errorMessage } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { can } from '../auth.js';
import { PageHeader } from '../components/page-header.js';
import { EmptyState, ErrorState, Loading } from '../components/states.js';
import { DataTable } from '../components/table.js';
import { formatDateTime } from '../format.js';
import { CandidateErasure } from './people/candidate-erasure.js';
import './pages.css';

interface Entry {
  phone_hash: string;
  created_at: string;
}

/**
 * The people the service calls: the do-not-call list (the service keeps a keyed hash, never the number, so a number
 * is taken off by typing it again) and the erasure of a candidate's data.
 */
export default function PeoplePage() {
  const { result, reload } = useApi((signal) => api.GET('/do-not-call', { signal }), []);
  const state = result.value;
  return (
    <>
      <PageHeader title="People" subtitle="Numbers never to call, and erasing a candidate's data." />
      <section class="panel" aria-labelledby="dnc-title">
        <h2 id="dnc-title">Do-not-call list</h2>
        <p class="muted small">Numbers here are never dialled. The list keeps a keyed hash of each number, not the number itself.</p>
        {can('recruiter') && <DoNotCallForms onChanged={reload} />}
        {state.state === 'loading' && <Loading />}
        {state.state === 'error' && <ErrorState message={state.message} onRetry={reload} />}
        {state.state === 'ready' &&
          (state.data.items.length === 0 ? (
            <EmptyState title="Nobody is on the list" />
          ) : (
            <DataTable<Entry>
              caption="Numbers on the do-not-call list"
              rows={state.data.items}
              rowKey={(e) => e.phone_hash}
              columns={[
                { header: 'Added', cell: (e) => formatDateTime(e.created_at) },
                { header: 'Key', cell: (e) => <code title={e.phone_hash}>{e.phone_hash.slice(0, 12)}…</code> },
              ]}
            />
          ))}
      </section>
      {can('recruiter') && <CandidateErasure />}
    </>
  );
}

function DoNotCallForms(props: { onChanged: () => void }) {
  const phone = useSignal('');
  const reason = useSignal('');
  const removePhone = useSignal('');
  const message = useSignal<{ text: string; error: boolean } | null>(null);

  const add = async (event: Event) => {
    event.preventDefault();
    const { data, error, response } = await api.POST('/do-not-call', {
      body: { phone: phone.value.trim(), ...(reason.value.trim() === '' ? {} : { reason: reason.value.trim() }) },
    });
    if (data === undefined) message.value = { text: errorMessage(error, 'The number could not be added.'), error: true };
    else {
      message.value = { text: response.status === 201 ? 'Added to the list.' : 'That number was on the list already.', error: false };
      phone.value = '';
      reason.value = '';
      props.onChanged();
    }
  };
  const remove = async (event: Event) => {
    event.preventDefault();
    const { error, response } = await api.DELETE('/do-not-call/{phone}', { params: { path: { phone: removePhone.value.trim() } } });
    if (response.status !== 204) message.value = { text: errorMessage(error, 'The number could not be taken off.'), error: true };
    else {
      message.value = { text: 'Taken off the list.', error: false };
      removePhone.value = '';
      props.onChanged();
    }
  };

  return (
    <div class="grid dnc-forms">
      <form onSubmit={(e) => void add(e)} aria-label="Add a number to the do-not-call list">
        <label for="dnc-phone">Number to add</label>
        <div class="inline-form">
          <input
            id="dnc-phone"
            type="tel"
            required
            placeholder="+14155550123"
            value={phone.value}
            onInput={(e) => (phone.value = e.currentTarget.value)}
          />
        </div>
        <label for="dnc-reason">Reason (optional)</label>
        <div class="inline-form">
          <input id="dnc-reason" type="text" maxLength={500} value={reason.value} onInput={(e) => (reason.value = e.currentTarget.value)} />
          <button type="submit" class="primary">
            Add
          </button>
        </div>
      </form>
      <form onSubmit={(e) => void remove(e)} aria-label="Take a number off the do-not-call list">
        <label for="dnc-remove">Number to take off</label>
        <div class="inline-form">
          <input
            id="dnc-remove"
            type="tel"
            required
            placeholder="+14155550123"
            value={removePhone.value}
            onInput={(e) => (removePhone.value = e.currentTarget.value)}
          />
          <button type="submit" class="danger">
            Remove
          </button>
        </div>
      </form>
      {message.value !== null && (
        <p class={message.value.error ? 'form-error' : 'notice-ok'} role="status">
          {message.value.text}
        </p>
      )}
    </div>
  );
}
