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
      / (?:a |an )?(?:robot|bot|machine|computer|recording|automated|automatic|ai|artificial)(?:s|ally)? /,
      / are you (?:a )?(?:human|person|real)| (?:talking|speaking) to a (?:person|human)| is this a (?:person|human)/,
      / am i (?:talking|speaking) to (?:someone|somebody|anyone) real/,
      / (?:talking|speaking|chatting) (?:to|with) (?:a |an )?(?:person|human|real|live|actual)| human being/,
    ),
  ],
  [
    'timezone',
    anyOf(
      / (?:central|eastern|pacific|mountain|atlantic|alaska|hawaii|british|local|my|your|our) time /,
      / (?:uk|u k|london|england|greenwich|new york|east coast|west coast|chicago|california|us|european) time /,
      / (?:standard|daylight|summer) time | time ?zones? | timezone | (?:est|edt|cst|cdt|pst|pdt|mst|mdt|gmt|utc|bst|cet) /,
      / (?:in|on) (?:my|your) time/,
      // "are those seattle times or arizona time": two places' times set against each other
      / (?:is|are) (?:that|this|these|those|it|they|the times) (?:in )?[a-z]+(?: [a-z]+)? times? or (?:[a-z]+ ){1,2}times? /,
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
    // Before 'format', which also hears "where is it": a job with a location answers with it.
    'location',
    anyOf(
      / where (?:is|will) (?:it|the interview)| where do i (?:go|need to go|have to go)| (?:what|which) (?:address|location)/,
      / (?:is|will) (?:it|the interview) (?:be )?(?:in|at) (?:the|your) office /,
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
      / who did you say (?:you (?:are|were|work for)|this (?:is|was)|it (?:is|was)|you (?:are|were) (?:calling|ringing|phoning))/,
      / who did you say (?:is|was) (?:calling|ringing|phoning|speaking|on the line)| who (?:is|was) (?:calling|ringing) (?:me|again)/,
      / who (?:are|were) you (?:calling|ringing|phoning) (?:for|from|on behalf)/,
    ),
  ],
  [
    'pay',
    / salary | salaries | compensation | wages? | pay range | hourly rate | what (?:does|will) (?:it|the (?:job|role|position)) pay /,
  ],
  [
    'role',
    anyOf(
      / (?:tell me|know) (?:a bit |a little |some(?:thing)? )?(?:more )?about the (?:job|role|position)/,
      / what (?:does|would|will) the (?:job|role|position) (?:involve|entail)| what would i be doing | responsibilities | job description /,
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
  // the job's hours and days, not the interview's length or format
  / (?:hours|days|shifts) (?:per|a|each) week | per week | (?:remote|office|home|onsite) days? | full ?time | part ?time /,
  / shifts? | rota | roster | overtime | weekends? (?:work|shifts?) /,
);

/** "how many hours is the job", "is the work remote": the question names the job, so its length or place is the job's. */
const NAMES_THE_JOB = / (?:the|this|that) (?:job|role|position|work) /;
/** Topics about the interview that, said of the job, are the recruiter's to answer. */
const INTERVIEW_TOPICS = new Set<QuestionTopic>(['duration', 'format', 'location', 'timezone']);

/** "is that miami time", "are those toronto time": a place's time asked about, by any place's name. */
const PLACE_TIME = new RegExp(
  ' (?:(?:is|are|was) (?:that|this|these|those|it|they|the times)(?: times?| ones?| slots?)?|' +
    '(?:this|that|these|those) (?:one|ones|times?|slots?)) (?:in )?([a-z]+(?: [a-z]+)?) time ',
);
/** Words that make "is that X time" about something else ("is that a good time", "is it the same time"). */
const NOT_A_PLACE = new Set(
  (
    'a an the good bad okay ok right best same only first last next free lunch break busy one enough real exact correct all any ' +
    'some more less full part over on in at up short long your my our their am pm o clock oclock still also really just'
  )
    .split(' ')
    .filter((w) => w !== ''),
);

function asksPlaceTime(s: string): boolean {
  const m = PLACE_TIME.exec(s);
  if (m === null) return false;
  return (m[1] ?? '').split(' ').every((w) => !NOT_A_PLACE.has(w) && !/^\d/.test(w));
}

/** The candidate's own shift ("i got a shift at two", "my night shift"): why they ask, not the job's shifts asked about. */
const OWN_SHIFT = / (?:i (?:have|got|have got|am on|am working|work|start)|my) (?:a |an |the |my )?(?:[a-z]+ )?shifts? /g;

/**
 * "do i need to bring anything for the video call", "what should i wear for the in person one": getting ready for
 * the interview, whatever its format; the recruiter's to answer, not the format's.
 */
const PREPARING =
  / (?:bring|bringing|prepare|preparing|prep|wear|wearing|dress|dressed|have ready|get ready|set up|download|install|read up|study) /;

/** The topic of a question ('other' when none of the known ones). */
export function questionTopic(s: string): QuestionTopic {
  const aboutInterview = s.includes(' interview ');
  if (ABOUT_THE_JOB.test(s.replace(OWN_SHIFT, ' ')) && !aboutInterview) return 'other';
  for (const [topic, rx] of TOPICS) {
    if (!rx.test(s)) continue;
    if (topic === 'format' && PREPARING.test(s)) return 'other';
    return INTERVIEW_TOPICS.has(topic) && NAMES_THE_JOB.test(s) && !aboutInterview ? 'other' : topic;
  }
  if (asksPlaceTime(s)) return 'timezone';
  return 'other';
}

/** Asks about something the caller can answer, even without a question word ("is that central time", "video?"). */
export function asksKnownTopic(s: string): boolean {
  return questionTopic(s) !== 'other';
}
