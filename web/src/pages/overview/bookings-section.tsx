import type { Get } from '../../api/client.js';
import { Chart } from '../../components/chart.js';
import { EmptyState } from '../../components/states.js';
import { DataTable } from '../../components/table.js';
import { formatCount, formatDate, formatPercent, formatShortDate } from '../../format.js';

type Analytics = Get<'/analytics'>;

/** How many booked slots the table lists (most booked first). */
const TOP_SLOTS = 10;

/** Bookings per day (booked against seats) and per slot (the most booked), with their figures. */
export function BookingsSection(props: { analytics: Analytics }) {
  const fill = props.analytics.funnel.slot_fill;
  const slots = props.analytics.slot_preferences.filter((s) => s.bookings > 0).slice(0, TOP_SLOTS);
  return (
    <section class="panel" aria-labelledby="bookings-title">
      <h2 id="bookings-title">Bookings per day and slot</h2>
      {fill.length === 0 ? (
        <EmptyState title="No interview slots yet">
          <p class="muted">Slots appear here once a job has them, with how many seats are booked.</p>
        </EmptyState>
      ) : (
        <div class="chart-and-numbers">
          <Chart
            label="Booked seats and capacity per day"
            kind="bars"
            x={fill.map((_, i) => i)}
            xLabel={(v) => formatShortDate(fill[v]?.date)}
            series={[
              { label: 'Capacity', values: fill.map((d) => d.capacity) },
              { label: 'Booked', values: fill.map((d) => d.booked) },
            ]}
          />
          <DataTable
            caption="Bookings per day"
            rows={fill}
            rowKey={(d) => d.date}
            columns={[
              { header: 'Day', cell: (d) => formatDate(d.date) },
              { header: 'Booked', numeric: true, cell: (d) => formatCount(d.booked) },
              { header: 'Seats', numeric: true, cell: (d) => formatCount(d.capacity) },
              { header: 'Filled', numeric: true, cell: (d) => formatPercent(d.fill) },
            ]}
          />
        </div>
      )}
      {slots.length > 0 && (
        <>
          <h3>Most booked slots</h3>
          <DataTable
            caption="Most booked slots"
            rows={slots}
            rowKey={(s) => s.slot_id}
            columns={[
              { header: 'Slot', cell: (s) => s.label },
              { header: 'Bookings', numeric: true, cell: (s) => formatCount(s.bookings) },
            ]}
          />
        </>
      )}
    </section>
  );
}
