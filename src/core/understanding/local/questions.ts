/**
 * What a question is about, so the caller can answer what it knows (the company, the zone, the interview's length
 * and format) and pass the rest on. Matched on the normalised text padded with spaces.
 */
import type { QuestionTopic } from '../types.js';

const TOPICS: readonly [QuestionTopic, RegExp][] = [
  [
    'automated',
    / (?:real|actual|live) (?:person|human|people)| (?:a |an )?(?:robot|bot|machine|computer|recording|automated|automatic|ai|artificial)| are you (?:a )?(?:human|person|real)| (?:talking|speaking) to a (?:person|human)| is this a (?:person|human)| am i (?:talking|speaking) to (?:someone|somebody|anyone) real/,
  ],
  [
    'timezone',
    / (?:central|eastern|pacific|mountain|atlantic|alaska|hawaii|british|local|my|your|our) time | (?:uk|u k|london|england|greenwich|new york|east coast|west coast|chicago|california|us|european|standard|daylight|summer) time | time ?zones? | timezone | (?:est|edt|cst|cdt|pst|pdt|mst|mdt|gmt|utc|bst|cet) | (?:in|on) (?:my|your) time/,
  ],
  [
    'duration',
    / how long | how many (?:minutes|hours)| how much time | (?:take|last) (?:long|very long|a while)| long (?:is|will) (?:it|the interview)| how long s /,
  ],
  [
    'format',
    / (?:video|zoom|teams|skype|google meet|facetime|webcam|camera)| (?:by|on|over|via) (?:the )?phone | phone (?:call|interview) | in person | face to face | on site | onsite | remote(?:ly)? | online | virtual(?:ly)? | where (?:is|will) (?:it|the interview)| come (?:in|into) (?:the )?office | (?:what|which) (?:address|location)/,
  ],
  [
    'caller',
    / who (?:is|s) (?:this|calling|that|speaking)| who are you | who am i (?:talking|speaking) | (?:calling|ringing|phoning) from | (?:what|which) (?:company|firm|business|agency|organisation|organization)| what (?:is|s) (?:this|it|the call) (?:about|regarding|for)| what (?:job|position|role)| which (?:job|position|role)| (?:how|where) did you get (?:my|this) number/,
  ],
];

/** The topic of a question ('other' when none of the known ones). */
export function questionTopic(s: string): QuestionTopic {
  for (const [topic, rx] of TOPICS) if (rx.test(s)) return topic;
  return 'other';
}

/** Asks about something the caller can answer, even without a question word ("is that central time", "video?"). */
export function asksKnownTopic(s: string): boolean {
  return questionTopic(s) !== 'other';
}
