import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { api, errorMessage } from '../../api/client.js';
import { can } from '../../auth.js';
import { formatCount, formatDateTime, humanize } from '../../format.js';
import { statusTone, type Progress } from './types.js';
import { FormMessage } from '../../components/form-message.js';

/** Calls are being made, or are still on the line. */
function isActive(progress: Progress): boolean {
  return progress.status === 'running' || progress.in_progress > 0 || progress.due_now > 0;
}

/** How often the progress is asked for while calls are being made. */
const POLL_MS = 1500;

type Action = 'start' | 'pause' | 'resume' | 'stop';

/**
 * A job's campaign: its state, what is due, on the line and waiting, the results so far, and the controls. While it
 * runs (or calls are still on the line) the progress is read again every 1.5 s; `onProgress` tells the page, which
 * refreshes the candidates' statuses with it.
 */
export function CampaignPanel(props: { jobId: number; onProgress?: () => void }) {
  const progress = useSignal<Progress | null>(null);
  const message = useSignal<string | null>(null);
  const busy = useSignal(false);
  const tick = useSignal(0);

  // One read, then another 1.5 s after each answer while calls are being made; `tick` restarts the loop (after an action).
  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      try {
        const { data, error } = await api.GET('/jobs/{id}/campaign', { params: { path: { id: props.jobId } }, signal: controller.signal });
        if (controller.signal.aborted) return;
        if (data === undefined) message.value = errorMessage(error, 'The campaign could not be read.');
        else {
          const before = progress.value;
          progress.value = data;
          if (before !== null && JSON.stringify(before.candidates) !== JSON.stringify(data.candidates)) props.onProgress?.();
          if (isActive(data)) timer = setTimeout(() => void read(), POLL_MS);
        }
      } catch {
        // Aborted (the page moved on), or the network failed: try again a little later unless the page left.
        if (!controller.signal.aborted) timer = setTimeout(() => void read(), POLL_MS * 2);
      }
    };
    void read();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [props.jobId, tick.value]);

  const act = async (action: Action) => {
    busy.value = true;
    message.value = null;
    const params = { params: { path: { id: props.jobId } } };
    const answer =
      action === 'start'
        ? await api.POST('/jobs/{id}/campaign', params)
        : action === 'pause'
          ? await api.POST('/jobs/{id}/campaign/pause', params)
          : action === 'resume'
            ? await api.POST('/jobs/{id}/campaign/resume', params)
            : await api.POST('/jobs/{id}/campaign/stop', params);
    busy.value = false;
    if (answer.data === undefined) message.value = errorMessage(answer.error, `The campaign could not ${action}.`);
    else {
      progress.value = answer.data;
      props.onProgress?.();
      tick.value += 1;
    }
  };

  const current = progress.value;
  const status = current?.status ?? null;
  return (
    <section class="panel" aria-labelledby="campaign-title">
      <div class="panel-head">
        <h2 id="campaign-title">Campaign</h2>
        <span class={statusTone(status)} data-testid="campaign-status">
          {status === null ? 'Not started' : humanize(status)}
        </span>
        {can('recruiter') && current !== null && (
          <div class="actions">
            {(status === null || status === 'stopped' || status === 'finished') && (
              <button type="button" class="primary" disabled={busy.value} onClick={() => void act('start')}>
                {status === null ? 'Start campaign' : 'Start again'}
              </button>
            )}
            {(status === 'running' || status === 'paused') && (
              <button type="button" disabled={busy.value} onClick={() => void act('start')}>
                Add new candidates
              </button>
            )}
            {status === 'running' && (
              <button type="button" disabled={busy.value} onClick={() => void act('pause')}>
                Pause
              </button>
            )}
            {status === 'paused' && (
              <button type="button" class="primary" disabled={busy.value} onClick={() => void act('resume')}>
                Resume
              </button>
            )}
            {(status === 'running' || status === 'paused') && (
              <button type="button" class="danger" disabled={busy.value} onClick={() => void act('stop')}>
                Stop
              </button>
            )}
          </div>
        )}
      </div>
      <FormMessage message={message.value} />
      {current === null ? <p class="muted">Loading…</p> : <CampaignFigures progress={current} />}
    </section>
  );
}

function CampaignFigures({ progress }: { progress: Progress }) {
  if (progress.status === null) {
    return <p class="muted">Never started. Starting calls every candidate who is new or asked to be called back.</p>;
  }
  const finished = Object.entries(progress.finished);
  const finishedTotal = finished.reduce((sum, [, n]) => sum + n, 0);
  return (
    <>
      <p class="muted small">
        Started {formatDateTime(progress.started_at)}
        {progress.finished_at !== null && ` · ended ${formatDateTime(progress.finished_at)}`}
        {progress.paused_reason === 'no_open_slots' && ' · paused by itself: no open slot is left (add slots, then resume)'}
      </p>
      <dl class="figures" aria-live="polite">
        <Figure label="On the line" value={progress.in_progress} />
        <Figure label="Due now" value={progress.due_now} />
        <Figure label="Waiting" value={progress.waiting_count} />
        <Figure label="Calls done" value={finishedTotal} testId="campaign-done" />
        <Figure label="Cancelled" value={progress.cancelled} />
      </dl>
      <div class="grid">
        <Breakdown title="Calls by result" counts={finished} empty="No call has ended yet." />
        <Breakdown
          title="Candidates by status"
          counts={Object.entries(progress.candidates).filter(([, n]) => n > 0)}
          empty="No candidates yet."
        />
      </div>
      {progress.waiting.length > 0 && (
        <details class="waiting">
          <summary>Next calls waiting ({formatCount(progress.waiting_count)})</summary>
          <ul class="bare small">
            {progress.waiting.slice(0, 10).map((w) => (
              <li key={`${w.candidate_id}-${w.number}`}>
                Candidate {w.candidate_id}, call {w.number} ({humanize(w.reason)}) at {formatDateTime(w.due_at)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

function Figure(props: { label: string; value: number; testId?: string }) {
  return (
    <div class="figure">
      <dt>{props.label}</dt>
      <dd data-testid={props.testId}>{formatCount(props.value)}</dd>
    </div>
  );
}

function Breakdown(props: { title: string; counts: Array<[string, number]>; empty: string }) {
  return (
    <div>
      <h3>{props.title}</h3>
      {props.counts.length === 0 ? (
        <p class="muted small">{props.empty}</p>
      ) : (
        <ul class="counts">
          {props.counts.map(([key, n]) => (
            <li key={key}>
              <span class={statusTone(key)}>{humanize(key)}</span> <strong>{formatCount(n)}</strong>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
