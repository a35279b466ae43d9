import { useLocation } from 'preact-iso';
import { api, type Get } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { PageHeader } from '../components/page-header.js';
import { ErrorState, Loading } from '../components/states.js';
import { formatCount, formatPercent, formatSeconds } from '../format.js';
import { href } from '../routes.js';
import { ActivitySections } from './overview/activity-sections.js';
import { BookingsSection } from './overview/bookings-section.js';
import { FunnelSection } from './overview/funnel-section.js';

export type Analytics = Get<'/analytics'>;
export type Activity = Get<'/analytics/activity'>;
export type Job = Get<'/jobs'>['items'][number];

const PERIODS = [7, 14, 30, 90];

/** The first page: how calls go, overall or for one job — the funnel, outcomes over time, bookings, reach, understanding. */
export default function OverviewPage() {
  const { query, route } = useLocation();
  const jobId = Number(query.job) > 0 ? Number(query.job) : undefined;
  const days = PERIODS.includes(Number(query.days)) ? Number(query.days) : 14;
  const setFilter = (key: 'job' | 'days', value: string) => {
    const next = new URLSearchParams({ ...(jobId === undefined ? {} : { job: String(jobId) }), days: String(days) });
    if (value === '') next.delete(key);
    else next.set(key, value);
    route(`${href('/')}?${next.toString()}`, true);
  };

  const jobs = useApi((signal) => api.GET('/jobs', { signal }), []);
  const analytics = useApi((signal) => api.GET('/analytics', { signal }), []);
  const activity = useApi(
    (signal) => api.GET('/analytics/activity', { signal, params: { query: { days, ...(jobId === undefined ? {} : { job_id: jobId }) } } }),
    [days, jobId],
  );
  const jobList = jobs.result.value.state === 'ready' ? jobs.result.value.data.items : [];

  return (
    <>
      <PageHeader
        title="Overview"
        subtitle={jobId === undefined ? 'Every job' : (jobList.find((j) => j.id === jobId)?.title ?? `Job ${jobId}`)}
        actions={
          <div class="filters compact">
            <div>
              <label for="overview-job">Job</label>
              <select
                id="overview-job"
                value={jobId === undefined ? '' : String(jobId)}
                onChange={(e) => setFilter('job', e.currentTarget.value)}
              >
                <option value="">All jobs</option>
                {jobList.map((j) => (
                  <option key={j.id} value={String(j.id)}>
                    {j.title}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="overview-days">Period</label>
              <select id="overview-days" value={String(days)} onChange={(e) => setFilter('days', e.currentTarget.value)}>
                {PERIODS.map((p) => (
                  <option key={p} value={String(p)}>
                    Last {p} days
                  </option>
                ))}
              </select>
            </div>
          </div>
        }
      />
      {analytics.result.value.state === 'ready' ? (
        <Figures analytics={analytics.result.value.data} />
      ) : analytics.result.value.state === 'error' ? (
        <ErrorState message={analytics.result.value.message} onRetry={analytics.reload} />
      ) : (
        <Loading />
      )}
      <FunnelSection
        jobs={jobList}
        jobId={jobId}
        overall={analytics.result.value.state === 'ready' ? analytics.result.value.data.funnel : null}
      />
      {activity.result.value.state === 'ready' ? (
        <ActivitySections activity={activity.result.value.data} />
      ) : activity.result.value.state === 'error' ? (
        <ErrorState message={activity.result.value.message} onRetry={activity.reload} />
      ) : (
        <Loading label="Loading calls over time…" />
      )}
      {analytics.result.value.state === 'ready' && <BookingsSection analytics={analytics.result.value.data} />}
    </>
  );
}

function Figures(props: { analytics: Analytics }) {
  const a = props.analytics;
  const items: Array<[string, string]> = [
    ['Calls', formatCount(a.total_calls)],
    ['In progress', formatCount(a.active_calls)],
    ['Booked', formatCount(a.by_outcome.scheduled ?? 0)],
    ['Booked ÷ finished', formatPercent(a.success_rate)],
    ['Average turns', a.average_turns.toFixed(1)],
    ['Average call', formatSeconds(a.average_duration_seconds)],
  ];
  return (
    <dl class="figures" aria-label="Totals over every call">
      {items.map(([label, value]) => (
        <div class="figure" key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
