import { useSignal } from '@preact/signals';
import type { Job, JobCreate } from './types.js';
import { FormMessage } from '../../components/form-message.js';

export interface JobFormProps {
  /** The job edited; absent for a new one (the service fills what is left out from its settings). */
  job?: Job;
  submitLabel: string;
  /** Sends the fields; answers an error message, or null when saved. */
  onSubmit: (fields: JobCreate) => Promise<string | null>;
  onCancel?: () => void;
}

interface Field {
  key: 'title' | 'company' | 'timezone' | 'interview_minutes' | 'format' | 'location' | 'calling_hours' | 'caller_name' | 'max_attempts';
  label: string;
  hint?: string;
  type?: 'number';
  required?: boolean;
}

const FIELDS: Field[] = [
  { key: 'title', label: 'Position', required: true },
  { key: 'company', label: 'Company', required: true },
  { key: 'timezone', label: 'Time zone', hint: 'IANA zone, e.g. America/New_York' },
  { key: 'interview_minutes', label: 'Interview length (minutes)', type: 'number' },
  { key: 'format', label: 'Format', hint: 'As spoken: "video call"' },
  { key: 'location', label: 'Location or link' },
  { key: 'calling_hours', label: 'Calling hours', hint: 'HH:MM-HH:MM in the candidate’s zone' },
  { key: 'caller_name', label: 'Caller’s name' },
  { key: 'max_attempts', label: 'Calls per candidate at most', type: 'number' },
];

/** Creating or editing a job: the fields a recruiter sets most; the rest keep the service's defaults. */
export function JobForm(props: JobFormProps) {
  const initial = Object.fromEntries(FIELDS.map((f) => [f.key, String(props.job?.[f.key] ?? '')]));
  const values = useSignal<Record<string, string>>(initial);
  const description = useSignal(props.job?.description ?? '');
  const status = useSignal<Job['status']>(props.job?.status ?? 'open');
  const message = useSignal<string | null>(null);
  const busy = useSignal(false);
  const prefix = props.job === undefined ? 'new-job' : `job-${props.job.id}`;

  const submit = async (event: Event) => {
    event.preventDefault();
    busy.value = true;
    message.value = await props.onSubmit(fieldsOf(values.value, description.value, props.job === undefined ? undefined : status.value));
    busy.value = false;
  };

  return (
    <form class="job-form" onSubmit={(e) => void submit(e)}>
      <div class="form-grid">
        {FIELDS.map((f) => (
          <div key={f.key}>
            <label for={`${prefix}-${f.key}`}>{f.label}</label>
            <input
              id={`${prefix}-${f.key}`}
              type={f.type ?? 'text'}
              required={f.required === true}
              value={values.value[f.key]}
              aria-describedby={f.hint === undefined ? undefined : `${prefix}-${f.key}-hint`}
              onInput={(e) => (values.value = { ...values.value, [f.key]: e.currentTarget.value })}
            />
            {f.hint !== undefined && (
              <p class="muted small hint" id={`${prefix}-${f.key}-hint`}>
                {f.hint}
              </p>
            )}
          </div>
        ))}
        {props.job !== undefined && (
          <div>
            <label for={`${prefix}-status`}>Status</label>
            <select id={`${prefix}-status`} value={status.value} onChange={(e) => (status.value = e.currentTarget.value as Job['status'])}>
              <option value="open">Open (called for)</option>
              <option value="paused">Paused</option>
              <option value="closed">Closed</option>
            </select>
          </div>
        )}
      </div>
      <label for={`${prefix}-description`}>What the caller may say about the role</label>
      <textarea
        id={`${prefix}-description`}
        rows={3}
        value={description.value}
        onInput={(e) => (description.value = e.currentTarget.value)}
      />
      <FormMessage message={message.value} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy.value}>
          {props.submitLabel}
        </button>
        {props.onCancel !== undefined && (
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

/** The form's text as the API's fields: blanks left out (the service's defaults apply), numbers as numbers. */
function fieldsOf(values: Record<string, string>, description: string, status: Job['status'] | undefined): JobCreate {
  const text = (key: string) => (values[key] ?? '').trim();
  const fields: JobCreate = { title: text('title'), company: text('company') };
  for (const key of ['timezone', 'format', 'calling_hours'] as const) if (text(key) !== '') fields[key] = text(key);
  for (const key of ['interview_minutes', 'max_attempts'] as const) if (text(key) !== '') fields[key] = Number(text(key));
  fields.location = text('location') === '' ? null : text('location');
  fields.caller_name = text('caller_name') === '' ? null : text('caller_name');
  fields.description = description.trim() === '' ? null : description.trim();
  if (status !== undefined) fields.status = status;
  return fields;
}
