/**
 * What a question is about, so the caller can answer what it knows (the company, the zone, the interview's length
 * and format) and pass the rest on. Matched on the normalised text padded with spaces.
 */
import type { QuestionTopic } from '../types.js';

/** One regex from several alternatives, so each stays readable (the parts are whole top-level alternatives). */
const anyOf = (...parts: RegExp[]): RegExp => new RegExp(parts.map((p) => p.source).join('|'));

const TOPICS: readonly [QuestionTopic, RegExp][] = [
  [
    'automated',
    anyOf(
      / (?:real|actual|live) (?:person|human|people)/,
      / (?:a |an )?(?:robot|bot|machine|computer|recording|automated|automatic|ai|artificial)/,
      / are you (?:a )?(?:human|person|real)| (?:talking|speaking) to a (?:person|human)| is this a (?:person|human)/,
      / am i (?:talking|speaking) to (?:someone|somebody|anyone) real/,
    ),
  ],
  [
    'timezone',
    anyOf(
      / (?:central|eastern|pacific|mountain|atlantic|alaska|hawaii|british|local|my|your|our) time /,
      / (?:uk|u k|london|england|greenwich|new york|east coast|west coast|chicago|california|us|european) time /,
      / (?:standard|daylight|summer) time | time ?zones? | timezone | (?:est|edt|cst|cdt|pst|pdt|mst|mdt|gmt|utc|bst|cet) /,
      / (?:in|on) (?:my|your) time/,
      / (?:is|are|was) (?:that|this|these|those|it|they|the times)(?: in)? (?:central|eastern|pacific|mountain|atlantic|alaska|hawaii)\b/,
      / (?:central|eastern|pacific|mountain|atlantic) (?:times?|zone) | (?:what|which) zone | zone (?:is|are) /,
      / (?:times?|those|these|they) (?:in |on )?(?:central|eastern|pacific|mountain|atlantic)\b/,
    ),
  ],
  [
    'duration',
    anyOf(
      / how long | how many (?:minutes|hours)| how much time | (?:take|last) (?:long|very long|a while)/,
      / long (?:is|will) (?:it|the interview)| how long s /,
    ),
  ],
  [
    'format',
    anyOf(
      / (?:video|zoom|teams|skype|google meet|facetime|webcam|camera)| (?:by|on|over|via) (?:the )?phone | phone (?:call|interview) /,
      / in person | face to face | on site | onsite | remote(?:ly)? | online | virtual(?:ly)? /,
      / where (?:is|will) (?:it|the interview)| come (?:in|into) (?:the )?office | (?:what|which) (?:address|location)/,
    ),
  ],
  [
    'caller',
    anyOf(
      / who (?:is|s) (?:this|calling|that|speaking)| who are you | who am i (?:talking|speaking) | (?:calling|ringing|phoning) from /,
      / (?:what|which) (?:company|firm|business|agency|organisation|organization)/,
      / what (?:is|s) (?:this|it|the call) (?:about|regarding|for)| what (?:job|position|role)| which (?:job|position|role)/,
      / (?:how|where) did you get (?:my|this) number/,
    ),
  ],
];

/**
 * About the job, not the interview: "is the position remote", "is the role hybrid", "do i need to relocate". The
 * caller cannot answer these, so they go to the recruiter ('other'), not to the interview's format.
 */
const ABOUT_THE_JOB = anyOf(
  / (?:job|position|role|post|work|working) (?:itself )?(?:be |is )?(?:fully |mostly |partly |partially |all )?(?:remote|hybrid)/,
  / (?:job|position|role|post|work) (?:is |be )?(?:in person|on site|onsite|in the office|in office|office based|from home)/,
  / (?:remote|hybrid|office based|on site|onsite|work from home) (?:job|position|role|post)/,
  / hybrid | relocat| move (?:for|to|house|cities|city|states?) | work from home | working from home | wfh /,
);

/** The topic of a question ('other' when none of the known ones). */
export function questionTopic(s: string): QuestionTopic {
  if (ABOUT_THE_JOB.test(s) && !s.includes(' interview ')) return 'other';
  for (const [topic, rx] of TOPICS) if (rx.test(s)) return topic;
  return 'other';
}

/** Asks about something the caller can answer, even without a question word ("is that central time", "video?"). */
export function asksKnownTopic(s: string): boolean {
  return questionTopic(s) !== 'other';
}
