/**
 * Scores one played call against its row: outcome, booked slot, required and forbidden sentences, stored questions,
 * and the universal checks (spoken times, promises). Pure: no I/O.
 */
import { DateTime } from 'luxon';
import { clockTimeProblems, promisesIn } from './checks.js';
import type { Conversation } from './service.js';
import type { CallRow, SayCheck } from './sets.js';

export interface TranscriptLine {
  speaker: 'caller' | 'candidate';
  text: string;
}

export interface CallResult {
  id: string;
  kind: string;
  scenario: string;
  /** Every check passed, the universal ones included. */
  passed: boolean;
  /** The row's own expectations passed (outcome, slot, say, not_say, questions), ignoring the universal checks. */
  expectedPassed: boolean;
  /** A slot was booked that the row did not expect (another slot, or any slot where none was expected). */
  wrongBooking: boolean;
  expected: { outcome: string; slot: string | null };
  got: { outcome: string | null; slot: string | null; status: string };
  /** Why the call failed its own expectations. */
  reasons: string[];
  /** Why it failed a universal check (times, promises). */
  universal: string[];
  /** Checks that the service's answer cannot show yet (e.g. stored questions). */
  notCheckable: string[];
  transcript: TranscriptLine[];
}

/** The booked slot as "YYYY-MM-DDTHH:MM" local in `zone`, or null. */
export function localSlot(start: string | null, zone: string): string | null {
  if (start === null) return null;
  const dt = DateTime.fromISO(start, { setZone: true });
  return dt.isValid ? dt.setZone(zone).toFormat("yyyy-LL-dd'T'HH:mm") : `unreadable: ${start}`;
}

/** Scores `conversation` (as GET /conversations/{call_sid} returned it) against `row`, in the scenario's `zone`. */
export function scoreCall(row: CallRow, zone: string, conversation: Conversation, ended = true): CallResult {
  const turns = [...conversation.turns].sort((a, b) => a.turn_number - b.turn_number);
  const callerLines = turns.map((t) => ({ turn: t.turn_number, text: t.bot_response, callBack: (t.callback_at ?? null) !== null }));
  const bookedSlot = localSlot(conversation.confirmed_slot_start, zone);
  const reasons: string[] = [];
  if (!ended) reasons.push(`the call had not ended when the harness stopped waiting (status ${conversation.status})`);
  if (conversation.outcome !== row.expect.outcome) {
    reasons.push(`outcome ${conversation.outcome ?? 'none'}, expected ${row.expect.outcome}`);
  }
  if (bookedSlot !== row.expect.slot) {
    reasons.push(`booked ${bookedSlot ?? 'nothing'}, expected ${row.expect.slot ?? 'nothing'}`);
  }
  for (const check of row.expect.say) {
    const problem = sayProblem(check, callerLines);
    if (problem !== undefined) reasons.push(problem);
  }
  for (const source of row.expect.not_say) {
    const re = new RegExp(source, 'i');
    const line = callerLines.find((l) => re.test(l.text));
    if (line !== undefined) reasons.push(`said /${source}/ (turn ${line.turn}): "${line.text}"`);
  }
  const notCheckable: string[] = [];
  if (row.expect.questions !== undefined) {
    if (conversation.questions === undefined) notCheckable.push('questions (the conversation shows no questions array)');
    else if (conversation.questions.length !== row.expect.questions) {
      reasons.push(`${conversation.questions.length} questions stored, expected ${row.expect.questions}`);
    }
  }
  const universal: string[] = [];
  const confirmations = (conversation.messages ?? []).filter((m) => m.purpose === 'confirmation');
  const confirmation = { email: confirmations.some((m) => m.channel === 'email'), sms: confirmations.some((m) => m.channel === 'sms') };
  for (const line of callerLines) {
    for (const problem of clockTimeProblems(line.text)) universal.push(`spoken time: ${problem} (turn ${line.turn})`);
    const promises = promisesIn(line.text, { callBack: line.callBack, confirmation });
    if (promises.length > 0)
      universal.push(`promise nothing keeps (${promises.map((p) => `/${p}/`).join(', ')}), turn ${line.turn}: "${line.text}"`);
  }
  return {
    id: row.id,
    kind: row.kind,
    scenario: row.scenario,
    passed: reasons.length === 0 && universal.length === 0,
    expectedPassed: reasons.length === 0,
    wrongBooking: bookedSlot !== null && bookedSlot !== row.expect.slot,
    expected: { outcome: row.expect.outcome, slot: row.expect.slot },
    got: { outcome: conversation.outcome, slot: bookedSlot, status: conversation.status },
    reasons,
    universal,
    notCheckable,
    transcript: transcriptOf(turns),
  };
}

/** The result of a call the service could not play (it refused to place it, or an endpoint failed). */
export function unplayedCall(row: CallRow, why: string): CallResult {
  return {
    id: row.id,
    kind: row.kind,
    scenario: row.scenario,
    passed: false,
    expectedPassed: false,
    wrongBooking: false,
    expected: { outcome: row.expect.outcome, slot: row.expect.slot },
    got: { outcome: null, slot: null, status: 'not played' },
    reasons: [`the call could not be played: ${why}`],
    universal: [],
    notCheckable: [],
    transcript: [],
  };
}

function sayProblem(check: SayCheck, lines: Array<{ turn: number; text: string }>): string | undefined {
  if (typeof check === 'string') {
    const re = new RegExp(check, 'i');
    // The greeting (turn 0) does not count: an answer must come after the candidate has spoken.
    return lines.some((l) => l.turn > 0 && re.test(l.text)) ? undefined : `never said /${check}/ after the greeting`;
  }
  const re = new RegExp(check.re, 'i');
  // Turn n answers reply n - 1 (turn 0 is the greeting).
  const answer = lines.find((l) => l.turn === check.after + 1);
  if (answer === undefined) return `no answer to reply ${check.after + 1}, where /${check.re}/ was expected`;
  return re.test(answer.text) ? undefined : `the answer to reply ${check.after + 1} did not say /${check.re}/`;
}

function transcriptOf(turns: Conversation['turns']): TranscriptLine[] {
  const out: TranscriptLine[] = [];
  for (const turn of turns) {
    if (turn.turn_number > 0) {
      const heard = turn.user_input ?? (turn.digits === null || turn.digits === undefined ? '(silence)' : `(pressed ${turn.digits})`);
      out.push({ speaker: 'candidate', text: heard });
    }
    out.push({ speaker: 'caller', text: turn.bot_response });
  }
  return out;
}
