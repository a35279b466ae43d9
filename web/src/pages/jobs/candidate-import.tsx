import { useSignal } from '@preact/signals';
import { api, errorMessage } from '../../api/client.js';
import { DataTable } from '../../components/table.js';
import { formatCount, humanize } from '../../format.js';
import type { ImportReply } from './types.js';
import { FormMessage } from '../../components/form-message.js';

type Rejected = ImportReply['rejected'][number];

/**
 * A CSV file of candidates sent as it is (text/csv): the service reads the header loosely, stores the good rows and
 * answers every bad one with its line and why, shown here for the person fixing the file.
 */
export function CandidateImport(props: { jobId: number; onImported: () => void }) {
  const file = useSignal<File | null>(null);
  const busy = useSignal(false);
  const reply = useSignal<ImportReply | null>(null);
  const message = useSignal<string | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    const chosen = file.value;
    if (chosen === null) return;
    busy.value = true;
    message.value = null;
    reply.value = null;
    const csv = await chosen.text();
    const { data, error } = await api.POST('/jobs/{id}/candidates', {
      params: { path: { id: props.jobId } },
      body: csv,
      headers: { 'content-type': 'text/csv' },
      bodySerializer: (body) => body as string,
    });
    busy.value = false;
    if (data === undefined) message.value = errorMessage(error, 'The file could not be imported.');
    else {
      reply.value = data;
      props.onImported();
    }
  };

  const done = reply.value;
  return (
    <form class="import" onSubmit={(e) => void submit(e)} aria-labelledby="import-title">
      <h3 id="import-title">Import a CSV file</h3>
      <p class="muted small">
        A header line (Name, Phone, Email, Time zone, ID, Notes) and a line per candidate. Phones in E.164 (+14155550123).
      </p>
      <div class="inline-form">
        <label for="import-file" class="visually-hidden">
          CSV file
        </label>
        <input id="import-file" type="file" accept=".csv,text/csv" onChange={(e) => (file.value = e.currentTarget.files?.[0] ?? null)} />
        <button type="submit" class="primary" disabled={file.value === null || busy.value}>
          {busy.value ? 'Importing…' : 'Import'}
        </button>
      </div>
      <FormMessage message={message.value} />
      {done !== null && (
        <div class="import-result" role="status">
          <p>
            {formatCount(done.created)} added, {formatCount(done.updated)} updated, {formatCount(done.unchanged)} unchanged
            {done.rejected.length > 0 && <strong>, {formatCount(done.rejected.length)} rejected</strong>}.
          </p>
          {done.rejected.length > 0 && (
            <DataTable<Rejected>
              caption="Rows not imported"
              showCaption
              rows={done.rejected}
              rowKey={(r) => `${r.row}-${r.code}`}
              columns={[
                { header: 'Line', cell: (r) => r.row, numeric: true },
                { header: 'Problem', cell: (r) => humanize(r.code) },
                { header: 'Why', cell: (r) => r.reason },
              ]}
            />
          )}
        </div>
      )}
    </form>
  );
}
