import { spokenSlot } from '../scheduling/slots.js';
import type { Slot } from '../scheduling/slots.js';
import { isoInZone } from '../scheduling/zones.js';
import type { OfferedSlot, UnderstandInput } from '../understanding/types.js';
import { greetedName } from './prompts.js';
import type { ConversationState } from './types.js';

/**
 * What understanding needs from the conversation, as data: what the last prompt asked for, the slots on the table
 * (stable ids, spoken labels), the slot read back, the name the candidate was greeted by, and the last few lines.
 */
export function understandInputOf(state: ConversationState, utterance: string, now: Date): UnderstandInput {
  const zone = state.candidate.timezone;
  const offered = (slot: Slot): OfferedSlot => ({ id: slot.id, label: spokenSlot(slot.start, zone), start: slot.start });
  return {
    utterance,
    expecting: state.phase === 'confirming' ? 'confirm' : 'choice',
    offered: state.offered.map(offered),
    pending: state.phase === 'confirming' && state.pending !== null ? offered(state.pending) : null,
    candidateName: greetedName(state.candidate),
    history: state.recent,
    now: isoInZone(now, zone) ?? now.toISOString(),
    timezone: zone,
  };
}
