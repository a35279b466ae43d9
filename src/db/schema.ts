import type { AnalyticsCountersTable } from './counters.table.js';
import type { CallAttemptsTable } from './attempts.table.js';
import type { BookingLinksTable } from './booking-links.table.js';
import type { BookingsTable } from './bookings.table.js';
import type { CampaignsTable } from './campaigns.table.js';
import type { CandidatesTable } from './candidates.table.js';
import type { DoNotCallTable } from './do-not-call.table.js';
import type { FunnelCountersTable } from './funnel.table.js';
import type { JobsTable } from './jobs.table.js';
import type { MessagesTable } from './messages.table.js';
import type { QuestionsTable } from './questions.table.js';
import type { ConversationSessionsTable } from './sessions.table.js';
import type { SlotsTable } from './slots.table.js';
import type { ConversationTurnsTable } from './turns.table.js';
import type { ApiTokensTable, SignInLinksTable, UserSessionsTable, UsersTable } from './users.table.js';
import type { AuditLogTable } from './audit.table.js';
import type { WebhookDeliveriesTable, WebhookEndpointsTable, WebhookEventsTable } from './webhooks.table.js';

/** Every table, for `Kysely<Database>`. */
export interface Database {
  conversation_sessions: ConversationSessionsTable;
  conversation_turns: ConversationTurnsTable;
  slots: SlotsTable;
  bookings: BookingsTable;
  do_not_call: DoNotCallTable;
  analytics_counters: AnalyticsCountersTable;
  questions: QuestionsTable;
  jobs: JobsTable;
  candidates: CandidatesTable;
  funnel_counters: FunnelCountersTable;
  campaigns: CampaignsTable;
  call_attempts: CallAttemptsTable;
  booking_links: BookingLinksTable;
  messages: MessagesTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_events: WebhookEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  users: UsersTable;
  user_sessions: UserSessionsTable;
  api_tokens: ApiTokensTable;
  sign_in_links: SignInLinksTable;
  audit_log: AuditLogTable;
}

export type Dialect = 'sqlite' | 'postgres';
