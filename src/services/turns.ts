import { apologyTwiml, redirectTwiml, renderTwiml } from '../adapters/twilio/twiml.js';
import { say } from '../core/conversation/prompts.js';
import { transition } from '../core/conversation/transition.js';
import type { ConversationEvent, ConversationState, TransitionResult } from '../core/conversation/types.js';
import { spokenSlot } from '../core/scheduling/slots.js';
import { isoInZone } from '../core/scheduling/zones.js';
import type { Understanding } from '../core/understanding/types.js';
import { getSession, getTurnContext, type TurnContext } from '../db/sessions.repo.js';
import { getTurn, recordTurn, storeTurn } from '../db/turns.repo.js';
import type { Deps } from '../deps.js';
import { applyEvent, hasSideEffects, openSlots, parseState, sessionPatch, spokenText } from './conversation-io.js';
import { answeredByOf, callSidOf, type TwilioForm } from './twilio-form.js';

/** Thrown inside a turn's transaction when the same turn was stored meanwhile, so the transaction rolls back. */
class DuplicateTurn extends Error {}

/** How many times `/twilio-voice` is asked again when the greeting turn cannot be stored, before apologising. */
const VOICE_RETRIES = 2;

const HINTS = 'Monday, Tuesday, Wednesday, Thursday, Friday, yes, no, morning, afternoon, o\'clock';

function gatherUrl(deps: Deps, turn: number): string {
  return `${deps.webhookBase.url}/twilio-process?turn=${turn}`;
}

function render(deps: Deps, result: { actions: Parameters<typeof renderTwiml>[0] }, turn: number): string {
  return renderTwiml(result.actions, { action: gatherUrl(deps, turn), timeout: deps.config.SPEECH_TIMEOUT, hints: HINTS });
}

/** A stored turn with this number already answered: the same TwiML again, nothing stored (idempotent retries). */
async function replay(deps: Deps, callSid: string, turn: number): Promise<string | undefined> {
  return (await getTurn(deps.database.db, callSid, turn))?.response_twiml;
}

/**
 * `/twilio-voice`: the call was answered; greet and offer (turn 0). When the turn cannot be stored, Twilio is sent
 * back to this webhook (`?attempt=N`, at most VOICE_RETRIES times) instead of the call being dropped.
 */
export async function answerCall(deps: Deps, form: TwilioForm, attemptParam?: string): Promise<string> {
  const callSid = callSidOf(form);
  const db = deps.database.db;
  const context = callSid === '' ? undefined : await getTurnContext(db, callSid, 0);
  if (context === undefined) {
    deps.logger.warn({ callSid }, 'voice webhook for an unknown call');
    return apologyTwiml(say.apology());
  }
  if (context.storedTwiml !== null) return context.storedTwiml;
  const { session } = context;
  const nowIso = deps.now().toISOString();
  const answeredBy = answeredByOf(form);
  const started = performance.now();
  // The open slots are read first (see processTurn); a failure is handled like the write's. A greeting books
  // nothing, so it is stored as any plain turn is: one statement on PostgreSQL, one transaction on SQLite.
  const twiml = await openSlots(db, nowIso, context.slotsVersion).then(async (open) => {
    const state = parseState(session);
    const result = transition(state, { type: 'start', open });
    const rendered = render(deps, result, 1);
    const stored = await recordTurn(
      db,
      {
        call_sid: callSid,
        turn_number: 0,
        user_input: null,
        digits: null,
        bot_response: spokenText(result.actions),
        intent: null,
        confidence: null,
        engine: null,
        latency_ms: performance.now() - started,
        response_twiml: rendered,
        timestamp: nowIso,
      },
      {
        ...sessionPatch(state, result, nowIso),
        twilio_status: 'in-progress',
        ...(answeredBy === undefined ? {} : { answered_by: answeredBy }),
      },
    );
    return stored === 'inserted' ? rendered : undefined;
  }).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
  if (twiml instanceof Error) {
    const attempt = parseTurn(attemptParam) ?? 0;
    if (attempt >= VOICE_RETRIES) {
      deps.logger.error({ callSid, turn: 0, attempt, err: twiml }, 'the answered call could not be stored; giving up');
      return apologyTwiml(say.apology());
    }
    deps.logger.error({ callSid, turn: 0, attempt, err: twiml }, 'the answered call could not be stored; asking Twilio again');
    return redirectTwiml(`${deps.webhookBase.url}/twilio-voice?attempt=${attempt + 1}`);
  }
  deps.logger.info({ callSid, turn: 0, ms: round(performance.now() - started) }, 'call answered');
  return twiml ?? (await replay(deps, callSid, 0)) ?? apologyTwiml(say.apology());
}

/** `/twilio-process?turn=N`: one reply (speech, keypad or silence) becomes one stored turn and the next prompt. */
export async function processTurn(deps: Deps, turnParam: string | undefined, form: TwilioForm): Promise<string> {
  const callSid = callSidOf(form);
  const db = deps.database.db;
  const context = callSid === '' ? undefined : await turnContext(deps, callSid, parseTurn(turnParam));
  if (context === undefined) {
    deps.logger.warn({ callSid }, 'process webhook for an unknown call');
    return apologyTwiml(say.apology());
  }
  if (context.storedTwiml !== null) return context.storedTwiml;
  const { session, turn } = context;
  const state = parseState(session);
  if (state.phase === 'ended' || session.status !== 'active') return renderTwiml([{ type: 'hangup' }], dummyGather(deps, turn));
  if (turn !== session.turn_count + 1) {
    // An old or forged turn number: never rewind; repeat the latest prompt.
    const latest = await replay(deps, callSid, session.turn_count);
    return latest ?? apologyTwiml(say.apology());
  }

  const started = performance.now();
  const nowIso = deps.now().toISOString();
  // The open slots are read outside the transaction, while the reply is understood (on PostgreSQL the query runs
  // meanwhile, and the write is one round trip shorter). Only what is offered comes from it: `bookSlot` is the
  // authority, and a slot taken since is answered as `slot_taken`, read inside the transaction.
  const openRead = openSlots(db, nowIso, context.slotsVersion);
  openRead.catch(() => undefined); // awaited (and its failure handled) below
  // NUL never comes from a recogniser and PostgreSQL text cannot hold it: dropped rather than failing the turn.
  const speech = (form.SpeechResult ?? '').replaceAll('\u0000', '').trim();
  const digits = (form.Digits ?? '').replaceAll('\u0000', '').trim();
  let understanding: Understanding | undefined;
  if (digits === '' && speech !== '') {
    understanding = await deps.understander.understand(understandInput(deps, state, speech, context.previousPrompt ?? undefined));
  }
  try {
    const open = await openRead;
    const event: ConversationEvent =
      digits !== ''
        ? { type: 'digits', digits, open }
        : understanding !== undefined
          ? { type: 'reply', understanding, open }
          : { type: 'silence', open };
    const planned = transition(state, event);
    const turnRow = (result: TransitionResult, twiml: string) => ({
      call_sid: callSid,
      turn_number: turn,
      user_input: speech === '' ? null : speech,
      digits: digits === '' ? null : digits,
      bot_response: spokenText(result.actions),
      intent: understanding?.intent ?? (digits !== '' ? 'keypad' : 'silence'),
      confidence: understanding?.confidence ?? null,
      engine: understanding?.engine ?? null,
      latency_ms: performance.now() - started,
      response_twiml: twiml,
      timestamp: nowIso,
    });
    let twiml: string | undefined;
    if (!hasSideEffects(planned)) {
      // Most turns: the stored turn and the session's new state, and nothing else (one statement on PostgreSQL).
      const rendered = render(deps, planned, turn + 1);
      const stored = await recordTurn(db, turnRow(planned, rendered), { ...sessionPatch(state, planned, nowIso), turn_count: turn });
      twiml = stored === 'inserted' ? rendered : undefined;
    } else {
      twiml = await db.transaction().execute(async (trx) => {
        const { result, patch } = await applyEvent(trx, session, state, event, nowIso, planned);
        const rendered = render(deps, result, turn + 1);
        // Another delivery of this turn won: roll back whatever this one booked or listed, and answer as it did.
        if ((await storeTurn(trx, turnRow(result, rendered), { ...patch, turn_count: turn })) === 'duplicate') throw new DuplicateTurn();
        return rendered;
      }).catch((err: unknown) => {
        if (err instanceof DuplicateTurn) return undefined;
        throw err;
      });
    }
    deps.logger.info(
      {
        callSid,
        turn,
        intent: understanding?.intent ?? (digits !== '' ? 'keypad' : 'silence'),
        engine: understanding?.engine,
        ms: round(performance.now() - started),
        speech,
      },
      'turn handled',
    );
    return twiml ?? (await replay(deps, callSid, turn)) ?? apologyTwiml(say.apology());
  } catch (err) {
    // The reply could not be stored: ask again for the same turn rather than lose it.
    deps.logger.error({ callSid, turn, err }, 'turn could not be stored; asking the candidate again');
    return render(deps, { actions: [{ type: 'say', text: say.retry() }, { type: 'gather', dtmf: state.dtmf }] }, turn);
  }
}

/**
 * The session, the turn being answered, its stored TwiML and the previous prompt: one query when the webhook names
 * the turn (our Gather actions always do); without ?turn= it is the session's next turn, known once the session is read.
 */
async function turnContext(deps: Deps, callSid: string, requested: number | undefined): Promise<(TurnContext & { turn: number }) | undefined> {
  const db = deps.database.db;
  let turn = requested;
  if (turn === undefined) {
    const session = await getSession(db, callSid);
    if (session === undefined) return undefined;
    turn = session.turn_count + 1;
  }
  const context = await getTurnContext(db, callSid, turn);
  return context === undefined ? undefined : { ...context, turn };
}

function parseTurn(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,6}$/.test(value)) return undefined;
  return Number(value);
}

function understandInput(deps: Deps, state: ConversationState, utterance: string, context: string | undefined) {
  const zone = state.candidate.timezone;
  return {
    utterance,
    offered: state.offered.map((s) => ({ label: spokenSlot(s.start, zone), start: s.start })),
    now: isoInZone(deps.now(), zone) ?? deps.now().toISOString(),
    timezone: zone,
    ...(context === undefined ? {} : { context }),
  };
}

function dummyGather(deps: Deps, turn: number) {
  return { action: gatherUrl(deps, turn), timeout: deps.config.SPEECH_TIMEOUT };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
