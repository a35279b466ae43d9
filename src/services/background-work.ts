import type { Deps } from '../deps.js';
import { sendDueMessages } from './messages/sender.js';
import { createWebhookPump } from './webhooks/deliver.js';

/** How often (real time) queued messages and webhook deliveries are looked at. */
const TICK_MS = 1000;

/**
 * The scheduler's other work beside dialling, run by whichever campaign engine runs (embedded or BullMQ): the
 * confirmations, reminders and updates queued in the database are sent, and outgoing webhooks delivered. Each pass
 * claims its rows with conditional updates, so several instances can run it at once; a pass still running when the
 * next tick comes is not doubled, and neither ever runs on a call's path. `stop()` waits for the passes in flight.
 */
export function startBackgroundWork(deps: Deps): { stop(): Promise<void> } {
  const webhooks = createWebhookPump(deps);
  let sending: Promise<void> | undefined;
  const tick = () => {
    webhooks.tick();
    if (sending !== undefined) return;
    sending = sendDueMessages(deps)
      .then(() => undefined)
      .catch((err: unknown) => deps.logger.error({ err }, 'sending queued messages failed; trying again'))
      .finally(() => {
        sending = undefined;
      });
  };
  const timer = setInterval(tick, TICK_MS);
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await sending;
      await webhooks.close();
    },
  };
}
