/** Public surface of the data layer. */
export { createDb, ping, type CreateDbOptions, type DbHandle } from './create-db.js';
export { migrateToLatest, MIGRATIONS, staticMigrationProvider } from './migrate.js';
export type { Database, Dialect } from './schema.js';
export type {
  ConversationSessionsTable,
  NewSession,
  Session,
  SessionOutcome,
  SessionStatus,
  SessionUpdate,
  Telephony,
} from './sessions.table.js';
export type { ConversationTurnsTable, NewTurn, Turn } from './turns.table.js';
export type { NewSlotRow, SlotRow, SlotsTable } from './slots.table.js';
export type { Booking, BookingsTable, NewBooking } from './bookings.table.js';
export type { DoNotCallEntry, DoNotCallTable, NewDoNotCallEntry } from './do-not-call.table.js';
export {
  countActive,
  deleteByPhone,
  deleteSession,
  findSession,
  getSession,
  insertSession,
  InvalidCursorError,
  listSessions,
  purgeOlderThan,
  updateSession,
  type ListSessionsOptions,
  type SessionPage,
} from './sessions.repo.js';
export { getTurn, insertTurn, listTurns, saveTurn, type TurnRecord } from './turns.repo.js';
export { listQuestions } from './questions.repo.js';
export type { NewQuestion, Question, QuestionsTable } from './questions.table.js';
export {
  bookSlot,
  cancelBooking,
  getBooking,
  getSlot,
  listOpenSlots,
  OPEN_SLOTS_CONSIDERED,
  listSlots,
  syncSlots,
  type BookResult,
  type BookSlotInput,
  type OpenSlot,
  type SlotSpec,
} from './slots.repo.js';
export { addDoNotCall, getDoNotCall, isDoNotCall, legacyPhoneHash, listDoNotCall, phoneKey, removeDoNotCall } from './do-not-call.repo.js';
export { getAnalytics, type Analytics, type SlotPreference } from './analytics.repo.js';
export { dialectOf, isCheckViolation, isUniqueViolation, nowIso, toUtcIso } from './util.js';
