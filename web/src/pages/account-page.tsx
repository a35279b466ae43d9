import { useSignal } from '@preact/signals';
import { currentUser, setPassword } from '../auth.js';
import { PageHeader } from '../components/page-header.js';
import { humanize } from '../format.js';

/** The signed-in user: who they are, their role, and a new password. */
export default function AccountPage() {
  const user = currentUser.value;
  const current = useSignal('');
  const next = useSignal('');
  const message = useSignal<{ ok: boolean; text: string } | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const result = await setPassword(next.value, current.value === '' ? undefined : current.value);
    message.value = result.ok ? { ok: true, text: 'Password changed.' } : { ok: false, text: result.message };
    if (result.ok) current.value = next.value = '';
  };
  if (user === null || user === undefined) return null;
  return (
    <>
      <PageHeader title="Your account" subtitle={`${user.email} · ${humanize(user.role)}`} />
      <section class="panel narrow" aria-labelledby="password-title">
        <h2 id="password-title">{user.has_password === false ? 'Set a password' : 'Change password'}</h2>
        <form onSubmit={(e) => void submit(e)}>
          {user.has_password !== false && (
            <>
              <label for="current-password">Current password</label>
              <input
                id="current-password"
                type="password"
                autocomplete="current-password"
                required
                value={current.value}
                onInput={(e) => (current.value = e.currentTarget.value)}
              />
            </>
          )}
          <label for="account-new-password">New password (12 characters or more)</label>
          <input
            id="account-new-password"
            type="password"
            autocomplete="new-password"
            minLength={12}
            required
            value={next.value}
            onInput={(e) => (next.value = e.currentTarget.value)}
          />
          <p>
            <button type="submit" class="primary">
              Change password
            </button>
          </p>
          {message.value !== null && (
            <p class={message.value.ok ? 'form-ok' : 'form-error'} role={message.value.ok ? 'status' : 'alert'}>
              {message.value.text}
            </p>
          )}
        </form>
      </section>
    </>
  );
}
