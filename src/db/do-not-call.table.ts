import type { Insertable, Selectable } from 'kysely';

/** `do_not_call`: opted-out numbers, stored only as sha256 hex of the E.164 number. */
export interface DoNotCallTable {
  phone_hash: string;
  reason: string | null;
  created_at: string;
}

export type DoNotCallEntry = Selectable<DoNotCallTable>;
export type NewDoNotCallEntry = Insertable<DoNotCallTable>;
