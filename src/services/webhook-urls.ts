import type { Deps } from '../deps.js';

/**
 * The webhook URLs Twilio is given. Each carries the conversation's own id (`conversation=`), made before Twilio
 * is asked to dial, so every webhook finds its conversation even before Twilio's CallSid is known here.
 */

/** Where Twilio fetches the greeting when the call is answered; `attempt` when asked again after a failed write. */
export function voiceUrl(deps: Pick<Deps, 'webhookBase'>, conversation: string, attempt?: number): string {
  const url = `${deps.webhookBase.url}/twilio-voice?conversation=${encodeURIComponent(conversation)}`;
  return attempt === undefined ? url : `${url}&attempt=${attempt}`;
}

/** Where the reply that makes turn `turn` is posted (the turn first, then the conversation). */
export function processUrl(deps: Pick<Deps, 'webhookBase'>, conversation: string, turn: number): string {
  return `${deps.webhookBase.url}/twilio-process?turn=${turn}&conversation=${encodeURIComponent(conversation)}`;
}

/** Where Twilio posts the call's status changes. */
export function statusUrl(deps: Pick<Deps, 'webhookBase'>, conversation: string): string {
  return `${deps.webhookBase.url}/twilio-status?conversation=${encodeURIComponent(conversation)}`;
}

/** Where Twilio posts the answering-machine verdict of a campaign call (async AMD). */
export function amdUrl(deps: Pick<Deps, 'webhookBase'>, conversation: string): string {
  return `${deps.webhookBase.url}/twilio-amd?conversation=${encodeURIComponent(conversation)}`;
}
