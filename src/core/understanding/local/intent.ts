/**
 * Phrase cues for intents, matched on the normalised text (" " + tokens.join(" ") + " ", contractions expanded).
 * Opt-out, wrong person, callback requests and job declines are compositional: opt-out.ts, wrong-person.ts,
 * callback.ts, decline.ts over lexicon.ts.
 */

const re = (src: string): RegExp => new RegExp(src);
const W = (alts: string): string => `(?:${alts})`;

/** Word lists shared by the cues below, as regex alternatives. */
const LATER_W =
  'a later time|later|another time|some other time|other time|another day|in the future|in a bit|in a while|a bit later|next time';
const OPTION_N =
  'times?|days?|slots?|options?|dates?|openings?|availability|choices?|ones?|suggestions?|ideas?|spots?|appointments?|windows?|' +
  'possibilities|alternatives?|places?|restaurants?|apartments?|salons?|dentists?|doctors?|properties|property|therapists?|' +
  'stylists?|units?|locations?|results?|recommendations?|homes?|buildings?|events?';
const OTHER_WEEK =
  'next week|the week after|the following week|later|earlier|the weekend|weekends|evenings|mornings|afternoons|' +
  'later in the week|later that week';
const PART_OF_WEEK =
  'weekend|weekends|evening|evenings|morning|mornings|afternoon|afternoons|night|week after|following week|next week|later|other days?';
const ANY_OPENING = 'anything|something|any time|any openings?|any slots?|any availability|availability|a slot|an opening|any times?';
const IT_WORKS =
  'works|would work|will work|should work|could work|is fine|is good|is great|sounds|is perfect|suits|is correct|is right|' +
  'is okay|is ok|is alright|does work|seems|looks|would be|will be|should be';
const ASKING_W =
  'what|where|when|who|whom|whose|which|why|how|is|are|does|do|did|can|could|will|would|should|may|was|were|has|have|am|any|anything';
/**
 * A cue list, matched on " a b c " (the normalised tokens padded with spaces): each alternative must start at a
 * token. An alternative written "^ x" only matches at the start of the utterance, one ending in "$" only at its end;
 * `trail` (" " or "") is required after every alternative. The anchored ones are grouped apart so that the regex
 * engine can still scan quickly for the others.
 */
const atEnd = (alt: string): string => {
  if (alt.endsWith(' ?$')) return alt.slice(0, -3) + '(?= $)';
  if (alt.endsWith(' $')) return alt.slice(0, -2) + '(?= $)';
  if (alt.endsWith('$')) return alt.slice(0, -1) + '(?= $)';
  return alt;
};
const cue = (alts: string[], trail = ''): RegExp => {
  const start = alts.filter((a) => a.startsWith('^ ')).map((a) => atEnd(a.slice(2)));
  const rest = alts.filter((a) => !a.startsWith('^ ')).map(atEnd);
  const parts: string[] = [];
  if (start.length > 0) parts.push(`^ (?:${start.join('|')})${trail}`);
  if (rest.length > 0) parts.push(` (?:${rest.join('|')})${trail}`);
  return new RegExp(parts.join('|'));
};

export const CALLBACK_SOFT = cue([
  `(?:maybe|perhaps|possibly|probably) (?:at |in |some )?${W(LATER_W)}`,
  `(?:at|in) a later ${W('time|date|point')}`,
  'some other time',
  'another time',
  'in a bit',
  'in a while',
  'a bit later',
  'some other day',
  `(?:let me|i will|i need to|i have to|i want to|i would like to|need to|have to) (?:think|sleep) (?:about it|on it|it over)`,
  `think about it`,
  `(?:not|no) (?:right )?now`,
  'not at the moment',
  'not at this moment',
  'not just yet',
  'not yet',
  'later on',
  'maybe later',
  `^ later `,
]);

/** Closing the call: stronger than a plain "thanks". */
export const BYE_STRONG = cue([
  'bye',
  'goodbye',
  'good bye',
  `that ${W('is|will be|would be|was|should be|be')} (?:all|it|everything)`,
  'nothing else',
  'nothing more',
  'that will do',
  `(?:do not|no) need (?:anything|any|something) (?:else|more)`,
  `(?:all|everything) (?:i need|i needed|i wanted)`,
  'all set',
  'i am good',
  'i am done',
  `have a ${W('good|nice|great|wonderful|lovely|blessed|pleasant')} ${W('day|one|night|evening|weekend|afternoon|morning')}`,
  'take care',
  'see you',
  'see ya',
  'see yeah',
  'talk to you',
  'be all',
  'that is it for',
  'i am set',
]);

export const THANKS = / (?:thank|thanks|thx|appreciate|grateful|obliged)/;

export const REQ_ALTS = cue([
  `(?:any|some|other|another|different|else|alternative|alternate|more|additional|new|else s|extra|fewer) ${W(OPTION_N)}`,
  `${W('anything|something|anyone|someone|anybody|somebody|what|who|where|nothing|any others|any other|any thing')} else`,
  `(?:any|some|the|how about|what about|what are|show me|give me|got|see|there) others`,
  `others (?:available|out there|around|you can)`,
  `none of (?:those|these|them|that|the|this)`,
  `neither (?:of|one|works|time|day|really|option|slot|is)`,
  `(?:something|anything|any time|a time|sometime|a slot|one) (?:a (?:bit|little) ` +
    `)?${W('later|earlier|else|different|next week|the following week|the week after')}`,
  `${W('find|get|search|look|suggest|recommend|show|give|offer')} (?:me |us )?(?:for )?(?:an?|some|another|other|something|any|more) ` +
    `${W('other|another|different|alternative|else|more|options|choices|others')}`,
  `(?:do|did|would|could|can) (?:you|they|we) (?:have|got|offer|find|` +
    `suggest)${W(' anything| something| any other| another| other| any more| more| any(?= $)| any other options')}`,
  `(?:are there|is there) (?:any |some )?${W('other|more|anything|alternatives|others|another|else|any more')}`,
  `(?:other|different|more|alternative) ${W('than|then')} (?:that|those|these)`,
  'look elsewhere',
  'other suggestions',
  `what (?:other|else|more)`,
  `^ (?:what )?(?:any )?(?:other|others|else|alternatives?) `,
  'do you have more',
  `(?:got|have) any other`,
  `(?:not|none) (?:of )?(?:those|them|these)`,
  'something different',
  'anything different',
  `what (?:are|else|other) (?:my|the)? ?(?:options|choices)`,
  `(?:someplace|somewhere|some place|some where) else`,
  'elsewhere',
  `${W('find|search|look|show|suggest|recommend|explore|check')} ` +
    `${W('me|us|for|in|again|around|more|some|something|someone|somewhere|a|an|another|other|apartments|restaurants|places')}`,
  `try (?:again|another|something|somewhere|a different)`,
  `keep (?:going|looking|searching)`,
  `any more`,
  `search`,
  `how about (?:a|an|some|something|somewhere|one) `,
  `what (?:times|days) (?:do you have|are|else|are available)`,
  `(?<!(?:the|that) )(?:earlier|later) (?:time|day|slot|date|option|one|in the week)`,
  'is that all you have',
  'only times',
  `do you have (?:anything|something|any) (?:available|open|free|on|for|at|in|later|earlier|$)`,
  `(?:an?|any|some) ${W('evening|morning|afternoon|weekend|night|earlier|later|saturday|sunday')} ` +
    `${W('slots?|times?|appointments?|openings?|options?|availability')}`,
  `nothing (?:a (?:bit|little) )?${W('earlier|later|sooner|before|after|in the|on the|next week|else|works|suits|fits|is good|good')}`,
  `^ (?:maybe |perhaps |or )?(?:something |anything )?(?:a (?:bit |little )?)?${W('earlier|sooner')}(?: maybe| perhaps| please| then|` +
    ` instead)?$`,
  `(?:what|how) about ${W(OTHER_WEEK)}`,
  `${W(ANY_OPENING)} (?:on|in|at|during|over|for|from) (?:the |a )?${W(PART_OF_WEEK)}`,
  `(?:is there|are there|have you got|do you have|you have|you got) nothing`,
  // not "whichever is later in the day": an order among the day's slots
  `(?<!(?:whichever|whatever|which ever) (?:is |one is )?)(?:earlier|later|sooner) in the ${W('day|afternoon|morning|evening|week|month')}`,
  `(?:do|make|have|move|push|schedule) it (?:a (?:bit|little) )?${W('earlier|sooner')}`,
]);

export const GOODBYE = cue([
  `bye`,
  'goodbye',
  'good bye',
  'see you',
  'see ya',
  `talk (?:to you )?(?:soon|later)`,
  'ttyl',
  'cheers',
  `have a ${W('good|nice|great|wonderful|lovely|blessed|pleasant')} ${W('day|one|night|evening|weekend|afternoon|morning')}`,
  'take care',
  `that ${W('is|will be|would be|was|should be|be')} (?:all|it|everything)`,
  `(?:all|everything) (?:i need|i needed|set|good|for now|for today)`,
  `i am ${W('good|done|all set|set|fine')} (?:now|thanks|thank you|for now|for today|$)`,
  'nothing else',
  'nothing more',
  `that is (?:all|it) for`,
  `thank`,
  `thanks`,
  `appreciate`,
  `(?:that|this) (?:was|is|has been) (?:very |so |really )?helpful`,
  `that will do`,
  `be all`,
  `good night`,
  `you have been (?:very |so |a great |a big )?help`,
  `what would i do without you`,
  'you are (?:the best|awesome|great|a lifesaver)',
  'good to know',
  'that is great to know',
  'that helps',
  'you rock',
  'much obliged',
  'great job',
  'well done',
  'very kind',
]);

/** Strong acceptance: says yes to what was offered or read back. */
export const ACCEPT_STRONG = cue(
  [
    'yes',
    'yeah',
    'yep',
    'yup',
    'yess',
    'yea',
    '(?<!not |so )sure',
    'absolutely',
    'definitely',
    'certainly',
    'of course',
    'correct',
    'exactly',
    'perfect',
    'affirmative',
    'indeed',
    'precisely',
    'agreed',
    'deal',
    'mhm',
    `(?:that|this|it|which|either|both|anything|any) ${W(IT_WORKS)}`,
    `(?:sounds|looks|seems) ` +
      `${W('good|great|fine|perfect|okay|right|correct|lovely|wonderful|excellent|awesome|nice|about right|like a plan')}`,
    `works (?:for me|for us|great|fine|well|perfectly)`,
    'works(?= $)',
    `(?:let us|lets|we can|i can|i could|i will|i would|go ahead and|i shall) ` +
      `${W('do|take|book|go with|make|grab|confirm|schedule|lock')} (?:it|that|this|one|the)`,
    `book ${W('it|me|that|this|the|them|a|an')}`,
    'go ahead',
    'please do',
    'do it',
    `i will take`,
    `i would take`,
    `i am in `,
    'count me in',
    'sign me up',
    `(?:i am|i would be) (?:available|free|good|fine|okay|happy|glad|down)`,
    'i would like that',
    'i would love',
    'why not',
    'no problem',
    'no worries',
    'that one',
    `(?:that|the) (?:first|second|third|last|earlier|later|morning|afternoon) one`,
    `^ (?:okay|alright|fine|great|good|cool|awesome|wonderful|excellent|perfect|lovely|nice|amazing) (?:that|it|then|sounds|with me|` +
      `by me|for me|let us|lets|do|book|please|go|yes|i will)`,
    'fine by me',
    'fine with me',
    'good with me',
    'okay with me',
    'okay by me',
    'sure thing',
    // informal and regional: "righto", "too right", "nae bother" (read "no bother"), a lone "bet"
    'righto',
    'too right',
    'no bother',
    '^ bet(?: then| yeah)?$',
    // South African "ja", "yebo"; Singlish "can", "ok can", "can lah" (a whole reply)
    'ja',
    'yebo',
    '^ (?:okay |ok |yes |yeah )?can(?: can| lah| one| do)*(?: lah| la| leh)?$',
    'i confirm',
    'confirmed',
    `that is (?:exactly )?what i (?:want|need|wanted|asked)`,
    'permission',
    'granted',
    'approved',
    `sounds (?!bad|terrible|awful|wrong)\\w+`,
    `(?:that|this|it) (?:all )?sounds`,
    'reserve it',
    'schedule it',
    'lock it in',
    'make it so',
    'spot on',
    'bang on',
    `(?:i |yes i |yeah i )?(?:suppose|guess|think|reckon) so`,
    'that is the one',
    `(?:is|that is|it is) right`,
    `you got it`,
    `you bet`,
    'right on',
    'for sure',
    'can make it',
    'can do that',
    'can do it',
    'make that work',
  ],
  ' ',
);

/** Weak acceptance: positive but could be a pleasantry ("great", "okay"). */
export const ACCEPT_WEAK = cue(
  [
    'okay',
    'alright',
    'all right',
    'fine',
    'great',
    'good',
    'cool',
    'awesome',
    'amazing',
    'excellent',
    'wonderful',
    'fantastic',
    'lovely',
    'brilliant',
    'nice',
    'right',
    'i see',
    'got it',
    'understood',
    'gotcha',
    'fair enough',
    'sweet',
    'splendid',
    'superb',
    'i guess',
    'probably',
    'that should',
    'please',
    'ideal',
    'terrific',
    'neat',
    'works',
    'work for me',
  ],
  ' ',
);

export const NO_WORDS = cue(
  [
    'no',
    'nope',
    'nah',
    'negative',
    'not really',
    'i do not think so',
    `(?:i|we) (?:can not|will not|could not|would not be able to|am not able to) ${W('make|do|come|attend|go|be there|take')}`,
    `(?:does not|do not|will not|would not|is not going to|not going to|can not|is not gonna|not gonna) (?:really )?(?:work|suit|fit)`,
    'not available',
    'unavailable',
    `not (?:a )?(?:good|great)`,
    'none of',
    'neither',
    'never mind',
    'nevermind',
    'rather not',
    'not necessary',
    `(?:do not|no need to) (?:want|need|add|book|bother|schedule|reserve|make|put|have|think)`,
    'skip',
    'hold off',
    'not for now',
    'not today',
    'not at this time',
    'not interested',
    'wrong',
    'incorrect',
    'not right',
    'not correct',
    'mistake',
    `^ i (?:do|would|will|can) not $`,
    `(?:does|do|did|will|would) not $`,
    `^ i can not`,
    `can not $`,
    `(?:sorry|afraid) (?:i|we) (?:can not|will not|could not)`,
    `^ i am busy`,
    'not possible',
    'impossible',
    'i am not free',
    'i am busy',
    'not that',
    'not quite',
    `not (?:sure about|so sure)`,
  ],
  ' ',
);

export const QUESTION = re(
  W(
    [
      // plain substrings: this list is not token-aligned
      `^ ${W(ASKING_W)} `,
      `(?:tell|let) me (?:know )?${W('the|their|your|about|what|where|how|who|if|more')}`,
      `(?:i|we) (?:want|would like|need|wanted|d like|would love) to (?:know|ask|find out|check|confirm|get)`,
      'wondering',
      'curious',
      'question',
      `(?:can|could|may) (?:i|you) ask`,
      `(?:can|could|would) you (?:tell|give|send|get|provide|share|find|check|confirm|let)`,
      'do you know',
      `what ${W('is|are|was|about|kind|type|sort|time|company|job|position|role|does|do')}`,
      `how ${W('much|long|many|far|does|do|is|are|did|about')}`,
      `(?:is|are) (?:it|this|that|they|there|the) `,
      'address',
      'phone number',
      'contact number',
      'their number',
      'salary',
      'pay ',
      'paid',
      'remote',
      'location',
      'rating',
      'website',
      'e mail',
      'email',
      'who is this',
      'who are you',
      'who is calling',
      'what company',
      'which company',
      'benefits',
      'dress code',
      'parking',
      'uniform',
      'wages?',
      'overtime',
      'pension',
      'start date',
      // "if i get the job when i would start", "when do we begin": asks when, without a question word first
      `(?:when|how soon) (?:(?:would|will|do|does|can|could|should|shall) )?(?:i|we) ` +
        `(?:(?:would|will|do|could|can|should|shall|be able to|get to) )?(?:start|begin|hear|know|find out|get paid|be paid|be told)`,
      'hybrid',
      'in person',
      'zoom',
      'video',
      `give me (?:the|their|your|a|an)`,
      `(?:get|want|need) (?:the|their|your) ${W('address|number|phone|rating|email|website|details|info')}`,
    ].join('|'),
  ),
);

export const UNCLEAR = cue([
  'sorry what',
  'what was that',
  `^ (?:what|huh|pardon|sorry|hello|hi|hey|excuse me)(?: what)? $`,
  'say that again',
  `repeat (?:that|it|the|yourself|please|again|those|them)`,
  `can you repeat`,
  'come again',
  'did not (?:catch|hear|get) (?:that|you|it|what)',
  'could not hear',
  'can not hear',
  'breaking up',
  'bad connection',
  'one more time',
  `^ (?:hold on|hang on|wait|one (?:second|sec|moment|minute)|just a (?:second|sec|moment|minute))(?: a (?:second|sec|moment|` +
    `minute))?(?: please| sorry| okay| let me (?:think|check|see|look))*$`,
  `i am not sure`,
  `^ maybe $`,
  `^ i do not know`,
  'let me (?:check|think|look)',
]);

/** Asks the caller to wait, and nothing more ("one moment please", "hang on a sec"). */
export const HOLD = cue([
  `^ (?:hold on|hang on|wait|one (?:second|sec|moment|minute)|just a (?:second|sec|moment|minute)|give me a (?:second|sec|moment|` +
    `minute))(?: a (?:second|sec|moment|minute))?(?: please| sorry| okay| let me (?:think|check|see|look))*$`,
]);

/** Asks to hear the offer again, or could not hear: not an answer, whatever else it names ("what was that last one"). */
export const REPEAT = cue([
  `^ (?:wait |sorry |so |okay |and )?(?:what|which) (?:was|were|did you say) (?:that|the|those|these|it) (?:(?:first|second|third|` +
    `fourth|last|earlier|later|monday|tuesday|wednesday|thursday|friday|saturday|sunday) )?(?:one|ones|times?|days?|options?|slots?|` +
    `dates?|again)(?: again)?$`,
  `what did you say(?: again)?$`,
  `(?:can not|could not|can barely|can hardly) hear`,
  `you (?:cut|are cutting|broke|are breaking|keep cutting) (?:out|up)`,
  `(?:say|repeat) (?:that |it |those |them |the times |the days )?(?:again|one more time)`,
  'come again',
  'you lost me',
  'did not (?:catch|hear|get) (?:that|you|it|what|the)',
]);

/** Any of the offered slots will do ("either works", "whichever", "I don't mind"). */
export const ANY_SLOT = cue([
  `(?:any|either|whichever|whatever|all|both) (?:of (?:those|them|these|the \\w+) |one |time |day |slot |option |ones )?(?:of those |` +
    `of them )?(?:is |are |would |will |should |seems |sounds )?(?:be |really ` +
    `)?${W('fine|good|great|okay|alright|ok|works|work|suits|suit|perfect|do')} `,
  `(?:do not|does not|not) (?:really )?(?:mind|care|matter)(?: which| what| when| really)?(?: one| day| time)?(?: to me| for me| ` +
    `either way)?(?: whichever| whatever| either way)?$`,
  `(?:do not|does not|not) (?:really )?(?:mind|care|matter) (?:which|what day|what time|when)`,
  `not (?:bothered|fussed|picky|particular|fussy)`,
  'no preference',
  `i am (?:easy|flexible|open)`,
  `(?:it is )?up to you`,
  `(?:you|you can) (?:choose|pick|decide)`,
  `your (?:call|choice)`,
  `^ (?:whichever|whatever)(?: one| is| you)?`,
  `whatever (?:works|is (?:easiest|best|good|fine|open|available|soonest|earliest)|you (?:have|want|think|prefer))`,
]);
