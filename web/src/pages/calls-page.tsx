import { useSignal } from '@preact/signals';
import { useLocation } from 'preact-iso';
import { api, type Get } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { OUTCOMES, OutcomeBadge } from '../components/outcome-badge.js';
import { PageHeader } from '../components/page-header.js';
import { EmptyState, ErrorState, Loading } from '../components/states.js';
import { DataTable } from '../components/table.js';
import { formatDateTime, formatSeconds, humanize } from '../format.js';
import { href } from '../routes.js';

type Call = Get<'/conversations'>['items'][number];

/** The query string keys this page reads, each a parameter of GET /conversations (cursor: the page; limit: its size). */
const KEYS = ['job_id', 'outcome', 'from', 'to', 'engine', 'q', 'cursor', 'limit'] as const;
type Filters = Partial<Record<(typeof KEYS)[number], string>>;

const PAGE_SIZE = 25;

/** Every call, newest first: filters by job, outcome, dates and engine, search by candidate, a page at a time. */
export default function CallsPage() {
  const { query, route } = useLocation();
  const filters: Filters = Object.fromEntries(KEYS.filter((k) => (query[k] ?? '') !== '').map((k) => [k, query[k]]));
  const go = (next: Filters) => route(callsUrl(next));
  const jobs = useApi((signal) => api.GET('/jobs', { signal }), []);
  const calls = useApi(
    (signal) =>
      api.GET('/conversations', {
        signal,
        params: {
          query: {
            limit: pageSize(filters.limit),
            ...(filters.job_id === undefined ? {} : { job_id: Number(filters.job_id) }),
            ...(filters.outcome === undefined ? {} : { outcome: filters.outcome }),
            ...(filters.from === undefined ? {} : { from: filters.from }),
            ...(filters.to === undefined ? {} : { to: filters.to }),
            ...(filters.engine === 'local' || filters.engine === 'openai' ? { engine: filters.engine } : {}),
            ...(filters.q === undefined ? {} : { q: filters.q }),
            ...(filters.cursor === undefined ? {} : { cursor: filters.cursor }),
          },
        },
      }),
    [KEYS.map((k) => filters[k] ?? '').join('|')],
  );
  const jobList = jobs.result.value.state === 'ready' ? jobs.result.value.data.items : [];
  const state = calls.result.value;

  return (
    <>
      <PageHeader title="Calls" subtitle="Every call, newest first." />
      <FilterForm
        key={KEYS.filter((k) => k !== 'cursor')
          .map((k) => filters[k] ?? '')
          .join('|')}
        filters={filters}
        jobs={jobList}
        onApply={go}
      />
      {state.state === 'loading' && <Loading />}
      {state.state === 'error' && <ErrorState message={state.message} onRetry={calls.reload} />}
      {state.state === 'ready' &&
        (state.data.items.length === 0 ? (
          <EmptyState title={filters.cursor === undefined ? 'No calls match' : 'No more calls'}>
            <p class="muted">{Object.keys(filters).length === 0 ? 'Calls appear here as soon as one is placed.' : 'Try other filters.'}</p>
          </EmptyState>
        ) : (
          <>
            <CallsTable calls={state.data.items} />
            <nav class="pager" aria-label="Pages">
              {filters.cursor !== undefined && (
                <a class="button" href={callsUrl({ ...filters, cursor: undefined })}>
                  First page
                </a>
              )}
              {state.data.next_cursor !== null && (
                <a class="button" rel="next" href={callsUrl({ ...filters, cursor: state.data.next_cursor })}>
                  Older calls
                </a>
              )}
            </nav>
          </>
        ))}
    </>
  );
}

/** The Calls page's address with these filters (the router follows the links; the form navigates to it). */
function callsUrl(filters: Filters): string {
  const params = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
  return `${href('/calls')}${params.size === 0 ? '' : `?${params.toString()}`}`;
}

function pageSize(limit: string | undefined): number {
  const n = Number(limit);
  return Number.isInteger(n) && n >= 1 && n <= 100 ? n : PAGE_SIZE;
}

function CallsTable(props: { calls: Call[] }) {
  return (
    <DataTable
      caption="Calls"
      rows={props.calls}
      rowKey={(c) => c.call_sid}
      columns={[
        { header: 'Started', cell: (c) => <a href={href(`/calls/${encodeURIComponent(c.call_sid)}`)}>{formatDateTime(c.start_time)}</a> },
        { header: 'Candidate', cell: (c) => c.candidate_name },
        { header: 'Outcome', cell: (c) => <OutcomeBadge outcome={c.outcome} status={c.status} /> },
        { header: 'Booked slot', optional: true, cell: (c) => c.confirmed_slot ?? '—' },
        { header: 'Turns', numeric: true, optional: true, cell: (c) => c.turn_count },
        { header: 'Length', numeric: true, optional: true, cell: (c) => formatSeconds(c.duration_seconds) },
        { header: 'Line', optional: true, cell: (c) => humanize(c.telephony) },
      ]}
    />
  );
}

/** The filters as a form: applied together on submit (a search box that fetched on every key would page the database). */
function FilterForm(props: { filters: Filters; jobs: Array<{ id: number; title: string }>; onApply: (f: Filters) => void }) {
  const draft = useSignal<Filters>(props.filters);
  const set = (key: keyof Filters) => (e: Event) => {
    draft.value = { ...draft.value, [key]: (e.currentTarget as HTMLInputElement | HTMLSelectElement).value };
  };
  const submit = (e: Event) => {
    e.preventDefault();
    props.onApply({ ...draft.value, cursor: undefined, limit: props.filters.limit });
  };
  const d = draft.value;
  return (
    <form class="filters" role="search" aria-label="Filter calls" onSubmit={submit}>
      <div>
        <label for="calls-q">Candidate</label>
        <input id="calls-q" type="search" placeholder="Name" value={d.q ?? ''} onInput={set('q')} />
      </div>
      <div>
        <label for="calls-job">Job</label>
        <select id="calls-job" value={d.job_id ?? ''} onChange={set('job_id')}>
          <option value="">All jobs</option>
          {props.jobs.map((j) => (
            <option key={j.id} value={String(j.id)}>
              {j.title}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="calls-outcome">Outcome</label>
        <select id="calls-outcome" value={d.outcome ?? ''} onChange={set('outcome')}>
          <option value="">Any outcome</option>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {humanize(o)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="calls-from">From</label>
        <input id="calls-from" type="date" value={d.from ?? ''} onInput={set('from')} />
      </div>
      <div>
        <label for="calls-to">To</label>
        <input id="calls-to" type="date" value={d.to ?? ''} onInput={set('to')} />
      </div>
      <div>
        <label for="calls-engine">Understood by</label>
        <select id="calls-engine" value={d.engine ?? ''} onChange={set('engine')}>
          <option value="">Any engine</option>
          <option value="local">Local</option>
          <option value="openai">OpenAI</option>
        </select>
      </div>
      <div class="filter-buttons">
        <button type="submit" class="primary">
          Apply
        </button>
        <button type="button" onClick={() => ((draft.value = {}), props.onApply({}))}>
          Clear
        </button>
      </div>
    </form>
  );
}
