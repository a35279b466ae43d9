import { apologyTwiml, hangupTwiml, redirectTwiml, renderTwiml } from '../adapters/twilio/twiml.js';
import { say } from '../core/conversation/prompts.js';
import { isParseFailure, parseState, unreadableStateEnding, type ParseFailure } from '../core/conversation/state.js';
import type { Action, ConversationEvent, ConversationState } from '../core/conversation/types.js';
import { understandInputOf } from '../core/conversation/understand-input.js';
import type { Slot } from '../core/scheduling/slots.js';
import type { Understanding } from '../core/understanding/types.js';
import { getTurnContext } from '../db/sessions.repo.js';
import type { Session, SessionUpdate } from '../db/sessions.table.js';
import { getTurn, saveTurn, type TurnRecord } from '../db/turns.repo.js';
import type { Deps } from '../deps.js';
import { countTurn } from '../metrics.js';
import { interviewOf, openSlotsIn, questionsOf, runEvent, sessionPatch, spokenText } from './conversation-io.js';
import { markAnswered } from './call-status.js';
import { publishTurn } from './live/publish.js';
import { answeredByMachine, countReached, recordCandidateEnd } from './candidate-calls.js';
import { processUrl, voiceUrl } from './webhook-urls.js';
import { answeredByOf, callSidOf, callSidPatch, isSameCall, webhookKeyOf, type TwilioForm } from './twilio-form.js';

/** What a turn webhook's URL carries: the conversation, the turn a reply answers, a greeting's retry count. */
export interface TurnQuery {
  conversation?: string | undefined;
  turn?: string | undefined;
  attempt?: string | undefined;
}

/** `/twilio-voice` answers the call with the greeting (turn 0); `/twilio-process` takes one reply. */
export type TurnKind = 'greeting' | 'reply';

/** Thrown inside a turn's transaction when the same turn was stored meanwhile, so the transaction rolls back. */
class DuplicateTurn extends Error {}

/** How many times `/twilio-voice` is asked again when the greeting cannot be stored, before apologising. */
const VOICE_RETRIES = 2;

const HINTS = "Monday, Tuesday, Wednesday, Thursday, Friday, yes, no, morning, afternoon, o'clock";

/**
 * One turn of a call, the greeting or a reply (speech, keypad or silence): the stored state parsed, the reply
 * understood from that state, the machine run once, and everything the turn does stored by `saveTurn` in one
 * transaction. A retried webhook gets the TwiML stored for its turn and stores nothing; an old turn number never
 * rewinds the call.
 */
export async function takeTurn(deps: Deps, kind: TurnKind, query: TurnQuery, form: TwilioForm): Promise<string> {
  const key = webhookKeyOf(query.conversation, form);
  const requested = kind === 'greeting' ? 0 : parseTurn(query.turn);
  if (requested === 'invalid') {
    // Not a URL this service gave Twilio: refused like any invalid request, nothing stored.
    deps.logger.warn({ turn: query.turn }, 'turn webhook with an invalid turn number');
    return apologyTwiml(say.apology());
  }
  const context = key === undefined ? undefined : await getTurnContext(deps.database.db, key, requested);
  if (context === undefined || !isSameCall(context.session, form)) {
    deps.logger.warn({ callSid: callSidOf(form), conversation: query.conversation }, `${kind} webhook for an unknown call`);
    return apologyTwiml(say.apology());
  }
  if (context.storedTwiml !== null) return context.storedTwiml;
  const { session } = context;
  const turn = requested ?? session.turn_count + 1;
  if (session.status !== 'active') return kind === 'greeting' ? apologyTwiml(say.apology()) : hangupTwiml();
  if (kind === 'reply' && turn !== session.turn_count + 1) {
    // An old or forged turn number: repeat the latest prompt.
    return (await getTurn(deps.database.db, session.call_sid, session.turn_count))?.response_twiml ?? apologyTwiml(say.apology());
  }
  const state = parseState(session.state, { interview: interviewOf(deps.config) });
  if (isParseFailure(state)) return endUnreadable(deps, session, turn, state, form);
  return kind === 'greeting' ? greet(deps, session, state, form, query.attempt) : reply(deps, session, state, turn, form);
}

/** The greeting (turn 0). When it cannot be stored, Twilio is sent back to `/twilio-voice` a few times first. */
async function greet(deps: Deps, session: Session, state: ConversationState, form: TwilioForm, attemptParam?: string): Promise<string> {
  const started = performance.now();
  const answeredBy = answeredByOf(form);
  try {
    // A candidate's call is marked answered by a conditional update that also counts it reached, once (a status
    // callback may have done both); any other call is simply marked.
    const counted = session.candidate_id !== null;
    const facts = { turn: 0, started, form, answered: counted };
    const twiml = await store(deps, session, state, facts, (open) => ({ type: 'start', open }), {
      ...(counted ? {} : { twilio_status: 'in-progress' }),
      ...(answeredBy === undefined ? {} : { answered_by: answeredBy }),
    });
    deps.logger.info({ callSid: session.call_sid, turn: 0, ms: round(performance.now() - started) }, 'call answered');
    return twiml;
  } catch (err) {
    const attempt = /^\d{1,2}$/.test(attemptParam ?? '') ? Number(attemptParam) : 0;
    if (attempt >= VOICE_RETRIES) {
      deps.logger.error({ callSid: session.call_sid, turn: 0, attempt, err }, 'the answered call could not be stored; giving up');
      return apologyTwiml(say.apology());
    }
    deps.logger.error({ callSid: session.call_sid, turn: 0, attempt, err }, 'the answered call could not be stored; asking Twilio again');
    return redirectTwiml(voiceUrl(deps, session.call_sid, attempt + 1));
  }
}

/** A reply: understood (speech only) from the machine's state, then stored; when it cannot be, asked for again. */
async function reply(deps: Deps, session: Session, state: ConversationState, turn: number, form: TwilioForm): Promise<string> {
  const started = performance.now();
  // NUL never comes from a recogniser and PostgreSQL text cannot hold it: dropped rather than failing the turn.
  const speech = (form.SpeechResult ?? '').replaceAll('\u0000', '').trim();
  const digits = (form.Digits ?? '').replaceAll('\u0000', '').trim();
  let understanding: Understanding | undefined;
  // When the reply was heard: understanding resolves "in an hour" from it, and the machine checks a call-back time.
  const heardAt = deps.now();
  if (digits === '' && speech !== '') {
    const asked = performance.now();
    understanding = await deps.understander.understand(understandInputOf(state, speech, heardAt));
    deps.metrics.understandingDuration.observe({ engine: understanding.engine }, (performance.now() - asked) / 1000);
  }
  const eventOf = (open: Slot[]): ConversationEvent =>
    digits !== ''
      ? { type: 'digits', digits, open }
      : understanding !== undefined
        ? { type: 'reply', understanding, utterance: speech, open, now: heardAt.toISOString() }
        : { type: 'silence', open };
  const intent = understanding?.intent ?? (digits !== '' ? 'keypad' : 'silence');
  try {
    const twiml = await store(deps, session, state, { turn, started, form, speech, digits, understanding }, eventOf, { turn_count: turn });
    deps.logger.info(
      { callSid: session.call_sid, turn, intent, engine: understanding?.engine, ms: round(performance.now() - started), speech },
      'turn handled',
    );
    return twiml;
  } catch (err) {
    // The reply could not be stored: ask again for the same turn rather than lose it.
    deps.logger.error({ callSid: session.call_sid, turn, err }, 'turn could not be stored; asking the candidate again');
    return render(
      deps,
      session,
      [
        { type: 'say', text: say.retry() },
        { type: 'gather', dtmf: state.dtmf },
      ],
      turn,
    );
  }
}

interface TurnFacts {
  turn: number;
  started: number;
  form: TwilioForm;
  speech?: string;
  digits?: string;
  understanding?: Understanding | undefined;
  /** The greeting: the call is recorded as answered (and `reached` counted) unless a status callback did it first. */
  answered?: boolean;
}

/**
 * The turn's transaction: the open slots read, the machine run on the event and what it asks done, and the turn
 * stored with the session's new state. Returns the TwiML to answer: this turn's, or the one stored by a twin
 * delivery of the same turn that committed first (then this one rolls back whatever it booked or listed).
 */
async function store(
  deps: Deps,
  session: Session,
  state: ConversationState,
  facts: TurnFacts,
  eventOf: (open: Slot[]) => ConversationEvent,
  extra: SessionUpdate,
): Promise<string> {
  const nowIso = deps.now().toISOString();
  let committed: { record: TurnRecord; actions: readonly Action[]; phase: string } | undefined;
  const stored = await deps.database.db
    .transaction()
    .execute(async (trx) => {
      const answeredBy = answeredByOf(facts.form) ?? session.answered_by;
      // Skipped when the status callback (Twilio's usual first word) was read as answered already.
      const unanswered = session.twilio_status === null || !['in-progress', 'completed'].includes(session.twilio_status);
      if (facts.answered === true && unanswered && (await markAnswered(trx, session.call_sid, nowIso))) {
        await countReached(trx, session, answeredBy);
      }
      const event = eventOf(await openSlotsIn(trx, session.job_id, nowIso));
      const result = await runEvent(
        trx,
        {
          session: { ...session, answered_by: answeredBy },
          doNotCallSecret: deps.doNotCallSecret,
          nowIso,
          publicUrl: deps.webhookBase.url,
          mailFrom: deps.messaging.mailFrom,
        },
        state,
        event,
      );
      const twiml = render(deps, session, result.actions, facts.turn + 1);
      const record: TurnRecord = {
        turn: turnRow(session, facts, result.actions, twiml, nowIso),
        session: { ...sessionPatch(result, nowIso), ...extra, ...callSidPatch(session, facts.form) },
        questions: questionsOf(result.actions, nowIso),
      };
      if ((await saveTurn(trx, record)) === 'duplicate') throw new DuplicateTurn();
      committed = { record, actions: result.actions, phase: result.state.phase };
      return twiml;
    })
    .catch((err: unknown) => {
      if (err instanceof DuplicateTurn) return undefined;
      throw err;
    });
  // Counted once committed: a rolled-back twin delivery or a failed write counts nothing.
  if (stored !== undefined && committed !== undefined) {
    countTurn(deps.metrics, committed.record.turn, committed.actions);
    publishTurn(deps, session, committed.record, committed.phase);
  }
  return stored ?? (await getTurn(deps.database.db, session.call_sid, facts.turn))?.response_twiml ?? apologyTwiml(say.apology());
}

function turnRow(session: Session, facts: TurnFacts, actions: readonly Action[], twiml: string, nowIso: string): TurnRecord['turn'] {
  const { speech = '', digits = '', understanding } = facts;
  return {
    call_sid: session.call_sid,
    turn_number: facts.turn,
    user_input: speech === '' ? null : speech,
    digits: digits === '' ? null : digits,
    bot_response: spokenText(actions),
    intent: facts.turn === 0 ? null : (understanding?.intent ?? (digits !== '' ? 'keypad' : 'silence')),
    confidence: understanding?.confidence ?? null,
    engine: understanding?.engine ?? null,
    latency_ms: performance.now() - facts.started,
    response_twiml: twiml,
    timestamp: nowIso,
    callback_at: callbackAtOf(actions),
  };
}

/** The call back this turn scheduled (UTC ISO), when it promised one; the campaign dials it. */
function callbackAtOf(actions: readonly Action[]): string | null {
  const scheduled = actions.find((a): a is Extract<Action, { type: 'schedule_callback' }> => a.type === 'schedule_callback');
  return scheduled === undefined ? null : new Date(scheduled.at).toISOString();
}

/**
 * A stored state that cannot be read (corrupt, or of a version this code does not know): the call ends politely,
 * the session is marked failed with the reason, and the stored state is left as it was for whoever looks into it.
 */
async function endUnreadable(deps: Deps, session: Session, turn: number, failure: ParseFailure, form: TwilioForm): Promise<string> {
  const actions = unreadableStateEnding();
  const twiml = render(deps, session, actions, turn + 1);
  const nowIso = deps.now().toISOString();
  deps.logger.error(
    { callSid: session.call_sid, turn, failure: failure.failure, reason: failure.message },
    'stored conversation state unreadable; ending the call',
  );
  const record: TurnRecord = {
    turn: turnRow(session, { turn, started: performance.now(), form }, actions, twiml, nowIso),
    session: {
      status: 'failed',
      outcome: 'error',
      end_time: nowIso,
      error_code: `state_${failure.failure}`,
      error_message: failure.message,
      ...(turn === 0 ? {} : { turn_count: turn }),
      ...callSidPatch(session, form),
      updated_at: nowIso,
    },
    questions: [],
  };
  try {
    await deps.database.db.transaction().execute(async (trx) => {
      if ((await saveTurn(trx, record)) === 'duplicate') return;
      await recordCandidateEnd(trx, session, 'error', !answeredByMachine(session.answered_by), nowIso);
    });
    countTurn(deps.metrics, record.turn, actions);
    publishTurn(deps, session, record, null);
  } catch (err) {
    deps.logger.error({ callSid: session.call_sid, turn, err }, 'the failed call could not be stored');
  }
  return twiml;
}

function render(deps: Deps, session: Session, actions: readonly Action[], nextTurn: number): string {
  return renderTwiml(actions, { action: processUrl(deps, session.call_sid, nextTurn), timeout: deps.config.SPEECH_TIMEOUT, hints: HINTS });
}

/** `?turn=`: absent (the session's next turn), a plain non-negative integer, or 'invalid'. */
function parseTurn(value: string | undefined): number | undefined | 'invalid' {
  if (value === undefined) return undefined;
  return /^\d{1,6}$/.test(value) ? Number(value) : 'invalid';
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
