import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { api, errorMessage, type Get } from '../../api/client.js';
import { can } from '../../auth.js';
import { NeedsRole } from '../shared/needs-role.js';
import { PageHeader } from '../../components/page-header.js';
import { EmptyState, ErrorState, Loading } from '../../components/states.js';
import { DataTable } from '../../components/table.js';
import { formatDateTime } from '../../format.js';
import '../pages.css';

type Entry = Get<'/audit'>['items'][number];

type Listing = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; items: Entry[]; next: number | null };

/** Who did what, newest first, 100 at a time (admins only). */
export default function AuditPage() {
  if (!can('admin')) return <NeedsRole title="Audit log" role="admin" />;
  return <AuditPageContent />;
}

function AuditPageContent() {
  const listing = useSignal<Listing>({ state: 'loading' });
  const load = async (cursor: number | null) => {
    const { data, error } = await api.GET('/audit', { params: { query: { limit: 100, ...(cursor === null ? {} : { cursor }) } } });
    const before = cursor !== null && listing.value.state === 'ready' ? listing.value.items : [];
    listing.value =
      data === undefined
        ? { state: 'error', message: errorMessage(error) }
        : { state: 'ready', items: [...before, ...data.items], next: data.next_cursor };
  };
  useEffect(() => void load(null), []);

  const state = listing.value;
  return (
    <>
      <PageHeader title="Audit log" subtitle="Every change, and every bulk read of personal data: who, what, when and from where." />
      {state.state === 'loading' && <Loading />}
      {state.state === 'error' && <ErrorState message={state.message} onRetry={() => void load(null)} />}
      {state.state === 'ready' &&
        (state.items.length === 0 ? (
          <EmptyState title="Nothing recorded yet" />
        ) : (
          <>
            <DataTable<Entry>
              caption="Audit log"
              rows={state.items}
              rowKey={(e) => e.id}
              columns={[
                { header: 'When', cell: (e) => formatDateTime(e.at) },
                { header: 'What', cell: (e) => <code>{e.action}</code> },
                { header: 'Who', cell: (e) => <span class="actor">{e.actor}</span> },
                { header: 'Target', cell: (e) => <code class="small">{targetText(e.target)}</code>, optional: true },
                { header: 'From', cell: (e) => e.ip ?? '—', optional: true },
              ]}
            />
            {state.next !== null && (
              <button type="button" class="more" onClick={() => void load(state.next)}>
                Show older
              </button>
            )}
          </>
        ))}
    </>
  );
}

function targetText(target: Record<string, unknown>): string {
  const entries = Object.entries(target);
  return entries.length === 0 ? '—' : entries.map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
}
