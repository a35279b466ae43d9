import type { ComponentChildren } from 'preact';

/** A page's heading (its one h1), an optional line under it, and its actions on the right. */
export function PageHeader(props: { title: ComponentChildren; subtitle?: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <div class="page-header">
      <div>
        <h1>{props.title}</h1>
        {props.subtitle !== undefined && <p class="muted">{props.subtitle}</p>}
      </div>
      {props.actions !== undefined && <div class="actions">{props.actions}</div>}
    </div>
  );
}
