import { transition } from '../core/conversation/transition.js';
import type { Action, ConversationEvent, ConversationState, TransitionResult } from '../core/conversation/types.js';
import type { Slot } from '../core/scheduling/slots.js';
import { spokenSlot } from '../core/scheduling/slots.js';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { addDoNotCall } from '../db/do-not-call.repo.js';
import type { Session, SessionUpdate } from '../db/sessions.table.js';
import { listOpenSlotStartsCached, type OpenSlotStart } from '../db/open-slots.js';
import { bookSlot, listOpenSlotStarts } from '../db/slots.repo.js';

/** The open slots as the core sees them, read in `trx` (the `slot_taken` path re-reads inside the transaction). */
export async function openSlotsIn(trx: Transaction<Database>, nowIso: string): Promise<Slot[]> {
  return asSlots(await listOpenSlotStarts(trx, nowIso));
}

/** The core's view of each list the open-slot copy hands out (the same list turn after turn, until it changes). */
const slotLists = new WeakMap<readonly OpenSlotStart[], Slot[]>();

/** The open slots as the core sees them, before a turn's transaction: the process's copy while `slotsVersion` holds. */
export async function openSlots(db: Kysely<Database>, nowIso: string, slotsVersion: string | null): Promise<Slot[]> {
  const rows = await listOpenSlotStartsCached(db, nowIso, slotsVersion);
  let slots = slotLists.get(rows);
  if (slots === undefined) {
    slots = Object.freeze(asSlots(rows).map((slot) => Object.freeze(slot))) as Slot[];
    slotLists.set(rows, slots);
  }
  return slots;
}

function asSlots(rows: ReadonlyArray<{ id: number; start_time: string }>): Slot[] {
  return rows.map((r) => ({ id: r.id, start: r.start_time }));
}

export function parseState(session: Session): ConversationState {
  return JSON.parse(session.state) as ConversationState;
}

/** True when a result asks for more than a stored turn: a booking or a do-not-call entry (a transaction's work). */
export function hasSideEffects(result: TransitionResult): boolean {
  return result.actions.some((a) => a.type === 'book' || a.type === 'opt_out');
}

/** The session's new state, and its end (status, outcome, the booked slot) when the result ends the call. */
export function sessionPatch(state: ConversationState, result: TransitionResult, nowIso: string): SessionUpdate {
  const patch: SessionUpdate = { state: JSON.stringify(result.state), updated_at: nowIso };
  for (const action of result.actions) {
    if (action.type === 'end') {
      patch.status = action.status;
      patch.outcome = action.outcome;
      patch.end_time = nowIso;
      if (action.slot !== undefined) {
        patch.slot_id = action.slot.id;
        patch.confirmed_slot = spokenSlot(action.slot.start, state.candidate.timezone);
        patch.confirmed_slot_start = action.slot.start;
      }
    }
  }
  return patch;
}

/**
 * Runs one event through the machine (or takes `planned`, its result already computed) and performs what it asks
 * inside the transaction: booking (atomic in the database; a lost race is fed back as `slot_taken`), the
 * do-not-call entry, and the session's end.
 */
export async function applyEvent(
  trx: Transaction<Database>,
  session: Session,
  state: ConversationState,
  event: ConversationEvent,
  nowIso: string,
  planned: TransitionResult = transition(state, event),
): Promise<{ result: TransitionResult; patch: SessionUpdate }> {
  let result = planned;
  const book = result.actions.find((a): a is Extract<Action, { type: 'book' }> => a.type === 'book');
  if (book !== undefined) {
    const outcome = await bookSlot(trx, {
      slotId: book.slot.id,
      callSid: session.call_sid,
      phone: session.candidate_phone,
      nowIso,
    });
    result =
      outcome === 'full'
        ? transition(result.state, { type: 'slot_taken', slot: book.slot, open: await openSlotsIn(trx, nowIso) })
        : transition(result.state, { type: 'booked', slot: book.slot });
  }
  for (const action of result.actions) {
    if (action.type === 'opt_out') await addDoNotCall(trx, session.candidate_phone, 'opted out during a call');
  }
  return { result, patch: sessionPatch(state, result, nowIso) };
}

/** What the caller says in this result, as one line for the transcript. */
export function spokenText(actions: readonly Action[]): string {
  return actions
    .filter((a): a is Extract<Action, { type: 'say' }> => a.type === 'say')
    .map((a) => a.text)
    .join(' ');
}
