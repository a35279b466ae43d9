import type { Generated, Selectable } from 'kysely';

/** `audit_log`: who did what. `target` is JSON text (the route's parameters, or what a named action names). */
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  /** The email of the person, `admin key`, or `token <name> (<email>)`. */
  actor: string;
  user_id: number | null;
  /** `<METHOD> <route url>` or a named action (`auth.login`, `users.create`…). */
  action: string;
  target: string;
  ip: string | null;
}

export type AuditRow = Selectable<AuditLogTable>;
