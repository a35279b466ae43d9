import { signTwilioRequest } from '../twilio/signature.js';
import type { SimulateOptions } from '../telephony.js';
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
  authToken: string;
  simulate?: SimulateOptions;
}

export interface CallRecording {
  transcript: TranscriptLine[];
  finalStatus: string;
  requests: number;
}

/** Upper bound on webhook round trips, so a TwiML loop cannot spin forever. */
const MAX_REQUESTS = 60;

/**
 * Plays Twilio's side of one outbound call against the service's webhooks over HTTP: signed form posts, the
 * status callbacks, and each <Gather> answered with the next scripted reply or with silence.
 */
export async function runSimulatedCall(call: SimulatedCall): Promise<CallRecording> {
  const transcript: TranscriptLine[] = [];
  const replies = [...(call.simulate?.replies ?? [])];
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
  const post = async (url: string, fields: Record<string, string>): Promise<string> => {
    requests++;
    const params = { ...base, ...fields };
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signTwilioRequest(call.authToken, url, params),
        'user-agent': 'TwilioProxy/1.1 (interview-caller simulator)',
      },
      body: new URLSearchParams(params).toString(),
    });
    return res.text();
  };
  const status = (callStatus: string, extra: Record<string, string> = {}) =>
    post(call.statusCallback, {
      CallStatus: callStatus,
      SequenceNumber: String(sequence++),
      CallbackSource: 'call-progress-events',
      Timestamp: new Date().toUTCString(),
      ...extra,
    });

  const started = Date.now();
  await status('initiated');
  await status('ringing');
  const result = call.simulate?.result ?? 'answered';
  if (result !== 'answered') {
    await status(result, { CallDuration: '0' });
    return { transcript, finalStatus: result, requests };
  }
  const answered = { CallStatus: 'in-progress', AnsweredBy: call.simulate?.answeredBy ?? 'human' };
  await status('in-progress', answered);

  let verbs: Verb[] = readTwiml(await post(call.url, answered));
  let hungUp = false;
  while (!hungUp && requests < MAX_REQUESTS) {
    let next: { url: string; fields: Record<string, string> } | undefined;
    for (const verb of verbs) {
      if (verb.verb === 'Say') transcript.push({ speaker: 'caller', text: verb.text });
      if (verb.verb === 'Hangup') {
        hungUp = true;
        break;
      }
      if (verb.verb === 'Redirect') {
        next = { url: verb.url, fields: { CallStatus: 'in-progress' } };
        break;
      }
      if (verb.verb === 'Gather') {
        for (const text of verb.says) transcript.push({ speaker: 'caller', text });
        const reply = replies.shift();
        const fields = answerFields(reply, verb.input);
        if (fields === undefined && !verb.actionOnEmptyResult) continue;
        if (fields !== undefined) {
          transcript.push({ speaker: 'candidate', text: fields.SpeechResult ?? `(pressed ${fields.Digits ?? ''})` });
        } else {
          transcript.push({ speaker: 'candidate', text: '(silence)' });
        }
        next = { url: verb.action, fields: { CallStatus: 'in-progress', ...(fields ?? {}) } };
        break;
      }
    }
    if (next === undefined) break; // end of document: Twilio hangs up
    verbs = readTwiml(await post(next.url, next.fields));
  }
  const duration = Math.max(1, Math.round((Date.now() - started) / 1000));
  await status('completed', { CallDuration: String(duration) });
  return { transcript, finalStatus: 'completed', requests };
}

function answerFields(
  reply: SimulateOptions['replies'] extends Array<infer R> | undefined ? R | undefined : never,
  input: string[],
): Record<string, string> | undefined {
  if (reply === undefined || reply === null || reply === '') return undefined;
  if (typeof reply === 'object') {
    return input.includes('dtmf') ? { Digits: reply.digits } : undefined;
  }
  return input.includes('speech') ? { SpeechResult: reply, Confidence: '0.92' } : undefined;
}
