import { useSignal } from '@preact/signals';
import { api, errorMessage } from '../../api/client.js';
import { useApi } from '../../api/use-api.js';
import { can, currentUser, type Role } from '../../auth.js';
import { NeedsRole } from '../shared/needs-role.js';
import { PageHeader } from '../../components/page-header.js';
import { EmptyState, ErrorState, Loading } from '../../components/states.js';
import { DataTable } from '../../components/table.js';
import { formatDate } from '../../format.js';
import '../pages.css';
import { FormMessage } from '../../components/form-message.js';

interface User {
  id: number;
  email: string;
  role: Role;
  created_at: string;
  disabled: boolean;
  has_password: boolean;
}

const ROLES: Role[] = ['admin', 'recruiter', 'viewer'];

/** The team (admins only): add a person (their one-time sign-in link shown here, to send them), change a role, disable. */
export default function UsersPage() {
  if (!can('admin')) return <NeedsRole title="Users" role="admin" />;
  return <UsersPageContent />;
}

function UsersPageContent() {
  const { result, reload } = useApi((signal) => api.GET('/users', { signal }), []);
  const link = useSignal<{ email: string; url: string } | null>(null);
  const message = useSignal<string | null>(null);

  const patch = async (user: User, body: { role?: Role; disabled?: boolean }) => {
    message.value = null;
    const { data, error } = await api.PATCH('/users/{id}', { params: { path: { id: user.id } }, body });
    if (data === undefined) message.value = errorMessage(error, 'The change was refused.');
    reload();
  };
  const newLink = async (user: User) => {
    message.value = null;
    const { data, error } = await api.POST('/users/{id}/sign-in-link', { params: { path: { id: user.id } } });
    if (data === undefined) message.value = errorMessage(error, 'No link could be made.');
    else link.value = { email: user.email, url: absolute(data.sign_in_link) };
  };

  const state = result.value;
  const me = currentUser.value?.id;
  return (
    <>
      <PageHeader title="Users" subtitle="Who can sign in, and what they may do." />
      <AddUser onAdded={(email, url) => ((link.value = { email, url }), reload())} />
      {link.value !== null && (
        <section class="notice" aria-labelledby="link-title" role="status">
          <h2 id="link-title">Sign-in link for {link.value.email}</h2>
          <p>Send it to them: it works once, for 24 hours, and then asks them to choose a password.</p>
          <p>
            <code class="sign-in-link" data-testid="sign-in-link">
              {link.value.url}
            </code>
          </p>
          <button type="button" onClick={() => void navigator.clipboard?.writeText(link.value?.url ?? '')}>
            Copy link
          </button>
        </section>
      )}
      <FormMessage message={message.value} />
      {state.state === 'loading' && <Loading />}
      {state.state === 'error' && <ErrorState message={state.message} onRetry={reload} />}
      {state.state === 'ready' &&
        (state.data.items.length === 0 ? (
          <EmptyState title="No users" />
        ) : (
          <DataTable<User>
            caption="Users"
            rows={state.data.items}
            rowKey={(u) => u.id}
            columns={[
              { header: 'Email', cell: (u) => (u.disabled ? <s>{u.email}</s> : u.email) },
              {
                header: 'Role',
                cell: (u) => (
                  <>
                    <label for={`role-${u.id}`} class="visually-hidden">
                      Role of {u.email}
                    </label>
                    <select
                      id={`role-${u.id}`}
                      value={u.role}
                      disabled={u.id === me}
                      onChange={(e) => void patch(u, { role: e.currentTarget.value as Role })}
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {r}
                        </option>
                      ))}
                    </select>
                  </>
                ),
              },
              {
                header: 'State',
                cell: (u) =>
                  u.disabled ? (
                    <span class="badge bad">Disabled</span>
                  ) : u.has_password ? (
                    <span class="badge ok">Active</span>
                  ) : (
                    <span class="badge warn">No password yet</span>
                  ),
              },
              { header: 'Added', cell: (u) => formatDate(u.created_at), optional: true },
              {
                header: 'Actions',
                cell: (u) =>
                  u.id === me ? (
                    <span class="muted small">You</span>
                  ) : (
                    <div class="actions">
                      <button type="button" class="small" aria-label={`New sign-in link for ${u.email}`} onClick={() => void newLink(u)}>
                        Sign-in link
                      </button>
                      <button
                        type="button"
                        class={u.disabled ? 'small' : 'small danger'}
                        aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.email}`}
                        onClick={() => void patch(u, { disabled: !u.disabled })}
                      >
                        {u.disabled ? 'Enable' : 'Disable'}
                      </button>
                    </div>
                  ),
              },
            ]}
          />
        ))}
    </>
  );
}

function AddUser(props: { onAdded: (email: string, url: string) => void }) {
  const email = useSignal('');
  const role = useSignal<Role>('recruiter');
  const message = useSignal<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    message.value = null;
    const { data, error } = await api.POST('/users', { body: { email: email.value.trim(), role: role.value } });
    if (data === undefined) message.value = errorMessage(error, 'The person could not be added.');
    else {
      email.value = '';
      props.onAdded(data.user.email, absolute(data.sign_in_link));
    }
  };
  return (
    <section class="panel" aria-labelledby="add-user-title">
      <h2 id="add-user-title">Add a person</h2>
      <form class="filters" onSubmit={(e) => void submit(e)}>
        <div>
          <label for="user-email">Email</label>
          <input id="user-email" type="email" required value={email.value} onInput={(e) => (email.value = e.currentTarget.value)} />
        </div>
        <div>
          <label for="user-role">Role</label>
          <select id="user-role" value={role.value} onChange={(e) => (role.value = e.currentTarget.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="primary">
          Add and make a sign-in link
        </button>
      </form>
      <FormMessage message={message.value} />
    </section>
  );
}

/** A link as the server gives it (absolute, or a path on this server). */
function absolute(link: string): string {
  return link.startsWith('/') ? `${location.origin}${link}` : link;
}
