import { useSignal } from '@preact/signals';
import { setPassword } from '../auth.js';
import { FormMessage } from './form-message.js';

/** For an account that signed in with a one-time link and has no password yet: set one now (or later, from Account). */
export function SetPasswordPrompt() {
  const dismissed = useSignal(false);
  const password = useSignal('');
  const message = useSignal<string | null>(null);
  const busy = useSignal(false);
  if (dismissed.value) return null;
  const submit = async (event: Event) => {
    event.preventDefault();
    busy.value = true;
    const result = await setPassword(password.value);
    busy.value = false;
    message.value = result.ok ? null : result.message;
  };
  return (
    <section class="notice" aria-labelledby="set-password-title">
      <h2 id="set-password-title">Choose a password</h2>
      <p>You signed in with a one-time link. Choose a password (12 characters or more) to sign in next time.</p>
      <form class="inline-form" onSubmit={(e) => void submit(e)}>
        <label for="new-password">New password</label>
        <input
          id="new-password"
          type="password"
          autocomplete="new-password"
          minLength={12}
          required
          value={password.value}
          onInput={(e) => (password.value = e.currentTarget.value)}
        />
        <button type="submit" disabled={busy.value}>
          Save password
        </button>
        <button type="button" class="link" onClick={() => (dismissed.value = true)}>
          Later
        </button>
      </form>
      <FormMessage message={message.value} />
    </section>
  );
}
