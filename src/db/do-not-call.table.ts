import type { Insertable, Selectable } from 'kysely';

/** `do_not_call`: opted-out numbers, stored only as a key (HMAC-SHA256 under the server's secret; sha256 in old rows). */
export interface DoNotCallTable {
  phone_hash: string;
  reason: string | null;
  created_at: string;
}

export type DoNotCallEntry = Selectable<DoNotCallTable>;
export type NewDoNotCallEntry = Insertable<DoNotCallTable>;
