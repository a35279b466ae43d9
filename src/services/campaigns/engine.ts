/**
 * What dispatches a campaign's due attempts: the embedded loop over the database (one instance), or BullMQ on Redis
 * (several instances; REDIS_URL). The database is the record of every attempt either way; an engine only decides
 * when to call dispatchAttempt. Chosen in deps.ts; started once the server listens (simulated calls post to it).
 */
export interface CampaignEngine {
  readonly kind: 'embedded' | 'redis';
  /** Starts dispatching (after the server listens). */
  start(): Promise<void>;
  /** Something changed (a campaign started or resumed, an attempt became due): look again now. */
  poke(): void;
  /** Stops claiming and waits for dials in flight (not for whole calls: their attempts stay leased and reconciled). */
  close(): Promise<void>;
}
