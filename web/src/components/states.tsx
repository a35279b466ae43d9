import type { ComponentChildren } from 'preact';

/** Shown while a page's data loads (announced politely to screen readers). */
export function Loading(props: { label?: string }) {
  return (
    <p class="muted loading" role="status">
      {props.label ?? 'Loading…'}
    </p>
  );
}

/** Nothing to show yet: says so, and what would change that. */
export function EmptyState(props: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty">
      <p class="empty-title">{props.title}</p>
      {props.children}
    </div>
  );
}

/** A request failed: the server's message, and a way to try again when one is given. */
export function ErrorState(props: { message: string; onRetry?: () => void }) {
  return (
    <div class="error-state" role="alert">
      <p>{props.message}</p>
      {props.onRetry !== undefined && (
        <button type="button" onClick={props.onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
