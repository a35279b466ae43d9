import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { api, errorMessage } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { can } from '../auth.js';
import { PageHeader } from '../components/page-header.js';
import { ErrorState, Loading } from '../components/states.js';
import { humanize } from '../format.js';
import { href } from '../routes.js';
import { CampaignPanel } from './jobs/campaign-panel.js';
import { CandidatesPanel } from './jobs/candidates-panel.js';
import { JobForm } from './jobs/job-form.js';
import { statusTone, type Job, type JobCreate } from './jobs/types.js';
import { WeekCalendar } from './jobs/week-calendar.js';
import './pages.css';

/** One job: its details (editable), its campaign, a week of its slots, and its candidates. */
export default function JobPage(props: { id: string }) {
  const id = Number(props.id);
  const { result, reload } = useApi((signal) => api.GET('/jobs/{id}', { params: { path: { id } }, signal }), [id]);
  const state = result.value;
  useEffect(() => {
    if (state.state === 'ready') document.title = `${state.data.title} · Jobs · Interview caller`;
  }, [state]);
  if (!Number.isInteger(id) || id < 1) return <ErrorState message="No such job." />;
  if (state.state === 'loading') return <Loading />;
  if (state.state === 'error') return <ErrorState message={state.message} onRetry={reload} />;
  return <JobView job={state.data} onSaved={reload} />;
}

function JobView(props: { job: Job; onSaved: () => void }) {
  const { job } = props;
  const editing = useSignal(false);
  const candidatesVersion = useSignal(0);
  const save = async (fields: JobCreate): Promise<string | null> => {
    const { data, error } = await api.PATCH('/jobs/{id}', { params: { path: { id: job.id } }, body: fields });
    if (data === undefined) return errorMessage(error, 'The job could not be saved.');
    editing.value = false;
    props.onSaved();
    return null;
  };
  return (
    <>
      <p class="crumbs small">
        <a href={href('/jobs')}>Jobs</a>
      </p>
      <PageHeader
        title={job.title}
        subtitle={
          <>
            {job.company} · <span class={statusTone(job.status)}>{humanize(job.status)}</span> · {job.interview_minutes} min {job.format}
            {' · '}calls {job.calling_hours}
          </>
        }
        actions={
          can('recruiter') && !editing.value ? (
            <button type="button" onClick={() => (editing.value = true)}>
              Edit job
            </button>
          ) : undefined
        }
      />
      {editing.value && (
        <section class="panel" aria-labelledby="edit-job-heading">
          <h2 id="edit-job-heading">Edit job</h2>
          <JobForm job={job} submitLabel="Save" onSubmit={save} onCancel={() => (editing.value = false)} />
        </section>
      )}
      <CampaignPanel jobId={job.id} onProgress={() => (candidatesVersion.value += 1)} />
      <WeekCalendar job={job} refresh={candidatesVersion.value} />
      <CandidatesPanel jobId={job.id} refresh={candidatesVersion.value} />
    </>
  );
}
