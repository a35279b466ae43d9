import type { Get } from '../../api/client.js';
import { Chart } from '../../components/chart.js';
import { EmptyState } from '../../components/states.js';
import { DataTable } from '../../components/table.js';
import { formatCount, formatDate, formatPercent, formatShortDate, humanize } from '../../format.js';

type Activity = Get<'/analytics/activity'>;

/** Outcomes drawn as their own line; the rest are summed as "Other". */
const MAIN_OUTCOMES = ['scheduled', 'declined', 'no_answer', 'callback_requested', 'voicemail'];

/** Calls over time: outcomes per day, reach rate by hour of day, and which engine understood the replies. */
export function ActivitySections(props: { activity: Activity }) {
  const a = props.activity;
  const total = a.by_day.reduce((n, d) => n + d.calls, 0);
  return (
    <>
      <section class="panel" aria-labelledby="outcomes-title">
        <h2 id="outcomes-title">Outcomes over time</h2>
        <p class="muted small">
          {formatDate(a.from)} to {formatDate(a.to)}, days in {a.zone}.
        </p>
        {total === 0 ? <EmptyState title="No calls in this period" /> : <OutcomesOverTime activity={a} />}
      </section>
      <div class="grid">
        <section class="panel" aria-labelledby="reach-title">
          <h2 id="reach-title">Reach rate by hour</h2>
          <p class="muted small">Ended calls a person spoke in, by the hour they started ({a.zone}).</p>
          {total === 0 ? <EmptyState title="No calls in this period" /> : <ReachByHour activity={a} />}
        </section>
        <section class="panel" aria-labelledby="understanding-title">
          <h2 id="understanding-title">Understanding</h2>
          <Understanding activity={a} />
        </section>
      </div>
    </>
  );
}

function OutcomesOverTime(props: { activity: Activity }) {
  const days = props.activity.by_day;
  const present = MAIN_OUTCOMES.filter((o) => days.some((d) => (d.outcomes[o] ?? 0) > 0));
  const other = (d: Activity['by_day'][number]) => d.calls - present.reduce((n, o) => n + (d.outcomes[o] ?? 0), 0);
  const series = [
    ...present.map((o) => ({ label: humanize(o), values: days.map((d) => d.outcomes[o] ?? 0) })),
    { label: 'Other', values: days.map(other) },
  ];
  return (
    <div class="chart-and-numbers">
      <Chart label="Calls per day by outcome" x={days.map((_, i) => i)} xLabel={(v) => formatShortDate(days[v]?.date)} series={series} />
      <DataTable
        caption="Calls per day"
        rows={[...days].reverse().filter((d) => d.calls > 0)}
        rowKey={(d) => d.date}
        columns={[
          { header: 'Day', cell: (d) => formatShortDate(d.date) },
          { header: 'Calls', numeric: true, cell: (d) => formatCount(d.calls) },
          { header: 'Reached', numeric: true, cell: (d) => formatCount(d.reached) },
          { header: 'Booked', numeric: true, cell: (d) => formatCount(d.outcomes.scheduled ?? 0) },
        ]}
      />
    </div>
  );
}

function ReachByHour(props: { activity: Activity }) {
  const hours = props.activity.by_hour;
  const rate = (h: Activity['by_hour'][number]) => (h.calls === 0 ? null : h.reached / h.calls);
  return (
    <>
      <Chart
        label="Share of ended calls a person answered, by hour of the day"
        kind="bars"
        x={hours.map((h) => h.hour)}
        xLabel={(v) => `${v}h`}
        yLabel={(v) => formatPercent(v)}
        yMax={1}
        series={[{ label: 'Reach rate', values: hours.map(rate) }]}
      />
      <DataTable
        caption="Reach by hour of the day"
        rows={hours.filter((h) => h.calls > 0)}
        rowKey={(h) => h.hour}
        columns={[
          { header: 'Hour', cell: (h) => `${String(h.hour).padStart(2, '0')}:00` },
          { header: 'Ended calls', numeric: true, cell: (h) => formatCount(h.calls) },
          { header: 'Reached', numeric: true, cell: (h) => formatCount(h.reached) },
          { header: 'Rate', numeric: true, cell: (h) => formatPercent(rate(h)) },
        ]}
      />
    </>
  );
}

function Understanding(props: { activity: Activity }) {
  const { engine, understanding } = props.activity;
  const days = understanding.by_day;
  const engines = [...new Set(days.flatMap((d) => Object.keys(d.engines)))].sort();
  const totals = engines.map((e) => ({ engine: e, turns: days.reduce((n, d) => n + (d.engines[e] ?? 0), 0) }));
  const all = totals.reduce((n, t) => n + t.turns, 0);
  const fallbacks = engine === 'openai' ? (totals.find((t) => t.engine === 'local')?.turns ?? 0) : 0;
  return (
    <>
      <p class="small">
        Replies are understood by the <strong>{engine}</strong> engine.{' '}
        {engine === 'openai'
          ? `${formatCount(fallbacks)} of ${formatCount(all)} turns (${formatPercent(share(fallbacks, all))}) fell back to local.`
          : 'No language model is configured, so there are no fallbacks.'}{' '}
        <span class="muted">From the latest {formatCount(understanding.calls_sampled)} calls.</span>
      </p>
      {days.length === 0 ? (
        <EmptyState title="No turns yet" />
      ) : (
        <>
          <Chart
            label="Turns per day by understanding engine"
            x={days.map((_, i) => i)}
            xLabel={(v) => formatShortDate(days[v]?.date)}
            series={engines.map((e) => ({ label: engineLabel(e), values: days.map((d) => d.engines[e] ?? 0) }))}
          />
          <DataTable
            caption="Turns by engine"
            rows={totals}
            rowKey={(t) => t.engine}
            columns={[
              { header: 'Engine', cell: (t) => engineLabel(t.engine) },
              { header: 'Turns', numeric: true, cell: (t) => formatCount(t.turns) },
              { header: 'Share', numeric: true, cell: (t) => formatPercent(all === 0 ? null : t.turns / all) },
            ]}
          />
        </>
      )}
    </>
  );
}

function share(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

function engineLabel(engine: string): string {
  return engine === 'none' ? 'No speech (silence, keypad)' : engine;
}
