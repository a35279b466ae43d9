import { signTwilioRequest } from '../twilio/signature.js';
import type { SimulatedResult, SimulateOptions } from '../telephony.js';
import { LiveCall } from './live-call.js';
import { readTwiml } from './twiml-reader.js';
import type { Verb } from './twiml-reader.js';

export interface TranscriptLine {
  speaker: 'caller' | 'candidate';
  text: string;
}

export interface SimulatedCall {
  callSid: string;
  accountSid: string;
  from: string;
  to: string;
  url: string;
  statusCallback: string;
  /** Asynchronous answering-machine detection: the verdict is posted here once the greeting has started. */
  amdStatusCallback?: string;
  authToken: string;
  simulate?: SimulateOptions;
  /** The call as the REST API shows it, and the updates asked of it (made here when absent). */
  live?: LiveCall;
  /** Real milliseconds the phone rings before it is answered or gives up (default 0: at once). */
  ringMs?: number;
}

export interface CallRecording {
  transcript: TranscriptLine[];
  finalStatus: string;
  requests: number;
  /** The answering-machine verdict posted (async AMD), or the AnsweredBy sent at answer; null: none. */
  answeredBy: string | null;
  /** Why Twilio would have played "an application error has occurred": a webhook unreachable or not TwiML. */
  applicationError?: string;
}

/** Upper bound on webhook round trips, so a TwiML loop cannot spin forever. */
const MAX_REQUESTS = 60;

/** What Twilio's async AMD reports for each simulated party (a person: the AnsweredBy asked for, else human). */
const AMD_VERDICT: Record<Exclude<SimulatedResult, 'busy' | 'no-answer' | 'failed'>, string> = {
  answered: 'human',
  voicemail: 'machine_end_beep',
  fax: 'fax',
  machine_start: 'machine_start',
};

type Reply = NonNullable<SimulateOptions['replies']>[number];

/**
 * Plays Twilio's side of one outbound call against the service's webhooks over HTTP: signed form posts, the
 * status callbacks, each <Gather> answered with the next scripted reply or with silence, and, when asked, the
 * answering-machine verdict. It follows the REST API's updates (`live`): new TwiML is played at the next step, a
 * hang-up ends the call. As Twilio does, a status or AMD callback that cannot be delivered is dropped, and a TwiML
 * webhook that cannot be reached (or answers something else than TwiML) ends the call.
 */
export async function runSimulatedCall(call: SimulatedCall): Promise<CallRecording> {
  const live = call.live ?? new LiveCall(call.callSid, call.to, call.from);
  const transcript: TranscriptLine[] = [];
  const result = call.simulate?.result ?? 'answered';
  const machine = result !== 'answered';
  // A machine says nothing to the service's questions.
  const replies: Reply[] = machine ? [] : [...(call.simulate?.replies ?? [])];
  const base = {
    CallSid: call.callSid,
    AccountSid: call.accountSid,
    From: call.from,
    To: call.to,
    Direction: 'outbound-api',
    ApiVersion: '2010-04-01',
  };
  let requests = 0;
  let sequence = 0;
  let applicationError: string | undefined;
  const send = async (url: string, params: Record<string, string>): Promise<string | undefined> => {
    requests++;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': signTwilioRequest(call.authToken, url, params),
          'user-agent': 'TwilioProxy/1.1 (interview-caller simulator)',
        },
        body: new URLSearchParams(params).toString(),
      });
      const text = await res.text();
      return res.ok ? text : undefined;
    } catch {
      return undefined;
    }
  };
  /** A TwiML webhook: its verbs, or undefined (the call ends) when it cannot be reached or read. */
  const document = async (url: string, fields: Record<string, string>): Promise<Verb[] | undefined> => {
    const body = await send(url, { ...base, ...fields });
    if (body === undefined) {
      applicationError = `webhook could not be reached or refused the request: ${url}`;
      return undefined;
    }
    try {
      return readTwiml(body);
    } catch {
      applicationError = `webhook answered something else than TwiML: ${url}`;
      return undefined;
    }
  };
  const status = async (callStatus: string, extra: Record<string, string> = {}) => {
    live.move(callStatus);
    await send(call.statusCallback, {
      ...base,
      CallStatus: callStatus,
      SequenceNumber: String(sequence++),
      CallbackSource: 'call-progress-events',
      Timestamp: new Date().toUTCString(),
      ...extra,
    });
  };
  const recording = (finalStatus: string): CallRecording => ({
    transcript,
    finalStatus,
    requests,
    answeredBy: live.answeredBy,
    ...(applicationError === undefined ? {} : { applicationError }),
  });

  await status('initiated');
  await status('ringing');
  await live.pause(call.ringMs ?? 0);
  if (live.takeUpdate() !== undefined) {
    // Hung up by the REST API while it rang (TwiML cannot be sent to a call not in progress).
    await status('canceled', { CallDuration: '0' });
    return recording('canceled');
  }
  if (result === 'busy' || result === 'no-answer' || result === 'failed') {
    await status(result, { CallDuration: '0' });
    return recording(result);
  }

  const amd = call.amdStatusCallback;
  const verdict = result === 'answered' ? (call.simulate?.answeredBy ?? 'human') : AMD_VERDICT[result];
  // Without detection Twilio cannot tell a machine; the simulator's `answeredBy` still stands in for synchronous AMD.
  const syncAnsweredBy = amd !== undefined ? undefined : machine ? call.simulate?.answeredBy : verdict;
  if (syncAnsweredBy !== undefined) live.answeredBy = syncAnsweredBy;
  const answered = { CallStatus: 'in-progress', ...(syncAnsweredBy === undefined ? {} : { AnsweredBy: syncAnsweredBy }) };
  await status('in-progress', answered);

  let amdPosted = amd === undefined;
  const postVerdict = async () => {
    amdPosted = true;
    live.answeredBy = verdict;
    // Twilio's async AMD callback carries these four fields only.
    const fields = { AccountSid: call.accountSid, CallSid: call.callSid, AnsweredBy: verdict, MachineDetectionDuration: '2140' };
    if (amd !== undefined) await send(amd, fields);
  };
  /** An update asked for by the REST API: the TwiML to play now, 'hangup', or undefined (none). */
  const interruption = (): Verb[] | 'hangup' | undefined => {
    const update = live.takeUpdate();
    if (update === undefined) return undefined;
    if (!('twiml' in update)) return 'hangup';
    try {
      return readTwiml(update.twiml);
    } catch {
      applicationError = 'updated with something else than TwiML';
      return 'hangup';
    }
  };

  let verbs: Verb[] | 'hangup' = (await document(call.url, answered)) ?? 'hangup';
  while (verbs !== 'hangup' && requests < MAX_REQUESTS) {
    const override = interruption();
    if (override !== undefined) {
      verbs = override;
      continue;
    }
    let next: { url: string; fields: Record<string, string> } | Verb[] | 'hangup' = 'hangup';
    for (const verb of verbs) {
      if (verb.verb === 'Say') transcript.push({ speaker: 'caller', text: verb.text });
      if (verb.verb === 'Hangup') break;
      if (verb.verb === 'Redirect') {
        next = { url: verb.url, fields: { CallStatus: 'in-progress' } };
        break;
      }
      if (verb.verb === 'Gather') {
        for (const text of verb.says) transcript.push({ speaker: 'caller', text });
        // The greeting has started: the detector has heard enough to decide, and the service may redirect the call.
        if (!amdPosted) await postVerdict();
        const redirected = interruption();
        if (redirected !== undefined) {
          next = redirected;
          break;
        }
        const fields = answerFields(replies.shift(), verb.input);
        if (fields === undefined && !verb.actionOnEmptyResult) continue;
        transcript.push({
          speaker: 'candidate',
          text: fields === undefined ? '(silence)' : (fields.SpeechResult ?? `(pressed ${fields.Digits ?? ''})`),
        });
        next = { url: verb.action, fields: { CallStatus: 'in-progress', ...(fields ?? {}) } };
        break;
      }
    }
    // End of document or <Hangup>: Twilio hangs up.
    if (next === 'hangup' || Array.isArray(next)) verbs = next;
    else verbs = (await document(next.url, next.fields)) ?? 'hangup';
  }
  const answeredBy: Record<string, string> = live.answeredBy === null ? {} : { AnsweredBy: live.answeredBy };
  const duration = Math.max(1, Math.round((Date.now() - (live.startTime?.getTime() ?? Date.now())) / 1000));
  await status('completed', { CallDuration: String(duration), ...answeredBy });
  return recording('completed');
}

function answerFields(reply: Reply | undefined, input: string[]): Record<string, string> | undefined {
  if (reply === undefined || reply === null || reply === '') return undefined;
  if (typeof reply === 'object') {
    return input.includes('dtmf') ? { Digits: reply.digits } : undefined;
  }
  return input.includes('speech') ? { SpeechResult: reply, Confidence: '0.92' } : undefined;
}
