/**
 * Callback: the candidate asks to be called at another time ("ring me tomorrow", "can we pick this up on saturday") or
 * says they cannot talk now ("i'm driving", "bad time").
 */
import { callbackTime } from './callback-time.js';
import { L, P, chain, within, negatedBefore, notNegated, TIME_N, END_OK, WEEKDAYS, type Toks, words } from './lexicon.js';

const CALL_V = L(
  'call, ring, phone, give me a call, give me a ring, give me a shout, give me a buzz, give me a bell, give us a call, give us a ' +
    'ring, gimme a call, call back, ring back, phone back, get back to me, get back to you, get back with me, hit me back, hit me up, ' +
    'holler, buzz me',
);
const REACH_V = L(
  'try, trying, reach, reaching, catch, catching, hit, hitting, buzz, buzzing, get hold of, getting hold of, contact, contacting, ' +
    'ping, pinging, text, texting, ring, ringing, calling, phoning, bell, belling',
);
/** Getting in touch without "me": "reach out tomorrow evening", "get in touch after work", "follow up next week". */
const TOUCH_V = L(
  'reach out, reaching out, get in touch, getting in touch, get back in touch, be in touch, touch base, follow up, following up, ' +
    'check back, checking back, circle back',
);
const TOUCH_OBJ = L('with me, to me, with us, to us, me, us, again');
const OBJ = L('me, us, you, me back, us back, you back, back, me again, again, us again, back to me');
const SOFT = L('please, maybe, just, sometime, some time, perhaps, if you can, if possible, if that is okay, instead');
const LATER = L(
  `later, later on, round, around about, sometime, some time, closer to, towards, toward, later today, later this week, after hours, ` +
    `after five, after dinner, after the weekend, end of the day, end of day, first thing, tomorrow evening, tomorrow morning, ` +
    `tomorrow afternoon, tomorrow night, a bit later, another time, another day, some other time, other time, a different time, a ` +
    `different day, some other day, tomorrow, tonight, this evening, this afternoon, this morning, next week, next month, this weekend,` +
    ` on the weekend, over the weekend, in a bit, in a while, in an hour, in a few, in a minute, in a couple, in half an hour, in, ` +
    `after, afterwards, once, when, whenever, around, at, between, before, by, on, back, again, in the morning, in the afternoon, in ` +
    `the evening, at night, after work, after lunch, after school, next, ${WEEKDAYS}`,
);
const LATER_STRICT = L(
  `once i am, once i get, once i have, once i finish, once we are, once i am back, as soon as i am, as soon as i get, as soon as i ` +
    `have, the moment i am, when i get back, later, later on, a bit later, another time, another day, some other time, other time, a ` +
    `different time, a different day, some other day, tomorrow, tonight, this evening, this afternoon, next week, next month, this ` +
    `weekend, in a bit, in a while, in an hour, in a few, in half an hour, in, after, when, whenever, at a better time, when i am free,` +
    ` another`,
);
/** "once / when / after i'm back | home | free | off | done": a later time named by the candidate's state. */
const BACK_WHEN = L(
  'once i am, when i am, after i am, as soon as i am, the moment i am, once i get, when i get, after i get, as soon as i get, once i ' +
    'have, when i have, once i finish, when i finish, once we are, when we are, once i am back, when i am back, when i get back, once ' +
    'i get back, once i get home, when i get home, once i am home, when i am home, once i am free, when i am free, once i am off, when ' +
    'i am off, once i am done, when i am done',
);
/** A later day or time for the postponed call ("on saturday", "tomorrow", "after the weekend", "at four"). */
const POSTPONE_WHEN = L(
  `on, at, after, later, later on, tomorrow, tonight, this evening, this afternoon, next week, the weekend, over the weekend, on the ` +
    `weekend, in a bit, in a while, in an hour, another time, another day, some other time, a different day, when, once, ${WEEKDAYS}`,
);
const POSTPONE_V = L(
  'talk, speak, chat, do this, do it, continue, discuss, finish this, go over this, wait, pick this up, pick it up, pick things up, ' +
    'circle back, reconnect, touch base, sort this out, deal with this, sort it, get into this, resume, resume this, carry on, carry ' +
    'this on, carry on with this, continue this, continue this conversation, finish up, revisit, revisit this, pick up where we left ' +
    'off, take this up, take it up, have this conversation, have this chat, go through this',
);
/** The candidate can't talk now: "now's really awkward", "bad time right now", "i'm driving at the moment". */
function notNowState(t: Toks): boolean {
  if (CANT_TALK.has(t) || chain(t, [P(BAD_TIME)], notNegated(t, 1)) >= 0 || chain(t, [P(NOW_W), P(NOT_GOOD, 0)]) >= 0) return true;
  if (chain(t, [P(NOW_W), P(IS_IS_REALLY, 0, true), P(AWKWARD_A_BIT_AWKWARD, 0)]) >= 0) return true;
  // "i'm driving right now", "i'm slammed at the moment": busy, with a "now" marker (not "i'm busy on monday")
  return NOW_W.has(t) && !t.some((w) => WEEKDAY_SET.has(w)) && callbackState(t);
}
const WEEKDAY_SET = new Set(WEEKDAYS.split(', '));
const I_WILL = L(
  'i will, i can, let me, i would, i will have to, i need to, i have to, i am going to, i should, can i, could i, may i, i will just,' +
    ' i must',
);
const BUSY = L(
  'busy, asleep, napping, in bed, tied up, swamped, slammed, occupied, snowed under, flat out, indisposed, caught up, preoccupied, ' +
    'in the middle, in the middle of, run off my feet, up to my eyes, not free, unavailable right now, not available right now, not ' +
    'available at the moment, with a customer, with a client, with a patient, with someone, with my kids, with the kids, with the baby,' +
    ' with a student, with customers, with clients, with patients, on shift, on the clock, on a call, on another call, on the other ' +
    'line, on the phone, on a job, on a job site, on the job, on site, on my lunch, on my break, on a break, on break, on duty, on the ' +
    'road, on the way, on my way, on a plane, on a train, on the bus, on the train, on the tube, about to, heading into, heading out, ' +
    'walking into, walking in, going into, pulling into, pulling in, just pulling, in a meeting, in class, in a lecture, in the shower,' +
    ' in traffic, in the car, in surgery, in church, in the hospital, in hospital, out and about, outside, driving, cooking, feeding, ' +
    'eating, working, boarding, walking, running, rushing, dropping, picking, shopping, sleeping, showering, teaching, babysitting, ' +
    'commuting, travelling, traveling, flying, exercising, training, studying, presenting, putting, getting, changing, bathing, at',
);
const I_AM = L(
  'i am, i am just, i am currently, i am literally, i am actually, i am still, i am right, i am really, i am a bit, i am so, i am ' +
    'very, i am pretty, currently, just, we are, i am out, i am kind, i am sort',
);
/** Things you can be "at" that do not mean busy elsewhere ("i'm at a loss", "i'm at your disposal"). */
const AT_NOT = L(
  'a loss, your service, your disposal, home, liberty, the end, least, all, it, that, this, your, a point, the point, my desk, my ' +
    'computer, the moment, the minute',
);
const BAD_TIME = L(
  'not a good time, not a great time, not the best time, not a good moment, not a great moment, not the best moment, not good timing,' +
    ' not great timing, not a convenient time, not convenient, bad time, a bad time, a bad moment, bad moment, bad timing, terrible ' +
    'time, terrible timing, awful time, awful timing, inconvenient time, an inconvenient time, rough time, tough time, not ideal, not ' +
    'really a good time, not really convenient, really a bad time, a terrible time, an awkward time, awkward time, awkward moment, not ' +
    'a good day, not the right time, not the right moment, bad day',
);
const NOW_W = L(
  'now, right now, today, at the moment, this moment, at the minute, currently, this minute, just now, this time, the moment, tonight',
);
const NOT_GOOD = L(
  'not great, not ideal, not convenient, not the best, not a good time, not really good, is not good, is not great, is bad, is ' +
    'really bad, is terrible, is awful, is not a good, is not ideal, is no good, is not convenient, is inconvenient, is rough, is ' +
    'tough, is hard, not good, no good, bad, does not work, is not working, will not work',
);
const CANT_TALK = L(
  'can not talk, can not speak, can not chat, can not really talk, can not really speak, can not take this, can not do this now, can ' +
    'not do this right now, unable to talk, not able to talk, can not talk right now, no time to talk, no time right now, do not have ' +
    'time right now, do not have time now, do not have time to talk, have no time right now',
);

/** "call" / "phone" as a verb, not negated ("not the phone at the property", "don't call back later"). */
const DET = words('the a an my your their his her this that what which our phone conference video zoom');
const isVerb =
  (t: Toks) =>
  (s: number): boolean =>
    !DET.has(t[s - 1] as string) && !(negatedBefore(t, s, 3) && !otherVerbBetween(t, s, 3));
/** "can't really chat ring me when i'm home": the negation belongs to another verb, not to the call. */
const OTHER_VERB = new Set(['chat', 'talk', 'speak', 'answer', 'hear', 'stay', 'listen', 'now', 'moment', 'today']);
function otherVerbBetween(t: Toks, s: number, w: number): boolean {
  for (let j = Math.max(0, s - w); j < s; j++) if (OTHER_VERB.has(t[j] as string)) return true;
  return false;
}

const NUM_W = L('5, 10, 15, 20, 30, 45, five, ten, fifteen, twenty, thirty, forty five, a few, few, couple, 2, two, 3, three');

const ASKS = new Set(['do', 'does', 'did', 'should', 'who', 'what', 'where', 'which', 'how', 'whom']);
const asks = (t: Toks): boolean => ASKS.has(t[0] as string) && t[1] !== 'not' && !(t[0] === 'do' && t[1] === 'you' && t[2] === 'mind');

const RETRY_V = L(
  'give it, give this, give us, give me, give this number, give the number, give my number, give my phone, have, try, try it, try ' +
    'this number, try the number, try my number, try this phone, try my phone, try my cell, try calling, try ringing, try phoning, try ' +
    'giving me',
);
const RETRY_OBJ = L(
  'another go, another try, another shot, another ring, another call, another bash, another whirl, another crack, another buzz, one ' +
    'more go, one more try, a go, a try, a ring, again, back, once more, one more time, a call',
);

/** A polite ask ("could you", "would you mind", "please"): with a call-again verb, a request for a callback. */
const POLITE_ASK = L(
  'could you, can you, would you, will you, would you mind, do you mind, would it be possible to, is it possible to, could ya, can ' +
    'ya, if you could, if you can, you could, you can, maybe you could, please, mind',
);
const RECALL_V = L(
  'call, calling, ring, ringing, phone, phoning, try calling, try ringing, try phoning, try me, try us, give me a call, give me a ' +
    'ring, give us a call, give us a ring, reach me, reach out, get in touch',
);
const RECALL_AGAIN = L(
  'again, back, me again, me back, us again, us back, once more, another time, some other time, another day, later, later on, a bit ' +
    'later, tomorrow, tonight',
);
/** "give it another shot", "give me a ring": a try at the call itself (not "try booking again", a retried booking). */
const GIVE_IT = L(
  'give it, give this, give us, give me, give this number, give the number, give my number, give my phone, give my cell, have',
);
const ANOTHER_GO = L(
  'another go, another try, another shot, another ring, another call, another bash, another whirl, another crack, another buzz, one ' +
    'more go, one more try, one more shot, a ring, a call, a buzz, a bell, a shout',
);
/** Trying the candidate on a named line ("try my cell later in the day", "try this number again tomorrow"). */
const TRY_ME = L(
  'try me, try us, try my cell, try my mobile, try my phone, try my number, try my other number, try my work number, try my home ' +
    'number, try my landline, try this number, try the number, try my cell phone, try calling me, try ringing me, try phoning me, try ' +
    'calling, try ringing, try phoning',
);

/** An explicit request to be called at another time ("ring me tomorrow", "hit me back in twenty minutes"). */
/** A clock time or a weekday starting a word: "touch base round half three", "get in touch monday". */
const WHEN_WORD =
  /^(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|noon|monday|tuesday|wednesday|thursday|friday|saturday|sunday)/;

/** Small classes of the rules below. */
const IS_IS_REALLY = L('is, is really, is a bit, is kind of, is just, really, a bit');
const AWKWARD_A_BIT_AWKWARD = L(
  'awkward, a bit awkward, really awkward, tricky, difficult, hard, hectic, crazy, mad, manic, busy, impossible, rough, bad',
);
const DO_NOT_PLEASE_DO_NOT = L('do not, please do not, no');
const CALL_RING = L('call, ring, phone');
const ME_US = L('me, us');
const BEFORE_UNTIL = L('before, until, till, til, earlier than, any earlier than');
const BACK = L('back');
const THEN = L('then');
const GIVE_ME_GIVE_US = L('give me, give us, gimme');
const A_FEW_A_COUPLE = L('a few, a couple, a couple of, some, half an, an, another');
const MINUTES_MINS = L('minutes, mins, hours, hour, min');
const YOU_YA = L('you, ya');
const TRY_CALL = L('try, call, ring, phone, reach');
const AGAIN_BACK = L('again, back, us, me');
const TRY_AGAIN_TRY_BACK = L('try again, try back');
const TONIGHT_TOMORROW = L(
  'tonight, tomorrow, later, later on, this evening, this afternoon, in a bit, in an hour, in a while, another day, another time',
);
const ME_US_ME_BACK = L('me, us, me back, us back, me again, us again, back');
const ME_BACK_US_BACK = L('me back, us back, back, me up');
const PLEASE = L('please');
const TRY_AGAIN_TRY_BACK_TRY_LATER = L(
  'try again, try back, try later, trying again, trying back, trying later, try it again, trying it again, try this again, trying ' +
    'this again',
);
const TRY_TRYING = L('try, trying, try it, trying it, try this, trying this, try me, have a go, give it a go, try calling, try ringing');
const AGAIN_BACK_LATER = L('again, back, later, once more');
const THIS_IT = L('this, it, that, about this, about it, this conversation, the conversation, where we left off, this call');
const PLEASE_MAYBE = L('please, maybe, just, perhaps');
const AGAIN_BACK_INSTEAD = L('again, back, instead');
const YOU_YA_YOU_GUYS = L('you, ya, you guys, yall, you all');
const THIS_IT_THAT = L('this, it, that, about this, about it');
const LATER_LATER_ON = L(
  'later, later on, another time, some other time, another day, a different day, a different time, tomorrow, tonight, this evening, ' +
    'next week, in a bit, in a while, in an hour, till, until, til, when i am, when i get, after work, after lunch, at a better time, ' +
    'some other day',
);
const SORRY_SORRY_I_AM = L('sorry, sorry i am, sorry but i am, i am sorry i am, i am sorry but i am');

export function callbackRequest(t: Toks): boolean {
  // "do i need to call back", "who do i call if i'm late": asks about calling, not to be called
  if (asks(t)) return false;
  // "don't call me before noon": a time for the call, so a call later
  if (chain(t, [P(DO_NOT_PLEASE_DO_NOT), P(CALL_RING, 1), P(ME_US, 0, true), P(BEFORE_UNTIL)]) >= 0) return true;
  // "call me back", "ring me tomorrow", "give me a call after five", "phone tomorrow around noon"
  if (chain(t, [P(CALL_V), P(OBJ), P(SOFT, 1, true), P(LATER, 0)], isVerb(t)) >= 0) return true;
  if (chain(t, [P(CALL_V), P(OBJ, 0, true), P(SOFT, 2, true), P(LATER_STRICT, 0)], isVerb(t)) >= 0) return true;
  // "friday afternoon would be better, give me a call then": the time was said before the call
  if (chain(t, [P(CALL_V), P(OBJ, 0, true), P(THEN)], (s, e) => isVerb(t)(s) && e >= t.length) >= 0) return true;
  // "call back", "could you call back around four", "give me 20 minutes and call back"
  if (chain(t, [P(CALL_RING), P(ME_US, 0, true), P(BACK)], isVerb(t)) >= 0) return true;
  if (chain(t, [P(GIVE_ME_GIVE_US), P(A_FEW_A_COUPLE, 0, true), P(NUM_W, 0, true), P(MINUTES_MINS, 0)]) >= 0) return true;
  // "can you try tomorrow", "could you ring tonight": the caller tries, so a call
  if (chain(t, [P(YOU_YA), P(TRY_CALL), P(AGAIN_BACK, 0, true), P(SOFT, 1, true), P(LATER_STRICT, 0)]) >= 0) return true;
  if (chain(t, [P(TRY_AGAIN_TRY_BACK), P(TONIGHT_TOMORROW, 2)], (s, e) => !t.slice(s, e).includes('about')) >= 0) return true;
  // "try me again on saturday", "reach me next week", "catch me this evening", "hit me back", "try again in ten minutes"
  if (chain(t, [P(REACH_V), P(ME_US_ME_BACK), P(SOFT, 1, true), P(LATER, 1)], notNegated(t, 3)) >= 0) return true;
  if (chain(t, [P(REACH_V), P(ME_BACK_US_BACK), P(PLEASE, 0, true)], (s, e) => e >= t.length && !negatedBefore(t, s, 3)) >= 0) return true;
  if (chain(t, [P(TRY_AGAIN_TRY_BACK_TRY_LATER), P(LATER_STRICT, 1)]) >= 0) return true;
  // "do you mind trying again once i'm back at my desk", "try again when i'm home": a later time marked by the candidate
  // being back / free / off (not "try again for 5:30", a retried booking)
  if (chain(t, [P(TRY_TRYING), P(AGAIN_BACK_LATER, 1), P(SOFT, 1, true), P(BACK_WHEN, 1)]) >= 0) return true;
  // "now's really awkward can we pick this up on saturday", "i'm driving, can we continue tomorrow":
  // not now + carry the call on at a later day or time
  if (
    chain(
      t,
      [P(POSTPONE_V), P(THIS_IT, 0, true), P(SOFT, 1, true), P(POSTPONE_WHEN, 1)],
      (s) => !negatedBefore(t, s, 2) && notNowState(t.slice(0, s)),
    ) >= 0
  )
    return true;
  // "reach out tomorrow evening please", "can you get in touch after work", "touch base round half three"
  if (
    chain(
      t,
      [P(TOUCH_V), P(TOUCH_OBJ, 0, true), P(SOFT, 1, true), P(LATER, 1)],
      (s, e) =>
        (!negatedBefore(t, s, 3) &&
          !(t[e - 1] === 'on' || t[e - 1] === 'at' || t[e - 1] === 'by' || t[e - 1] === 'back' || t[e - 1] === 'again')) ||
        LATER_STRICT.at(t, e) >= 0 ||
        (e < t.length && WHEN_WORD.test(t[e] as string)),
    ) >= 0
  )
    return true;
  // "give it another go in twenty minutes", "try this number again tomorrow", "have another try after lunch"
  if (
    chain(
      t,
      [P(RETRY_V), P(RETRY_OBJ, 2), P(SOFT, 1, true), P(LATER_STRICT, 1)],
      (s, e) => !negatedBefore(t, s, 3) && !(t[e - 1] === 'another' && TIME_N.at(t, e) < 0),
    ) >= 0
  )
    return true;
  // "could you give it another shot around lunchtime", "would you mind calling again once i'm off work",
  // "can you try my cell later in the day": a polite request that the caller call again is a callback, not a question
  if (chain(t, [P(POLITE_ASK), P(PLEASE_MAYBE, 0, true), P(RECALL_V, 1), P(RECALL_AGAIN, 2)], (s) => !negatedBefore(t, s, 2)) >= 0)
    return true;
  if (
    chain(
      t,
      [P(POLITE_ASK), P(PLEASE_MAYBE, 0, true), P(GIVE_IT, 1), P(ANOTHER_GO, 1)],
      (s, e) => !negatedBefore(t, s, 2) && (e >= t.length || END_OK.has(t[e] as string) || within(t, e, 1, LATER)),
    ) >= 0
  )
    return true;
  if (chain(t, [P(TRY_ME), P(AGAIN_BACK_INSTEAD, 0, true), P(SOFT, 1, true), P(LATER, 1)], notNegated(t, 3)) >= 0) return true;
  // "i'll call you back", "let me get back to you", "can i call you in five"
  if (chain(t, [P(I_WILL), P(CALL_V, 1), P(YOU_YA_YOU_GUYS, 0), P(BACK, 1, true)], notNegated(t, 2)) >= 0) return true;
  // "can we talk later", "can this wait till tomorrow", "let's do this another time"
  if (chain(t, [P(POSTPONE_V), P(THIS_IT_THAT, 0, true), P(SOFT, 1, true), P(LATER_LATER_ON, 0)], notNegated(t, 2)) >= 0) return true;
  return false;
}

/** A statement that the candidate can't talk now ("i'm at the dentist", "i'm kind of tied up", "now's not good"). */
export function callbackState(t: Toks): boolean {
  if (asks(t)) return false;
  if (CANT_TALK.has(t)) return true;
  if (chain(t, [P(BAD_TIME)], notNegated(t, 1)) >= 0) return true;
  if (chain(t, [P(NOW_W), P(NOT_GOOD, 0)]) >= 0) return true;
  // "i am at the dentist", "i'm on a job site", "sorry driving right now", "i'm with a customer"
  const i = chain(t, [P(I_AM), P(BUSY, 1)], (s, e) => {
    let k = e - 1;
    while (k > s && BUSY.at(t, k) !== e) k--;
    if (negatedBefore(t, k, 2)) return false;
    // "i am at ...": only a place or an event, not "at a loss", "at home", "at two"
    const last = t[e - 1];
    if (last === 'at') return AT_NOT.at(t, e) < 0 && !/^\d/.test(t[e] ?? '') && NUMBERISH.at(t, e) < 0 && e < t.length;
    return s >= 0;
  });
  if (i >= 0) return true;
  // a sentence that starts with the state: "driving right now", "busy at the moment", "in a meeting"
  if (BUSY.at(t, 0) >= 0 && t[0] !== 'at' && t[0] !== 'about' && t[0] !== 'getting' && t[0] !== 'putting') return true;
  if (chain(t, [P(SORRY_SORRY_I_AM), P(BUSY, 0)], (_s, e) => t[e - 1] !== 'at' || AT_NOT.at(t, e) < 0) >= 0) return true;
  return false;
}
const NUMBERISH = L(
  'one, two, three, four, five, six, seven, eight, nine, ten, eleven, twelve, noon, midnight, half, quarter, around, about, least',
);

/**
 * When a callback request asks to be called (see callback-time.ts): ISO 8601 with the zone's offset, after `now`, or
 * null when the reply names no time ("call me later", "i'm driving").
 */
export function requestedCallbackAt(t: Toks, now: string, timezone: string): string | null {
  return callbackTime(t, now, timezone);
}
