import type { Deps } from '../../deps.js';
import { recordAnswer, writeAnswers, type AnswerRecorder, type CallAnswer } from '../dial-call.js';

/**
 * Records the answers to the embedded dispatcher's REST requests (the CallSid on the conversation, the attempt
 * dialled) a group at a time: the answers that arrive while a group is waiting or being written go together in the
 * next transaction. A commit is most of such a write's cost on SQLite, and with calls started back to back the
 * answers come in bunches. An answer waits at most for the group before it; nothing depends on it meanwhile (the
 * webhooks carry the conversation's id, the end hook takes a claimed attempt as well as a dialled one, and a crash
 * before the write leaves the attempt claimed for reconcile, as it always could). A group that fails is written
 * again answer by answer (recordAnswer), so a failure stays with its own call and gets startCall's handling.
 */
export function createAnswerWriter(deps: Deps): AnswerRecorder {
  let queue: Array<{ answer: CallAnswer; done: () => void; failed: (err: unknown) => void }> = [];
  let scheduled = false;

  async function writeQueued(): Promise<void> {
    try {
      await writeGroups();
    } finally {
      scheduled = false;
    }
  }

  async function writeGroups(): Promise<void> {
    while (queue.length > 0) {
      const group = queue;
      queue = [];
      try {
        await deps.database.db.transaction().execute((trx) =>
          writeAnswers(
            trx,
            group.map((entry) => entry.answer),
            deps.now().toISOString(),
          ),
        );
        for (const entry of group) entry.done();
      } catch {
        await Promise.all(group.map((entry) => recordAnswer(deps, entry.answer).then(entry.done, entry.failed)));
      }
    }
  }

  return (answer) =>
    new Promise<void>((done, failed) => {
      queue.push({ answer, done, failed });
      if (scheduled) return;
      scheduled = true;
      // After the I/O of this turn of the event loop: the answers that came in with this one join its group.
      setImmediate(() => void writeQueued());
    });
}
