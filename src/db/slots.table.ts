import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** `slots`: interview slots; the CHECK constraint keeps 0 <= booked_count <= capacity. */
export interface SlotsTable {
  id: Generated<number>;
  /** ISO-8601 with the interview zone's offset, e.g. '2026-12-01T14:00:00-05:00'. */
  start_time: string;
  /** The same instant in UTC ISO-8601 with milliseconds; unique, used for ordering. */
  start_utc: string;
  label: string;
  capacity: number;
  booked_count: ColumnType<number, number | undefined, number>;
}

export type SlotRow = Selectable<SlotsTable>;
export type NewSlotRow = Insertable<SlotsTable>;
