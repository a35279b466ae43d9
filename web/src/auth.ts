import { computed, signal } from '@preact/signals';
import { api, errorMessage, type Get } from './api/client.js';

/** The signed-in user as GET /auth/me describes them (has_password: false after a one-time link, until one is set). */
export type User = NonNullable<Get<'/auth/me'>['user']>;
export type Role = User['role'];

/** The signed-in user: undefined while the app asks who it is, null when signed out. */
export const currentUser = signal<User | null | undefined>(undefined);
/** The session's CSRF token, sent on every state-changing request (see api/client.ts). */
export const csrfToken = signal<string | null>(null);

const RANK: Record<Role, number> = { viewer: 0, recruiter: 1, admin: 2 };

/** Whether the signed-in user's role is at least `role` (pages hide what the server would refuse anyway). */
export function can(role: Role): boolean {
  const user = currentUser.value;
  return user !== null && user !== undefined && RANK[user.role] >= RANK[role];
}

export const isSignedIn = computed(() => currentUser.value !== null && currentUser.value !== undefined);

interface SessionReply {
  user: User | null;
  csrf_token: string | null;
}

function started(reply: SessionReply): void {
  csrfToken.value = reply.csrf_token;
  currentUser.value = reply.user;
}

/** The session ended (a 401, or sign-out): the app shows the sign-in form where it stands. */
export function signedOut(): void {
  csrfToken.value = null;
  currentUser.value = null;
}

/** Asks the server who is signed in (the cookie is httpOnly: only the server knows). */
export async function loadSession(): Promise<void> {
  try {
    const { data } = await api.GET('/auth/me');
    if (data !== undefined) started(data);
    else signedOut();
  } catch {
    signedOut();
  }
}

export type Result = { ok: true } | { ok: false; message: string };

/** Signs in with email and password; the message says why not (wrong details, too many attempts). */
export async function signIn(email: string, password: string): Promise<Result> {
  const { data, error, response } = await api.POST('/auth/login', { body: { email, password } });
  if (data !== undefined) {
    started(data);
    return { ok: true };
  }
  if (response.status === 429) return { ok: false, message: 'Too many attempts. Wait a few minutes, then try again.' };
  if (response.status === 401 || response.status === 400) return { ok: false, message: 'That email and password do not match an account.' };
  return { ok: false, message: errorMessage(error, 'Signing in failed. Try again in a moment.') };
}

/** Ends the session on the server, then here (even if the server could not be reached). */
export async function signOut(): Promise<void> {
  try {
    await api.POST('/auth/logout');
  } finally {
    signedOut();
  }
}

/** Sets the signed-in user's password (`current` required when they have one). */
export async function setPassword(newPassword: string, current?: string): Promise<Result> {
  const { error, response } = await api.POST('/auth/password', {
    body: { new_password: newPassword, ...(current === undefined ? {} : { current_password: current }) },
  });
  if (response.ok) {
    const user = currentUser.value;
    if (user !== null && user !== undefined) currentUser.value = { ...user, has_password: true };
    return { ok: true };
  }
  return { ok: false, message: errorMessage(error, 'The password could not be set.') };
}
