import { api, type Get } from '../../api/client.js';
import { useApi } from '../../api/use-api.js';
import { Chart } from '../../components/chart.js';
import { DataTable } from '../../components/table.js';
import { EmptyState, ErrorState, Loading } from '../../components/states.js';
import { formatCount, formatPercent, formatSeconds } from '../../format.js';
import { href } from '../../routes.js';

type Funnel = Get<'/analytics'>['funnel'];
type Job = Get<'/jobs'>['items'][number];

/** How many jobs' funnels the overview fetches side by side (one request each). */
const MAX_JOBS = 20;

const STAGES: Array<[keyof Funnel & ('candidates' | 'called' | 'reached' | 'scheduled'), string]> = [
  ['candidates', 'Candidates'],
  ['called', 'Called'],
  ['reached', 'Reached'],
  ['scheduled', 'Booked'],
];

/** The hiring funnel (candidates → called → reached → booked), overall or for the chosen job, and per job in a table. */
export function FunnelSection(props: { jobs: Job[]; jobId: number | undefined; overall: Funnel | null }) {
  const jobs = props.jobId === undefined ? props.jobs.slice(0, MAX_JOBS) : props.jobs.filter((j) => j.id === props.jobId);
  const ids = jobs.map((j) => j.id);
  const perJob = useApi(
    async (signal) => {
      const answers = await Promise.all(ids.map((id) => api.GET('/jobs/{id}/analytics', { signal, params: { path: { id } } })));
      const failed = answers.find((a) => a.data === undefined);
      if (failed !== undefined) return { error: failed.error };
      return { data: answers.map((a) => a.data).filter((d) => d !== undefined) };
    },
    [ids.join(',')],
  );
  const state = perJob.result.value;
  const funnels = state.state === 'ready' ? state.data : [];
  const shown = props.jobId === undefined ? props.overall : (funnels[0]?.funnel ?? null);

  return (
    <section class="panel" aria-labelledby="funnel-title">
      <h2 id="funnel-title">Funnel</h2>
      {shown !== null && shown.candidates === 0 && shown.calls_placed === 0 ? (
        <EmptyState title="No candidates yet">
          <p class="muted">The funnel starts with a job's candidates: import them on the job's page, then call them.</p>
        </EmptyState>
      ) : shown === null ? (
        state.state === 'error' ? (
          <ErrorState message={state.message} onRetry={perJob.reload} />
        ) : (
          <Loading />
        )
      ) : (
        <div class="chart-and-numbers">
          <Chart
            label={`Funnel: ${STAGES.map(([k, l]) => `${l} ${shown[k]}`).join(', ')}`}
            kind="bars"
            x={STAGES.map((_, i) => i)}
            xLabel={(v) => STAGES[v]?.[1] ?? ''}
            series={[{ label: 'People', values: STAGES.map(([k]) => shown[k]) }]}
          />
          <FunnelNumbers funnel={shown} />
        </div>
      )}
      {props.jobId === undefined && funnels.length > 0 && (
        <>
          <h3>By job</h3>
          <DataTable
            caption="Funnel by job"
            rows={funnels}
            rowKey={(f) => f.job_id}
            columns={[
              {
                header: 'Job',
                cell: (f) => <a href={`${href('/')}?job=${f.job_id}`}>{jobs.find((j) => j.id === f.job_id)?.title ?? `Job ${f.job_id}`}</a>,
              },
              { header: 'Candidates', numeric: true, cell: (f) => formatCount(f.funnel.candidates) },
              { header: 'Called', numeric: true, optional: true, cell: (f) => formatCount(f.funnel.called) },
              { header: 'Reached', numeric: true, optional: true, cell: (f) => formatCount(f.funnel.reached) },
              { header: 'Booked', numeric: true, cell: (f) => formatCount(f.funnel.scheduled) },
              { header: 'Reach rate', numeric: true, optional: true, cell: (f) => formatPercent(f.funnel.reach_rate) },
              { header: 'To booking', numeric: true, optional: true, cell: (f) => formatSeconds(f.funnel.median_seconds_to_booking) },
            ]}
          />
        </>
      )}
    </section>
  );
}

function FunnelNumbers(props: { funnel: Funnel }) {
  const f = props.funnel;
  const rows = [
    ...STAGES.map(([k, label]) => ({
      label,
      value: formatCount(f[k]),
      share: f.candidates > 0 ? formatPercent(f[k] / f.candidates) : '—',
    })),
    { label: 'Declined', value: formatCount(f.declined), share: '' },
    { label: 'Opted out', value: formatCount(f.opted_out), share: '' },
    { label: 'Unreachable', value: formatCount(f.unreachable), share: '' },
    { label: 'Calls placed', value: formatCount(f.calls_placed), share: '' },
    { label: 'Reach rate', value: formatPercent(f.reach_rate), share: '' },
    { label: 'Median time to booking', value: formatSeconds(f.median_seconds_to_booking), share: '' },
  ];
  return (
    <DataTable
      caption="Funnel figures"
      rows={rows}
      rowKey={(r) => r.label}
      columns={[
        { header: 'Stage', cell: (r) => r.label },
        { header: 'Count', numeric: true, cell: (r) => r.value },
        { header: 'Of candidates', numeric: true, cell: (r) => r.share },
      ]}
    />
  );
}
