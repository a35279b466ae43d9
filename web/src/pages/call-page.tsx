import { useEffect } from 'preact/hooks';
import { api, type Get } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { OutcomeBadge } from '../components/outcome-badge.js';
import { PageHeader } from '../components/page-header.js';
import { EmptyState, ErrorState, Loading } from '../components/states.js';
import { DataTable } from '../components/table.js';
import { formatDateTime, formatSeconds, humanize } from '../format.js';
import { href } from '../routes.js';
import { Transcript } from './call/transcript.js';

type Call = Get<'/conversations/{call_sid}'>;

/** One call: what happened (outcome, booking), the conversation turn by turn, questions, attempts and messages. */
export default function CallPage(props: { call_sid: string }) {
  const call = useApi(
    (signal) => api.GET('/conversations/{call_sid}', { signal, params: { path: { call_sid: props.call_sid } } }),
    [props.call_sid],
  );
  const state = call.result.value;
  useEffect(() => {
    if (state.state === 'ready') document.title = `${state.data.candidate_name} · Call · Interview caller`;
  }, [state]);
  return (
    <>
      <p class="back">
        <a href={href('/calls')}>← Calls</a>
      </p>
      {state.state === 'loading' && <Loading />}
      {state.state === 'error' && <ErrorState message={state.message} onRetry={call.reload} />}
      {state.state === 'ready' && <CallView call={state.data} />}
    </>
  );
}

function CallView(props: { call: Call }) {
  const c = props.call;
  return (
    <>
      <PageHeader
        title={c.candidate_name}
        subtitle={
          <>
            {formatDateTime(c.start_time)} · <OutcomeBadge outcome={c.outcome} status={c.status} />
          </>
        }
      />
      <div class="call-layout">
        <section class="panel" aria-labelledby="transcript-title">
          <h2 id="transcript-title">Conversation</h2>
          <Transcript turns={c.turns} candidate={c.candidate_name} booked={c.confirmed_slot} />
        </section>
        <div>
          <Summary call={c} />
          <Questions call={c} />
          {c.candidate_id !== null && <Attempts candidateId={c.candidate_id} current={c.call_sid} />}
          <Messages call={c} />
        </div>
      </div>
    </>
  );
}

function Summary(props: { call: Call }) {
  const c = props.call;
  const rows: Array<[string, string]> = [
    ['Outcome', humanize(c.outcome ?? c.status)],
    ['Booked slot', c.confirmed_slot ?? '—'],
    ['Slot starts', c.confirmed_slot_start === null ? '—' : formatDateTime(c.confirmed_slot_start)],
    ['Position', `${c.candidate_position}, ${c.candidate_company}`],
    ['Phone', c.candidate_phone],
    ['Email', c.candidate_email ?? '—'],
    ['Candidate’s zone', c.candidate_timezone],
    ['Turns', String(c.turn_count)],
    ['Length', formatSeconds(c.duration_seconds)],
    ['Line', humanize(c.telephony)],
    ['Answered by', humanize(c.answered_by)],
    ['Ended', formatDateTime(c.end_time)],
  ];
  if (c.error_code !== null) rows.push(['Error', c.error_code]);
  return (
    <section class="panel" aria-labelledby="summary-title">
      <h2 id="summary-title">Summary</h2>
      <dl class="pairs">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Questions(props: { call: Call }) {
  const questions = props.call.questions;
  return (
    <section class="panel" aria-labelledby="questions-title">
      <h2 id="questions-title">Questions asked</h2>
      {questions.length === 0 ? (
        <p class="muted">The candidate asked nothing for the recruiter.</p>
      ) : (
        <ul class="plain">
          {questions.map((q) => (
            <li key={`${q.turn_number}-${q.text}`}>
              “{q.text}”{' '}
              <span class="muted small">
                ({humanize(q.topic)}, turn {q.turn_number})
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Every call placed to this candidate (a campaign's attempts), this one marked. */
function Attempts(props: { candidateId: number; current: string }) {
  const detail = useApi(
    (signal) => api.GET('/candidates/{id}', { signal, params: { path: { id: props.candidateId } } }),
    [props.candidateId],
  );
  const state = detail.result.value;
  return (
    <section class="panel" aria-labelledby="attempts-title">
      <h2 id="attempts-title">Attempts</h2>
      {state.state === 'loading' && <Loading />}
      {state.state === 'error' && <ErrorState message={state.message} onRetry={detail.reload} />}
      {state.state === 'ready' && (
        <DataTable
          caption="Calls to this candidate"
          rows={state.data.calls}
          rowKey={(a) => a.call_sid}
          columns={[
            {
              header: 'Started',
              cell: (a) =>
                a.call_sid === props.current ? (
                  <strong aria-current="page">{formatDateTime(a.start_time)} (this call)</strong>
                ) : (
                  <a href={href(`/calls/${encodeURIComponent(a.call_sid)}`)}>{formatDateTime(a.start_time)}</a>
                ),
            },
            { header: 'Outcome', cell: (a) => <OutcomeBadge outcome={a.outcome} status={a.status} /> },
          ]}
        />
      )}
    </section>
  );
}

/** The messages this call's booking queued; with a candidate, every message sent to them with its address and time. */
function Messages(props: { call: Call }) {
  const id = props.call.candidate_id;
  const sent = useApi(
    async (signal) => (id === null ? { data: null } : api.GET('/candidates/{id}/messages', { signal, params: { path: { id } } })),
    [id],
  );
  const state = sent.result.value;
  const detailed = state.state === 'ready' && state.data !== null ? state.data.messages : null;
  return (
    <section class="panel" aria-labelledby="messages-title">
      <h2 id="messages-title">Messages</h2>
      {state.state === 'error' && <ErrorState message={state.message} onRetry={sent.reload} />}
      {detailed !== null ? (
        detailed.length === 0 ? (
          <EmptyState title="No message sent" />
        ) : (
          <DataTable
            caption="Messages to the candidate"
            rows={detailed}
            rowKey={(m) => m.id}
            columns={[
              { header: 'What', cell: (m) => `${humanize(m.purpose)} (${m.channel})` },
              { header: 'To', optional: true, cell: (m) => m.recipient },
              { header: 'State', cell: (m) => humanize(m.state) },
              { header: 'When', cell: (m) => formatDateTime(m.sent_at ?? m.due_at) },
            ]}
          />
        )
      ) : props.call.messages.length === 0 ? (
        <p class="muted">No message was queued for this call.</p>
      ) : (
        <DataTable
          caption="Messages queued by this call"
          rows={props.call.messages}
          rowKey={(m) => `${m.channel}-${m.purpose}-${m.due_at}`}
          columns={[
            { header: 'What', cell: (m) => `${humanize(m.purpose)} (${m.channel})` },
            { header: 'State', cell: (m) => humanize(m.state) },
            { header: 'Due', cell: (m) => formatDateTime(m.due_at) },
          ]}
        />
      )}
    </section>
  );
}
