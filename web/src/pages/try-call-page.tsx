import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { api, errorMessage } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { can } from '../auth.js';
import { NeedsRole } from './shared/needs-role.js';
import { PageHeader } from '../components/page-header.js';
import { humanize } from '../format.js';
import { href } from '../routes.js';
import { Keypad } from './try-call/keypad.js';
import { canRecognize, listenOnce, speak, stopSpeaking } from './try-call/speech.js';
import './pages.css';
import { FormMessage } from '../components/form-message.js';

interface Line {
  speaker: 'caller' | 'you';
  text: string;
}

interface Step {
  call_sid: string;
  say: string[];
  gather: { input: string } | null;
  ended: boolean;
  outcome: string | null;
  confirmed_slot: string | null;
}

/**
 * Try a call: the recruiter plays the candidate. The caller's sentences are shown and spoken (the browser's speech
 * synthesis); the reply is typed, spoken (speech recognition where the browser has it) or pressed on the keypad. The
 * call goes through the same webhooks and machine as a real one and ends in the Calls list.
 */
export default function TryCallPage() {
  if (!can('recruiter')) return <NeedsRole title="Try a call" role="recruiter" />;
  return <Softphone />;
}

function Softphone() {
  const jobs = useApi((signal) => api.GET('/jobs', { params: { query: { status: 'open' } }, signal }), []);
  const jobId = useSignal('');
  const lines = useSignal<Line[]>([]);
  const step = useSignal<Step | null>(null);
  const reply = useSignal('');
  const voice = useSignal(true);
  const busy = useSignal(false);
  const listening = useSignal<{ cancel: () => void } | null>(null);
  const message = useSignal<string | null>(null);
  const transcript = useRef<HTMLOListElement>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => () => stopSpeaking(), []);
  useEffect(() => {
    const el = transcript.current;
    if (el !== null) el.scrollTop = el.scrollHeight;
  }, [lines.value]);

  const heard = (next: Step, said?: string) => {
    lines.value = [
      ...lines.value,
      ...(said === undefined ? [] : [{ speaker: 'you' as const, text: said }]),
      ...next.say.map((text) => ({ speaker: 'caller' as const, text })),
    ];
    step.value = next;
    if (voice.value) speak(next.say);
    if (!next.ended) input.current?.focus();
  };

  const start = async () => {
    busy.value = true;
    message.value = null;
    lines.value = [];
    const { data, error } = await api.POST('/try-call', { body: jobId.value === '' ? {} : { job_id: Number(jobId.value) } });
    busy.value = false;
    if (data === undefined) message.value = errorMessage(error, 'The call could not start.');
    else heard(data);
  };

  const send = async (body: { text?: string; digits?: string }, said: string) => {
    const current = step.value;
    if (current === null || current.ended) return;
    busy.value = true;
    message.value = null;
    const { data, error } = await api.POST('/try-call/{call_sid}/reply', { params: { path: { call_sid: current.call_sid } }, body });
    busy.value = false;
    if (data === undefined) message.value = errorMessage(error, 'The reply could not be sent.');
    else heard(data, said);
  };

  const hangUp = async () => {
    const current = step.value;
    if (current === null) return;
    stopSpeaking();
    const { data, error } = await api.POST('/try-call/{call_sid}/hangup', { params: { path: { call_sid: current.call_sid } } });
    if (data === undefined) message.value = errorMessage(error, 'The call could not be ended.');
    else heard(data, '(hangs up)');
  };

  const listen = async () => {
    stopSpeaking();
    const session = listenOnce();
    listening.value = session;
    try {
      const text = (await session.result).trim();
      if (text !== '') await send({ text }, text);
      else message.value = 'Nothing was heard. Try again, or type the reply.';
    } catch (err) {
      message.value =
        err instanceof Error && err.message === 'not-allowed'
          ? 'The microphone is not allowed: type the reply.'
          : 'Speech was not recognised: type the reply.';
    } finally {
      listening.value = null;
    }
  };

  const submit = (event: Event) => {
    event.preventDefault();
    const text = reply.value.trim();
    reply.value = '';
    void send(text === '' ? {} : { text }, text === '' ? '(silence)' : text);
  };

  const current = step.value;
  const live = current !== null && !current.ended;
  const jobState = jobs.result.value;
  return (
    <>
      <PageHeader
        title="Try a call"
        subtitle="Play the candidate: the caller talks to you here, as it would on the phone. No phone rings."
      />
      <div class="phone">
        <section class="panel" aria-labelledby="conversation-title">
          <h2 id="conversation-title">Conversation</h2>
          {lines.value.length === 0 ? (
            <p class="muted">Start the call: the caller greets you and asks for a time.</p>
          ) : (
            <ol class="transcript" ref={transcript} aria-live="polite" aria-label="What was said" tabIndex={0} data-testid="transcript">
              {lines.value.map((line, i) => (
                <li key={i} class={`bubble ${line.speaker}`}>
                  <span class="speaker">{line.speaker === 'caller' ? 'Caller' : 'You'}</span>
                  {line.text}
                </li>
              ))}
            </ol>
          )}
          <FormMessage message={message.value} />
          {live && (
            <form class="reply-box" onSubmit={submit}>
              <label for="try-reply" class="visually-hidden">
                Your reply
              </label>
              <input
                id="try-reply"
                ref={input}
                type="text"
                autocomplete="off"
                placeholder="Type what you say…"
                value={reply.value}
                onInput={(e) => (reply.value = e.currentTarget.value)}
              />
              <button type="submit" class="primary" disabled={busy.value}>
                Say it
              </button>
              {canRecognize() && (
                <button type="button" disabled={busy.value || listening.value !== null} onClick={() => void listen()}>
                  {listening.value !== null ? 'Listening…' : 'Speak'}
                </button>
              )}
              <button type="button" class="danger" onClick={() => void hangUp()}>
                Hang up
              </button>
            </form>
          )}
          {current?.ended === true && (
            <div class="outcome" role="status" data-testid="try-outcome">
              <p>
                <strong>Call ended: {humanize(current.outcome ?? 'ended')}</strong>
                {current.confirmed_slot !== null && <> — booked for {current.confirmed_slot}</>}.
              </p>
              <p>
                <a href={href(`/calls/${encodeURIComponent(current.call_sid)}`)}>Open the call's page</a> (it is in the Calls list too).
              </p>
            </div>
          )}
        </section>
        <section class="panel" aria-labelledby="controls-title">
          <h2 id="controls-title">{live ? 'Keypad' : 'Start'}</h2>
          {!live && (
            <>
              <label for="try-job">Job</label>
              <select id="try-job" class="full" value={jobId.value} onChange={(e) => (jobId.value = e.currentTarget.value)}>
                <option value="">The default job</option>
                {jobState.state === 'ready' &&
                  jobState.data.items
                    .filter((j) => !j.is_default)
                    .map((j) => (
                      <option key={j.id} value={String(j.id)}>
                        {j.title} — {j.company}
                      </option>
                    ))}
              </select>
              <p class="voice">
                <label class="check">
                  <input type="checkbox" checked={voice.value} onChange={(e) => (voice.value = e.currentTarget.checked)} /> Speak the
                  caller's words
                </label>
              </p>
              <div class="actions">
                <button type="button" class="primary" disabled={busy.value} onClick={() => void start()}>
                  {current === null ? 'Start the call' : 'Call again'}
                </button>
              </div>
            </>
          )}
          {live && <Keypad disabled={busy.value} onKey={(key) => void send({ digits: key }, `(pressed ${key})`)} />}
          {live && <p class="muted small">Keys are sent as you press them. “Say it” with an empty box is a silence.</p>}
        </section>
      </div>
    </>
  );
}
