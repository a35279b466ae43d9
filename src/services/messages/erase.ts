import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Deps } from '../../deps.js';

/** Whose messages an erasure removes: by the numbers and addresses they went to, the candidates, or the calls booked. */
export interface MessageOwner {
  phones: readonly string[];
  emails: readonly string[];
  candidateIds: readonly number[];
  /** Calls whose bookings' messages go too (the interviewer's invite names the candidate). */
  callSids: readonly string[];
}

/**
 * Right to erasure, for what was sent: every message to or about the person (its row, and its outbox file when it
 * was written there) is deleted. Run before the calls and bookings are deleted (it finds messages by their booking).
 * Returns how many.
 */
export async function eraseMessages(deps: Pick<Deps, 'database' | 'messaging'>, owner: MessageOwner): Promise<number> {
  const db = deps.database.db;
  const recipients = [...owner.phones, ...owner.emails];
  const rows = await db
    .selectFrom('messages')
    .select('id')
    .where((eb) =>
      eb.or([
        ...(recipients.length === 0 ? [] : [eb('recipient', 'in', recipients)]),
        ...(owner.candidateIds.length === 0 ? [] : [eb('candidate_id', 'in', [...owner.candidateIds])]),
        ...(owner.callSids.length === 0
          ? []
          : [
              eb(
                'booking_id',
                'in',
                eb
                  .selectFrom('bookings')
                  .select('id')
                  .where('call_sid', 'in', [...owner.callSids]),
              ),
            ]),
      ]),
    )
    .execute();
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .deleteFrom('messages')
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
  }
  // The outbox holds one file per message, named by its id.
  await Promise.all(
    ids.flatMap((id) => [`${id}.eml`, `${id}.json`].map((name) => rm(join(deps.messaging.outboxDir, name), { force: true }))),
  );
  return ids.length;
}
