import { spokenZone } from '../scheduling/slots.js';
import type { Slot } from '../scheduling/slots.js';
import type { QuestionTopic } from '../understanding/types.js';
import { reprompt } from './offers.js';
import { say } from './prompts.js';
import { zoneOf } from './results.js';
import type { Action, ConversationState, TransitionResult } from './types.js';

/**
 * A question, answered from what the machine knows, then the offer or read-back again. What it cannot answer is
 * recorded for the recruiter (`record_question`), and only then is the candidate told it will be passed on.
 */
export function answerQuestion(
  state: ConversationState,
  topic: QuestionTopic | null | undefined,
  utterance: string,
  open: Slot[],
): TransitionResult {
  const c = state.candidate;
  switch (topic) {
    case 'automated':
      return reprompt(state, open, [say.automated(c)]);
    case 'timezone':
      return reprompt(state, open, [say.timezone(zoneName(state, open))]);
    case 'duration':
    case 'format':
      return reprompt(state, open, [say.interview(state.interview)]);
    case 'location':
      // Without a location the format is the answer ("a 30-minute video call"), as before jobs had one.
      return reprompt(state, open, [
        state.interview.location === null ? say.interview(state.interview) : say.location(state.interview.location),
      ]);
    case 'pay':
    case 'role':
      if (state.interview.description !== null) return reprompt(state, open, [say.role(state.interview.description)]);
      return passOn(state, open, utterance, topic);
    case 'caller':
      return reprompt(state, open, [say.caller(c)]);
    case 'other':
    case null:
    case undefined:
      return passOn(state, open, utterance, 'other');
  }
}

/** A question the caller cannot answer: recorded for the recruiter under its topic, and the candidate told so. */
function passOn(state: ConversationState, open: Slot[], utterance: string, topic: QuestionTopic): TransitionResult {
  const recorded: Action[] = [{ type: 'record_question', text: utterance.trim(), topic }];
  return reprompt(state, open, [say.unknownQuestion(recorded)], recorded);
}

/** "Eastern Time": the candidate's zone, named as at the slot under discussion (generic names rarely change). */
function zoneName(state: ConversationState, open: Slot[]): string {
  const at = state.pending?.start ?? state.offered[0]?.start ?? open[0]?.start ?? '2000-01-01T00:00:00Z';
  return spokenZone(zoneOf(state), at);
}
