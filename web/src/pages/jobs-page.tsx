import { useSignal } from '@preact/signals';
import { useLocation } from 'preact-iso';
import { api, errorMessage } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { can } from '../auth.js';
import { PageHeader } from '../components/page-header.js';
import { EmptyState, ErrorState, Loading } from '../components/states.js';
import { DataTable } from '../components/table.js';
import { formatDate, humanize } from '../format.js';
import { href } from '../routes.js';
import { JobForm } from './jobs/job-form.js';
import { statusTone, type Job, type JobCreate } from './jobs/types.js';
import './pages.css';

/** Every job, and a form to add one (recruiters): a new job opens on its own page, to add slots and candidates. */
export default function JobsPage() {
  const { route } = useLocation();
  const creating = useSignal(false);
  const { result, reload } = useApi((signal) => api.GET('/jobs', { signal }), []);

  const create = async (fields: JobCreate): Promise<string | null> => {
    const { data, error } = await api.POST('/jobs', { body: fields });
    if (data === undefined) return errorMessage(error, 'The job could not be created.');
    route(href(`/jobs/${data.id}`));
    return null;
  };

  const state = result.value;
  return (
    <>
      <PageHeader
        title="Jobs"
        subtitle="Each job has its slots, its candidates and its campaign."
        actions={
          can('recruiter') && !creating.value ? (
            <button type="button" class="primary" onClick={() => (creating.value = true)}>
              New job
            </button>
          ) : undefined
        }
      />
      {creating.value && (
        <section class="panel" aria-labelledby="new-job-heading">
          <h2 id="new-job-heading">New job</h2>
          <JobForm submitLabel="Create job" onSubmit={create} onCancel={() => (creating.value = false)} />
        </section>
      )}
      {state.state === 'loading' && <Loading />}
      {state.state === 'error' && <ErrorState message={state.message} onRetry={reload} />}
      {state.state === 'ready' &&
        (state.data.items.length === 0 ? (
          <EmptyState title="No jobs yet">{can('recruiter') && <p>Create one to add its slots and candidates.</p>}</EmptyState>
        ) : (
          <DataTable<Job>
            caption="Jobs"
            rows={state.data.items}
            rowKey={(j) => j.id}
            columns={[
              { header: 'Position', cell: (j) => <a href={href(`/jobs/${j.id}`)}>{j.title}</a> },
              { header: 'Company', cell: (j) => j.company },
              { header: 'Status', cell: (j) => <span class={statusTone(j.status)}>{humanize(j.status)}</span> },
              { header: 'Time zone', cell: (j) => j.timezone, optional: true },
              { header: 'Calling hours', cell: (j) => j.calling_hours, optional: true },
              { header: 'Created', cell: (j) => formatDate(j.created_at), optional: true },
            ]}
          />
        ))}
    </>
  );
}
