import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { api } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { PageHeader } from '../components/page-header.js';
import { EmptyState } from '../components/states.js';
import { formatDateTime, humanize } from '../format.js';
import { href } from '../routes.js';
import './pages.css';

/** The events of GET /live, as the stream sends them: the server's own types (types only; nothing of the server is bundled). */
import type { LiveCall as CallEvent, LiveCallInProgress as LiveCall, LiveTurn } from '../../../src/services/live/events.js';

interface Ended {
  call_sid: string;
  candidate: string;
  outcome: string | null;
  at: string;
}

/** Calls that ended, kept on the page (newest first) so a recruiter sees how they went. */
const ENDED_KEPT = 20;

/**
 * Calls in progress, each with its latest turn, over server-sent events: a snapshot on connect (and on every
 * reconnect, which the browser does by itself), then each turn and each call's start and end as they happen.
 */
export default function LivePage() {
  const calls = useSignal<Map<string, LiveCall>>(new Map());
  const ended = useSignal<Ended[]>([]);
  const connected = useSignal(false);
  const jobs = useApi((signal) => api.GET('/jobs', { signal }), []);

  useEffect(() => {
    const source = new EventSource('/live', { withCredentials: true });
    const update = (change: (next: Map<string, LiveCall>) => void) => {
      const next = new Map(calls.value);
      change(next);
      calls.value = next;
    };
    source.addEventListener('open', () => (connected.value = true));
    source.addEventListener('error', () => (connected.value = false));
    source.addEventListener('snapshot', (event) => {
      const { calls: list } = JSON.parse((event as MessageEvent<string>).data) as { calls: LiveCall[] };
      calls.value = new Map(list.map((c) => [c.call_sid, c]));
      connected.value = true;
    });
    source.addEventListener('turn', (event) => {
      const turn = JSON.parse((event as MessageEvent<string>).data) as LiveTurn;
      update((next) => {
        const call = next.get(turn.call_sid);
        next.set(turn.call_sid, {
          call_sid: turn.call_sid,
          job_id: turn.job_id,
          candidate: turn.candidate,
          started_at: call?.started_at ?? turn.at,
          twilio_status: call?.twilio_status ?? 'in-progress',
          latest_turn: turn,
        });
      });
    });
    source.addEventListener('call', (event) => {
      const change = JSON.parse((event as MessageEvent<string>).data) as CallEvent;
      if (change.status === 'started') {
        update((next) => {
          if (!next.has(change.call_sid)) {
            next.set(change.call_sid, {
              call_sid: change.call_sid,
              job_id: change.job_id ?? null,
              candidate: change.candidate ?? '',
              started_at: change.at,
              twilio_status: null,
              latest_turn: null,
            });
          }
        });
        return;
      }
      const call = calls.value.get(change.call_sid);
      update((next) => next.delete(change.call_sid));
      const done = {
        call_sid: change.call_sid,
        candidate: call?.candidate ?? change.candidate ?? '',
        outcome: change.outcome ?? null,
        at: change.at,
      };
      ended.value = [done, ...ended.value.filter((e) => e.call_sid !== change.call_sid)].slice(0, ENDED_KEPT);
      // A call nobody answered sent no turn and no name: the stored call has it.
      if (done.candidate === '') void nameOf(change.call_sid).then((name) => named(change.call_sid, name));
    });
    const named = (callSid: string, name: string | null) => {
      if (name !== null) ended.value = ended.value.map((e) => (e.call_sid === callSid ? { ...e, candidate: name } : e));
    };
    return () => source.close();
  }, []);

  const jobState = jobs.result.value;
  const titles = new Map(jobState.state === 'ready' ? jobState.data.items.map((j) => [j.id, j.title]) : []);
  const list = [...calls.value.values()].sort((a, b) => b.started_at.localeCompare(a.started_at));
  return (
    <>
      <PageHeader
        title="Live"
        subtitle="Calls in progress, updating as they happen."
        actions={
          <span class={connected.value ? 'connection on' : 'connection'} role="status">
            {connected.value ? 'Connected' : 'Connecting…'}
          </span>
        }
      />
      <section class="panel" aria-labelledby="live-now">
        <h2 id="live-now">
          On the line{' '}
          <span class="badge" data-testid="live-count">
            {list.length}
          </span>
        </h2>
        {list.length === 0 ? (
          <EmptyState title="No call in progress">
            <p class="muted">Calls appear here when they start: a campaign, a call-now, or a try-a-call.</p>
          </EmptyState>
        ) : (
          <ul class="live-list" aria-live="polite">
            {list.map((call) => (
              <LiveCallCard key={call.call_sid} call={call} jobTitle={call.job_id === null ? undefined : titles.get(call.job_id)} />
            ))}
          </ul>
        )}
      </section>
      <section class="panel" aria-labelledby="live-ended">
        <h2 id="live-ended">Just ended</h2>
        {ended.value.length === 0 ? (
          <p class="muted small">Calls that end while this page is open are listed here.</p>
        ) : (
          <ul class="bare" data-testid="live-ended">
            {ended.value.map((e) => (
              <li key={e.call_sid}>
                <a href={href(`/calls/${encodeURIComponent(e.call_sid)}`)}>{e.candidate === '' ? 'A call' : e.candidate}</a>{' '}
                <span class={e.outcome === 'scheduled' ? 'badge ok' : 'badge'}>{humanize(e.outcome ?? 'ended')}</span>{' '}
                <span class="muted small">{formatDateTime(e.at)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

async function nameOf(callSid: string): Promise<string | null> {
  const { data } = await api.GET('/conversations/{call_sid}', { params: { path: { call_sid: callSid } } });
  return data?.candidate_name ?? null;
}

function LiveCallCard({ call, jobTitle }: { call: LiveCall; jobTitle: string | undefined }) {
  const turn = call.latest_turn;
  return (
    <li class="live-call">
      <header>
        <h3>
          <a href={href(`/calls/${encodeURIComponent(call.call_sid)}`)}>{call.candidate === '' ? 'Unknown candidate' : call.candidate}</a>
        </h3>
        {call.job_id !== null && (
          <a href={href(`/jobs/${call.job_id}`)} class="small">
            {jobTitle ?? `Job ${call.job_id}`}
          </a>
        )}
        <span class="muted small">since {formatDateTime(call.started_at)}</span>
        {turn?.state != null && <span class="badge">{humanize(turn.state)}</span>}
      </header>
      {turn === null ? (
        <p class="muted small">Ringing…</p>
      ) : (
        <>
          {turn.candidate_text !== null && (
            <blockquote>
              <span class="who-said">Candidate:</span>
              {turn.candidate_text}
              {turn.intent !== null && <span class="muted small"> ({humanize(turn.intent)})</span>}
            </blockquote>
          )}
          <blockquote>
            <span class="who-said">Caller:</span>
            {turn.caller_text}
          </blockquote>
        </>
      )}
    </li>
  );
}
