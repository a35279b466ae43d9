import { useSignal } from '@preact/signals';
import { signIn } from '../auth.js';
import { FormMessage } from '../components/form-message.js';

/** Email and password. A one-time sign-in link skips this page (the server sets the session and sends you to /app/). */
export function SignInPage() {
  const email = useSignal('');
  const password = useSignal('');
  const message = useSignal<string | null>(null);
  const busy = useSignal(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    busy.value = true;
    message.value = null;
    const result = await signIn(email.value.trim(), password.value);
    busy.value = false;
    if (!result.ok) message.value = result.message;
  };
  return (
    <main class="sign-in" id="main">
      <form class="card" onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in</h1>
        <p class="muted">Interview caller — the recruiter's dashboard.</p>
        <label for="email">Email</label>
        <input
          id="email"
          type="email"
          autocomplete="username"
          required
          value={email.value}
          onInput={(e) => (email.value = e.currentTarget.value)}
        />
        <label for="password">Password</label>
        <input
          id="password"
          type="password"
          autocomplete="current-password"
          required
          value={password.value}
          onInput={(e) => (password.value = e.currentTarget.value)}
        />
        <FormMessage message={message.value} />
        <button type="submit" class="primary" disabled={busy.value}>
          {busy.value ? 'Signing in…' : 'Sign in'}
        </button>
        <p class="muted small">
          No password yet? Ask an admin for a sign-in link (or run <code>npm run cli -- users reset &lt;email&gt;</code>).
        </p>
      </form>
    </main>
  );
}
