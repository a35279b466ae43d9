import type { Role } from '../../auth.js';
import { PageHeader } from '../../components/page-header.js';

/** A page opened by address by someone whose role may not use it (the navigation hides it; the server refuses it anyway). */
export function NeedsRole(props: { title: string; role: Role }) {
  return (
    <>
      <PageHeader title={props.title} />
      <p class="notice">This page needs the {props.role} role. Ask an admin if you need it.</p>
    </>
  );
}
