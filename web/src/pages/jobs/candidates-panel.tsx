import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { api, errorMessage } from '../../api/client.js';
import { can } from '../../auth.js';
import { EmptyState, ErrorState, Loading } from '../../components/states.js';
import { DataTable } from '../../components/table.js';
import { formatDateTime, humanize } from '../../format.js';
import { href } from '../../routes.js';
import { CandidateImport } from './candidate-import.js';
import { CANDIDATE_STATUSES, statusTone, type Candidate, type CandidateStatus } from './types.js';

const PAGE = 50;
/** On the line already, or asked never to be called again. */
const NOT_CALLABLE = new Set<CandidateStatus>(['calling', 'opted_out']);

type Listing = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; items: Candidate[]; next: string | null };

/**
 * A job's candidates, newest first, filtered by status or searched by name or phone, 50 at a time; the CSV import;
 * a call-now button per candidate. `refresh` changes when the campaign moved someone (the list is read again).
 */
export function CandidatesPanel(props: { jobId: number; refresh: number }) {
  const status = useSignal<CandidateStatus | ''>('');
  const query = useSignal('');
  const search = useSignal('');
  const listing = useSignal<Listing>({ state: 'loading' });
  const reloads = useSignal(0);
  const notice = useSignal<{ text: string; link?: string; error?: boolean } | null>(null);

  const load = async (cursor: string | null, signal?: AbortSignal) => {
    const answer = await api
      .GET('/jobs/{id}/candidates', {
        params: {
          path: { id: props.jobId },
          query: {
            limit: PAGE,
            ...(status.value === '' ? {} : { status: status.value }),
            ...(search.value === '' ? {} : { q: search.value }),
            ...(cursor === null ? {} : { cursor }),
          },
        },
        ...(signal === undefined ? {} : { signal }),
      })
      .catch((err: unknown) => ({ data: undefined, error: { error: { message: err instanceof Error ? err.message : String(err) } } }));
    if (signal?.aborted === true) return;
    const { data, error } = answer;
    const before = cursor !== null && listing.value.state === 'ready' ? listing.value.items : [];
    listing.value =
      data === undefined
        ? { state: 'error', message: errorMessage(error) }
        : { state: 'ready', items: [...before, ...data.items], next: data.next_cursor };
  };

  useEffect(() => {
    const controller = new AbortController();
    void load(null, controller.signal);
    return () => controller.abort();
  }, [props.jobId, props.refresh, status.value, search.value, reloads.value]);

  const callNow = async (candidate: Candidate) => {
    notice.value = null;
    const { data, error } = await api.POST('/candidates/{id}/call', { params: { path: { id: candidate.id } }, body: {} });
    if (data === undefined)
      notice.value = { text: `${candidate.name}: ${errorMessage(error, 'the call could not be placed.')}`, error: true };
    else {
      notice.value = { text: `Calling ${candidate.name}.`, link: href(`/calls/${encodeURIComponent(data.conversation_id)}`) };
      reloads.value += 1;
    }
  };

  const state = listing.value;
  return (
    <section class="panel" aria-labelledby="candidates-title">
      <h2 id="candidates-title">Candidates</h2>
      {can('recruiter') && <CandidateImport jobId={props.jobId} onImported={() => (reloads.value += 1)} />}
      <form
        class="filters candidate-filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          search.value = query.value.trim();
        }}
      >
        <div>
          <label for="candidate-status">Status</label>
          <select
            id="candidate-status"
            value={status.value}
            onChange={(e) => (status.value = e.currentTarget.value as CandidateStatus | '')}
          >
            <option value="">Any</option>
            {CANDIDATE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {humanize(s)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="candidate-q">Name or phone</label>
          <input id="candidate-q" type="search" value={query.value} onInput={(e) => (query.value = e.currentTarget.value)} />
        </div>
        <button type="submit">Search</button>
      </form>
      {notice.value !== null && (
        <p class={notice.value.error === true ? 'form-error' : 'notice-ok'} role="status">
          {notice.value.text} {notice.value.link !== undefined && <a href={notice.value.link}>Open the call</a>}
        </p>
      )}
      {state.state === 'loading' && <Loading />}
      {state.state === 'error' && <ErrorState message={state.message} onRetry={() => (reloads.value += 1)} />}
      {state.state === 'ready' &&
        (state.items.length === 0 ? (
          <EmptyState title={status.value === '' && search.value === '' ? 'No candidates yet' : 'No candidate matches'} />
        ) : (
          <>
            <DataTable<Candidate>
              caption="Candidates of this job"
              rows={state.items}
              rowKey={(c) => c.id}
              columns={[
                { header: 'Name', cell: (c) => c.name },
                { header: 'Phone', cell: (c) => <span class="nowrap">{c.phone}</span>, optional: true },
                { header: 'Status', cell: (c) => <span class={statusTone(c.status)}>{humanize(c.status)}</span> },
                { header: 'Booked on', cell: (c) => formatDateTime(c.scheduled_at), optional: true },
                ...(can('recruiter')
                  ? [
                      {
                        header: 'Call',
                        cell: (c: Candidate) =>
                          NOT_CALLABLE.has(c.status) ? null : (
                            <button type="button" class="small nowrap" aria-label={`Call now: ${c.name}`} onClick={() => void callNow(c)}>
                              Call now
                            </button>
                          ),
                      },
                    ]
                  : []),
              ]}
            />
            {state.next !== null && (
              <button type="button" class="more" onClick={() => void load(state.next)}>
                Show more
              </button>
            )}
          </>
        ))}
    </section>
  );
}
