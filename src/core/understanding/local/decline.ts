/**
 * Decline: the candidate turns the job or the interview down ("not interested", "found another job", "withdraw my
 * application", "i've lost interest"). Refusing a slot is not a decline of the job: slot refusals come from the mentions.
 */
import {
  L,
  P,
  chain,
  within,
  negatedBefore,
  notNegated,
  TIME_N,
  SLOT_W,
  FROM_OFF,
  LIST_DET,
  CONSIDERATION,
  END_OK,
  WEEKDAYS,
  type Toks,
  words,
} from './lexicon.js';
import { journeyTooMuch } from './decline-reasons.js';
import { withdrawsWithReason } from './decline-withdrawals.js';

const DEC_NEG = L('not, no longer, not really, not even, never, do not, am not, no more');
const DEC_STATE = L(
  'interested, looking, pursuing, seeking, searching, considering, continuing, proceeding, in the market, on the market, available ' +
    'for the role, available for the job, available for the position, available for this, going ahead, moving forward, going forward, ' +
    'going to go ahead, going to proceed, going to continue, applying, hunting, job hunting, job searching',
);
const WANT = L(
  'do not want, do not need, no longer want, no longer need, will not need, will not want, not want, not need, do not really want, ' +
    'do not really need, never wanted',
);
const JOB_OBJ = L(
  'job, position, role, interview, it, this, that, the job, the position, the role, the interview, an interview, this job, that job, ' +
    'to interview, to do it, to do this, to go ahead, to proceed, to continue, to go through with, to move forward, anymore, any more, ' +
    'the opportunity, this opportunity, work, a job, a new job, the gig',
);
const GOT = L(
  'found, got, took, accepted, started, taken, landed, went with, going with, gone with, signed with, joined, chose, picked, decided ' +
    'on, secured, was offered, have accepted, have taken, have found, have got, have started, got offered, settled on, am starting, ' +
    'start, starting',
);
const JOB_N = L(
  'job, jobs, position, offer, offers, role, company, employer, gig, something, something else, elsewhere, opportunity, post, firm, ' +
    'one elsewhere, somewhere else, other job, employment',
);
const JOB_MOD = L(
  'a, another, a new, new, a different, different, other, the other, a better, better, an, the, full time, a full time, a permanent, ' +
    'permanent, one, a similar, that other',
);
const QUIT_W = L(
  'withdraw, withdrawing, withdrawn, pull out, pulling out, pull my application, back out, backing out, bow out, bowing out, drop ' +
    'out, dropping out, count me out, moved on, move on, moving on, decided against, decided not to, not going to go ahead, not go ' +
    'ahead, not proceed, not continue, not move forward, not for me, not the job for me, not for me thanks, not a good fit, not the ' +
    'right fit, not a fit, no longer available, changed my mind, change of plans, change my mind, staying where i am, staying put, ' +
    'stay where i am, happy where i am, happy at my current, staying at my, staying with my, retiring, retired, rescind, cancel my ' +
    'application, cancel the application, take my name out, take myself out, remove my application, i am out, going to decline, have ' +
    'to decline, will decline, must decline, respectfully decline, politely decline, i decline, declining, going to pass, gonna pass, ' +
    'i will pass, i am going to pass, pass on this, pass on it, pass on that, pass on this one, not going to do it, give it a miss, ' +
    'give this a miss, give that a miss, sit this one out, sit it out, skip it, skip this one, leave it thanks, not going to do the ' +
    'interview, will not be doing, will not be attending, not interested, uninterested, off the market',
);
const AFTER_SOMETHING = L(`on, at, for, to, that, then, in, this, next, around, ${WEEKDAYS}`);
const PASS_NEXT = new Set(['thanks', 'thank', 'sorry', 'on', 'please', 'for', 'i']);
const SORTED = L('sorted, set, all set, covered, good, fine, okay, taken care of');
const JOB_W = L('job wise, work wise, jobwise, for work, for a job, for jobs, on the job front, job, work, employment');

/** Turning the job down: "turn it down", "pass on the opportunity", "go in another direction", "out of the running". */
const TURN_V = L('turn, turning, turned, gonna turn, going to turn');
const DOWN_OBJ = L(
  'it, this, that, this one, that one, the offer, the job, the position, the role, the interview, the opportunity, this opportunity, ' +
    'them, you, the invitation, the invite, your offer, the chance',
);
const PASS_V = L('pass, passing, pass up, passing up, give up, giving up, forgo, skip, skipping, sit out, sitting out');
const PASS_OBJ = L(
  'it, this, that, this one, that one, the offer, the job, the position, the role, the interview, the opportunity, this opportunity, ' +
    'the chance, this chance, the invitation, your offer, this time, for now, on it, on this, on that, on this one, on the job, on the ' +
    'offer, on the position, on the role, on the interview, on the opportunity, on this opportunity, on your offer',
);
const PROCEED_NEG = L(
  'not, no longer, do not, will not, would not, am not, decided not to, rather not, choose not to, chosen not to, not be, not to, ' +
    'never, can not, could not, unable to',
);
const PROCEED_FILL = L(
  'going to, gonna, want to, wish to, planning to, plan to, able to, be able to, be, be going to, really, actually, looking to, ' +
    'intending to, intend to, in a position to, to',
);
const PROCEED = L(
  'move forward, moving forward, go forward, going forward, go ahead, going ahead, proceed, proceeding, continue, continuing, carry ' +
    'on, carrying on, go through with, going through with, take this further, take it further, take things further, pursue, pursuing, ' +
    'progress, progressing, advance, take this any further, take it any further, follow through, following through, be moving forward, ' +
    'be going ahead, be proceeding, be continuing, be pursuing',
);
const DIRECTION_V = L('go, going, gone, went, decided to go, heading, head, take, taking, took');
const DIRECTION_N = L('direction, route, path, way, road');
const RUNNING = L(
  'out of the running, out of consideration, from consideration, out of the process, from the process, out of the pool, off the ' +
    'shortlist, off the short list, from the shortlist, out of the search, from the running, out of contention, from contention',
);
const RETRACT = L(
  'withdraw, withdrawing, withdrew, withdrawn, retract, retracting, retracted, rescind, rescinding, rescinded, revoke, revoking, ' +
    'take back, taking back, pull, pulling, pulled, cancel, cancelling, canceling',
);
const APP_N = L(
  'application, applications, candidacy, my name, my resume, my cv, my interest, interest, acceptance, my application, my candidacy, ' +
    'submission, my submission',
);
const ELSE_COMMIT = L(
  'committed to, committed with, signed with, signed on with, signed on at, signed up with, signed a contract with, signed a ' +
    'contract, signed an offer, accepted, accepted an offer, accepted an offer with, accepted an offer from, accepted a position with, ' +
    'accepted a role with, accepted a job with, accepted a job at, accepted a post, going with, gone with, went with, joining, joined, ' +
    'decided on, agreed to, said yes to, chose, chosen, picked, taken a job with, took a job with, taken a position with, took a ' +
    'position at, taken a job at, took a job at, taken a role, took a role, started with, starting with, starting at, started at, ' +
    'working for, working at, employed by, employed with, hired by, hired at, going to work for, going to work at, locked in with, ' +
    'locked in',
);
const ELSE_OBJ = L(
  'another, a different, other, the other, someone else, somebody else, somewhere else, elsewhere, a competitor, a competing, a ' +
    'rival, one of your competitors, a better, a new, different',
);

const DIRECTION_MOD = L('another, a different, a new, different, other, the other, my own');
const DOWN = L('down');
const STEP_FROM = L('from, myself, from the process, from this, from it');
const DIRECTION_PREP = L('in, down, on');
const APP_DET = L('my, our, the, this');
const STEP_BACK = L(
  'withdraw, withdrawing, withdrew, retract, rescind, bow out, step back, stepping back, step away, stepping away, step aside, ' +
    'stepping aside',
);

/** Words that turn "not what i'm looking for" into a request for alternatives ("is there any other"). */
const ALT_W = new Set(['other', 'others', 'else', 'another', 'any', 'different', 'alternatives', 'instead', 'cheaper', 'closer']);
const LOST_INTEREST = L(
  'lost interest, lost all interest, lost my interest, lost the interest, losing interest, lost any interest, lose interest, lost ' +
    'enthusiasm, lost my enthusiasm, gone off the idea, gone off it, gone cold on, cooled on, cooled off on, gone off the job, gone ' +
    'off the role, not keen anymore, not keen any more, not that keen anymore, not so keen anymore, not really keen anymore, ' +
    'no longer keen, not keen on the job, not keen on the role, not keen on it ' +
    'anymore, interest has gone, interest is gone, lost the appetite, over it',
);
const RIGHT_ADJ = L(
  'the right, right, a good, the best, a great, really the right, quite the right, really a good, really right, the correct, a fit, ' +
    'a match, a good match, the kind of, the sort of, the type of, my kind of, a suitable, suitable',
);
const ROLE_N = L(
  'role, job, fit, position, match, opportunity, career move, move, step, company, gig, post, opening, vacancy, line of work, kind ' +
    'of role, type of role, sort of role, kind of job, type of job, sort of job',
);
const DROP_APP_V = L(
  'drop, dropping, scratch, scratching, scrap, scrapping, pull, pulling, withdraw, delete, cancel, ditch, bin, shelve, kill, nix, ' +
    'rip up, tear up, throw out, forget about',
);
const DROP_V = L(
  'drop, dropping, scratch, scratching, scrap, scrapping, pull, pulling, take, taking, remove, removing, strike, cross, withdraw, ' +
    'delete, cancel, ditch, bin, shelve, kill, nix, get, put, rip up, tear up, throw out, forget, forget about',
);

const KEEN_OBJ = L(
  'job, position, role, opportunity, post, gig, vacancy, opening, offer, idea, whole thing, company, job anymore, role anymore, ' +
    'position anymore, warehouse job, work, it anymore, it any more, it after all, this after all',
);
const FADED = L(
  'faded, fading, faded away, waned, waning, gone, dropped, dropped off, cooled, cooled off, died, died down, fizzled, fizzled out, ' +
    'dried up, evaporated, vanished, worn off, worn thin, run out, passed, gone away, disappeared, not there, not there anymore, moved ' +
    'on',
);
const NOT_SOMETHING_V = L(
  'pursue, pursuing, do, take further, take on, go for, go after, follow up on, explore, consider, carry on with, continue with, go ' +
    'ahead with, move forward with, proceed with, commit to, be part of, get into, take up, apply for, invest in',
);
const LEAVE_END = words(
  'there then thanks thank sorry for at honestly actually really i so but mate though cheers bye goodbye as if this okay alright',
);

/** Whether the reply turns the job or the interview down (not a slot: slot refusals come from the mentions). */
/** Small classes of the rules below. */
const REALLY_EVEN = L('really, even, currently, actively, at all, that, so, too');
const GOT_BEEN = L('got, been, was, just got, already got, have been, am now, just been, already been, get');
const HIRED_EMPLOYED = L('hired, employed, taken on, an offer, a job, another job');
const ALREADY_NOW = L('already, now');
const HAVE_GOT = L('have, got, found, took, accepted, started, employed, working, hired, have a job, got a job');
const A_AN = L('a, an, another, other, new, the, a new');
const JOB_WORK = L('job, work, position, offer, role');
const HAVE_GOT_FOUND = L('have, got, found');
const NOW_ALREADY = L('now, already, elsewhere, somewhere, lined up, with, at');
const STAY_STAYING = L('stay, staying, stick, sticking, remain, remaining, keep, keeping, stay put, happy');
const AT_WITH = L('at, with, in, where');
const MY_I_AM = L('my, i am');
const CURRENT_PRESENT = L('current, present, old, existing');
const JOB_COMPANY = L(
  'job, company, employer, position, role, work, place, team, school, hospital, clinic, practice, firm, store, shop, office, ' +
    'workplace, restaurant, hotel, agency, business, organisation, organization, branch, site, warehouse, college, ward, lab',
);
const HAVE_NO_GOT_NO = L('have no, got no, there is no, with no, no real, not much, zero, little');
const INTEREST = L('interest');
const RATE_RATES = L('rate, rates, charge, charges, free');
const NOT_NOT_REALLY = L(
  'not, not really, not that, not too, not all that, not overly, not very, not so, no longer, not particularly, not massively, not hugely',
);
const KEEN_ON_KEEN_ABOUT = L(
  'keen on, keen about, fussed about, bothered about, enthusiastic about, excited about, sold on, into, interested in, mad about, ' +
    'crazy about, taken with, set on, wild about, thrilled about, thrilled with, gonna take, going to take, taking',
);
const THE_THIS = L('the, this, that, your, the whole');
const NOT_IS_NOT = L('not, is not, not really, not quite, not exactly, probably not, just not, really not, no longer');
const FOR_ME_FOR_MYSELF = L('for me, for myself, for us, i am after, i am looking for, i want');
const THIS_THAT = L('this, that, the, it');
const IS_NOT_IS_JUST_NOT = L('is not, is just not, is not really, really is not, does not, does not really');
const FOR_ME_RIGHT_FOR_ME = L(
  'for me, right for me, a fit, a good fit, the right fit, suit me, fit me, my thing, what i want, what i am looking for, what i am after',
);
const NOT_WHAT_I_AM_LOOKING_FOR_NOT_WHAT_I_AM = L(
  'not what i am looking for, not what i am after, not what i want, not really what i want, not really what i am looking for, not my ' +
    'thing, not my cup of tea',
);
const GIVE_GIVING = L('give, giving, take, taking, have to give, have to take');
const IT_THIS = L('it, this, that, this one, that one, the interview, the job, the role, the position, the opportunity, them');
const A_MISS_A_PASS = L('a miss, a pass, a skip');
const MY_OUR = L('my, our, the, this, that');
const APPLICATION_APPLICATIONS = L('application, applications, candidacy, app, submission, resume, cv, interview');
const ME_MY_NAME = L('me, my name, myself, us, our name, my details, my application, my info');
const MY_INTEREST_INTEREST = L('my interest, interest, the interest, my enthusiasm, enthusiasm, my appetite, appetite');
const IN_IT_IN_THIS = L(
  'in it, in this, in the job, in the role, in the position, for it, for this, for the job, for the role, for the position',
);
const HAS_IS = L('has, is, just, kind of, sort of, has kind of, has sort of, has just, has really, really');
const NOT_SOMETHING_NOT_ANYTHING = L(
  'not something, not anything, not really something, nothing, not a thing, not an opportunity, not a role, not a job, not a position',
);
const I_WANT_TO_I_WISH_TO = L(
  'i want to, i wish to, i would like to, i am looking to, i care to, i am keen to, i need to, i plan to, i intend to, i would want ' +
    'to, i really want to, i am willing to, i feel like, we want to',
);
const NOT_SOMETHING_NOT_ANYTHING_NOT_REALLY_SO = L('not something, not anything, not really something, nothing');
const I_AM_I_WOULD_BE = L('i am, i would be, i am really');
const INTERESTED_IN_KEEN_ON = L('interested in, keen on, after, looking for, up for, into');
const I_WILL_I_AM_GOING_TO = L(
  'i will, i am going to, i am gonna, i think i will, i shall, i will just, i am just going to, i would rather, i might, i will have ' +
    'to, i will probably',
);
const LEAVE_IT_LEAVE_THIS = L(
  'leave it, leave this, leave that, let it go, let this go, leave things, drop it, give it up, give this up, let it drop',
);
const I_AM_AM = L('i am, am');
/** "i won't be able to make any interview", "i can't do any of the interviews": the interview itself, not a slot. */
const UNABLE = L('can not, could not, not be able to, not able to, unable to, not going to be able to, not gonna be able to');
const ATTEND = L('make, do, attend, come to, come in for, go to, take, fit in, manage, make it to, get to, show up for, show up to');
const ANY_OF = L('any, any of the, any of your, any of these, any of those, an, a single');
const INTERVIEW_N = L('interview, interviews');
/** "an interview at ten", "in the morning", "this week": when, so the refusal is of a time, not of the interview. */
const WHEN = L(
  `at, on, in the, before, after, until, till, this, next, today, tomorrow, tonight, morning, afternoon, evening, ${WEEKDAYS}`,
);
/** "i've relocated", "we moved abroad", "i'm moving out of state": too far away now, unless it is towards the job. */
const MOVER = L('i, we, i have, we have, i am, we are, i just, we just, i have just, we have just, i recently, i have recently');
const RELOCATED = L(
  'relocated, relocating, moved away, moved abroad, moved overseas, moved out of state, moved out of the area, ' +
    'moved to another, moved across, moving away, moving abroad, moving overseas, moving out of state, moving out of the area, ' +
    'moving to another, moving across, moved to a different, moving to a different',
);
const TOWARDS = L(
  'to the area, to your area, here, closer, nearby, near, to town, to the city, for the job, for this job, for the role, ' +
    'for work, back',
);
/** "i can't take this job", "i won't be taking the position": the job itself refused, whatever the reason given. */
const TAKE_NEG = L(
  'can not, could not, will not, would not, am not, not, unable to, not able to, not going to, not be able to, will not be able to, ' +
    'no longer',
);
const TAKE_FILL = L('be, really, able to, be able to, going to, gonna, in a position to, afford to');
const TAKE_V = L('take, taking, accept, accepting, do, doing');
const TAKE_DET = L('this, the, that, your, this particular, the whole');
const TAKE_OBJ = L('job, position, role, offer, post, opportunity, gig, work');
/** Words that make a refused "job" something else ("the job interview", "the job on monday"). */
const NOT_THE_JOB = new Set(['interview', 'interviews', 'on', 'at', 'call', 'calls']);

/** "have to", "will have to", "gonna have to": said before a refusal. */
const MUST = L('have to, has to, got to, gotta, must, need to');
const REFUSE_V = L('say no, pass, decline, turn it down, turn this down, turn this one down, turn that down');

/** Words that turn from a day just named to what follows ("thursday could work, but ..."). */
const TURN = new Set(['but', 'no', 'actually', 'though', 'although', 'however', 'wait', 'sorry', 'forget', 'nah', 'nope']);

/** "if i", "once i", "when we": a conditional clause opens within three words before i. */
const CONDITIONAL = new Set(['if', 'once', 'when', 'whether', 'unless', 'assuming', 'supposing']);
function conditionalBefore(t: Toks, i: number): boolean {
  for (let k = Math.max(0, i - 3); k < i; k++) if (CONDITIONAL.has(t[k] as string)) return true;
  return false;
}

export function declines(t: Toks): boolean {
  const q =
    t[0] === 'did' ||
    t[0] === 'do' ||
    t[0] === 'does' ||
    t[0] === 'is' ||
    t[0] === 'are' ||
    t[0] === 'can' ||
    t[0] === 'what' ||
    t[0] === 'how';
  // "i'm not interested", "no longer pursuing it", "not looking for a new job"
  if (chain(t, [P(DEC_NEG), P(REALLY_EVEN, 0, true), P(DEC_STATE, 0)]) >= 0) return true;
  // "i don't want to interview", "no i don't need it anymore", "i don't want the position"
  if (
    chain(t, [P(WANT), P(JOB_OBJ, 2)], (_s, e) => {
      const last = t[e - 1];
      // "i don't need any more help", "i don't want that one", "i don't want it on monday": not the job
      if ((last === 'more' || last === 'anymore') && e < t.length && !END_OK.has(t[e] as string)) return false;
      if (t[e] === 'one' || t[e] === 'ones' || t[e] === 'either' || t[e] === 'on' || t[e] === 'at' || t[e] === 'then') return false;
      return true;
    }) >= 0
  )
    return true;
  // "i found something", "accepted something else", "started a new position", "went with a different company"
  if (
    !q &&
    chain(t, [P(GOT), P(JOB_MOD, 1, true), P(JOB_N, 1)], (s, e) => {
      if (t[e] === 'interview' || ((t[e - 1] === 'something' || t[e - 1] === 'else') && AFTER_SOMETHING.at(t, e) >= 0)) return false;
      return !negatedBefore(t, s, 2);
    }) >= 0
  )
    return true;
  // "i got hired elsewhere"; "if i get hired", "once i'm employed": a condition about this job, not a decline
  if (!q && chain(t, [P(GOT_BEEN), P(HIRED_EMPLOYED)], (s) => !conditionalBefore(t, s)) >= 0) return true;
  if (chain(t, [P(ALREADY_NOW), P(HAVE_GOT), P(A_AN, 0, true), P(JOB_WORK, 0)]) >= 0) return true;
  if (chain(t, [P(HAVE_GOT_FOUND), P(JOB_MOD, 0, true), P(JOB_WORK), P(NOW_ALREADY)]) >= 0) return true;
  // "please withdraw my application", "count me out", "i've moved on", "i'm retiring", "so i'm out"
  const k = chain(t, [P(QUIT_W)], (s, e) => {
    const w = t.slice(s, e).join(' ');
    if (w === 'i am out')
      return e >= t.length || (t[e] === 'of' && t[e + 1] !== 'town' && t[e + 1] !== 'the') || t[e] === 'thanks' || t[e] === 'sorry';
    if (w === 'move on' || w === 'moving on') return t[e] === undefined || t[e] === 'from';
    return true;
  });
  if (k >= 0) return true;
  // "i decided to stay at my current job", "i'm sticking with my employer"
  if (chain(t, [P(STAY_STAYING), P(AT_WITH, 1, true), P(MY_I_AM, 0), P(CURRENT_PRESENT, 0, true), P(JOB_COMPANY, 0)]) >= 0) return true;
  // "i'm gonna have to turn it down", "turning down the offer"
  if (chain(t, [P(TURN_V), P(DOWN_OBJ, 0, true), P(DOWN, 0)], notNegated(t, 3)) >= 0) return true;
  if (!q && chain(t, [P(TURN_V), P(DOWN), P(DOWN_OBJ, 0)], notNegated(t, 3)) >= 0) return true;
  // "i'll pass on the opportunity", "i'm passing up the job", "i'll have to skip the interview"
  if (
    !q &&
    chain(
      t,
      [P(PASS_V), P(PASS_OBJ, 0)],
      (s, e) =>
        !negatedBefore(t, s, 3) &&
        (e >= t.length ||
          END_OK.has(t[e] as string) ||
          (TIME_N.at(t, e) < 0 && !(t[e - 1] === 'it' || t[e - 1] === 'this' || t[e - 1] === 'that'))),
    ) >= 0
  )
    return true;
  // "i'm not going to move forward with this one", "we'd rather not proceed", "i won't be pursuing it"
  if (
    chain(
      t,
      [P(PROCEED_NEG), P(PROCEED_FILL, 0, true), P(PROCEED_FILL, 0, true), P(PROCEED, 1)],
      (_s, e) => !(t[e] === 'with' && within(t, e + 1, 2, SLOT_W)) && !(t[e] === 'on' || t[e] === 'at'),
    ) >= 0
  )
    return true;
  // "i've decided to go in another direction", "went a different way"
  if (!q && chain(t, [P(DIRECTION_V), P(DIRECTION_PREP, 0, true), P(DIRECTION_MOD, 0), P(DIRECTION_N, 1)]) >= 0) return true;
  // "take my application out of the running", "remove me from consideration", "i'm withdrawing my candidacy"
  if (RUNNING.has(t)) return true;
  if (chain(t, [P(RETRACT), P(APP_DET, 0, true), P(APP_N, 1)]) >= 0) return true;
  if (chain(t, [P(STEP_BACK), P(STEP_FROM, 1, true)], (_s, e) => !within(t, e, 2, TIME_N)) >= 0) return true;
  // "i've committed to another clinic", "signed with a different practice", "accepted elsewhere"
  if (
    !q &&
    chain(
      t,
      [P(ELSE_COMMIT), P(ELSE_OBJ, 1)],
      (s, e) =>
        !negatedBefore(t, s, 2) &&
        TIME_N.at(t, e) < 0 &&
        TIME_N.at(t, e + 1) < 0 &&
        !(t[e] === 'option' || t[e] === 'options' || t[e] === 'slot' || t[e] === 'appointment'),
    ) >= 0
  )
    return true;
  // "i've lost interest in the position", "i'm losing interest", "i have no interest in the job"
  if (chain(t, [P(LOST_INTEREST)], notNegated(t, 2)) >= 0) return true;
  if (
    !q &&
    chain(
      t,
      [P(HAVE_NO_GOT_NO), P(INTEREST, 1)],
      (_s, e) => !(t[e] === 'in' && within(t, e + 1, 2, SLOT_W)) && !within(t, e, 2, RATE_RATES),
    ) >= 0
  )
    return true;
  // "i'm not keen on the position after all", "not that fussed about the role", "not sold on the job anymore"
  if (
    chain(
      t,
      [P(NOT_NOT_REALLY), P(KEEN_ON_KEEN_ABOUT), P(THE_THIS, 0, true), P(KEEN_OBJ, 0)],
      (s, e) =>
        !(t[s - 1] === 'if' || t[s - 2] === 'if') &&
        !within(t, e, 2, SLOT_W) &&
        !(t[e] === 'slot' || t[e] === 'time' || t[e] === 'interview'),
    ) >= 0
  )
    return true;
  // "it's not the right role for me", "not really a good fit for me", "this job isn't for me"
  if (chain(t, [P(NOT_IS_NOT), P(RIGHT_ADJ, 1, true), P(ROLE_N, 2), P(FOR_ME_FOR_MYSELF, 1)], (s, e) => !within(t, s, e - s, SLOT_W)) >= 0)
    return true;
  if (
    chain(t, [P(THIS_THAT), P(ROLE_N, 1), P(IS_NOT_IS_JUST_NOT, 1), P(FOR_ME_RIGHT_FOR_ME, 1)], (s, e) => !within(t, s, e - s, SLOT_W)) >= 0
  )
    return true;
  if (!q && chain(t, [P(NOT_WHAT_I_AM_LOOKING_FOR_NOT_WHAT_I_AM)], () => !t.some((w) => TIME_N.at([w], 0) >= 0 || ALT_W.has(w))) >= 0)
    return true;
  // "i'm going to give this one a miss", "i'll take a pass on it"
  if (
    !q &&
    chain(t, [P(GIVE_GIVING), P(IT_THIS, 0, true), P(A_MISS_A_PASS, 0)], (s, e) => !negatedBefore(t, s, 3) && !within(t, e, 2, TIME_N)) >= 0
  )
    return true;
  // "please drop my application", "scrap my candidacy", "scratch my name off the applicant list", "pull me from the process"
  if (
    !(q && t[0] !== 'can') &&
    chain(
      t,
      [P(DROP_APP_V), P(MY_OUR, 0, true), P(APPLICATION_APPLICATIONS, 0)],
      (s, e) => !negatedBefore(t, s, 3) && !within(t, e, 2, TIME_N),
    ) >= 0
  )
    return true;
  if (chain(t, [P(DROP_V), P(ME_MY_NAME, 1), P(FROM_OFF, 1), P(LIST_DET, 0, true), P(CONSIDERATION, 1)], notNegated(t, 3)) >= 0)
    return true;
  // "my interest has faded", "my enthusiasm has waned": lost interest, said another way
  if (chain(t, [P(MY_INTEREST_INTEREST), P(IN_IT_IN_THIS, 0, true), P(HAS_IS, 0, true), P(FADED, 0)], notNegated(t, 2)) >= 0) return true;
  // "it's not something i want to pursue now", "not something i'm interested in", "nothing i want to take further"
  if (chain(t, [P(NOT_SOMETHING_NOT_ANYTHING), P(I_WANT_TO_I_WISH_TO, 0), P(NOT_SOMETHING_V, 1)], (_s, e) => !within(t, e, 2, SLOT_W)) >= 0)
    return true;
  if (
    chain(
      t,
      [P(NOT_SOMETHING_NOT_ANYTHING_NOT_REALLY_SO), P(I_AM_I_WOULD_BE, 0), P(INTERESTED_IN_KEEN_ON, 1)],
      (_s, e) => !within(t, e, 2, SLOT_W),
    ) >= 0
  )
    return true;
  // "so i'll leave it", "i think i'll leave it there": letting it go (not "leave it to you", not "leave it till friday")
  if (
    chain(
      t,
      [P(I_WILL_I_AM_GOING_TO), P(LEAVE_IT_LEAVE_THIS, 0)],
      (_s, e) =>
        e >= t.length ||
        (LEAVE_END.has(t[e] as string) && !(t[e] === 'at' && t[e + 1] !== 'that') && !(t[e] === 'for' && t[e + 1] !== 'now')),
    ) >= 0
  )
    return true;
  // "pass", "pass thanks", "cancel that"
  if (t[0] === 'pass' && (t.length === 1 || PASS_NEXT.has(t[1] as string))) return true;
  if (t.includes('cancel') && !q) return true;
  // "nah mate i'm sorted job wise", "i'm all set for work thanks"
  if (chain(t, [P(I_AM_AM), P(SORTED, 1), P(JOB_W, 3)]) >= 0) return true;
  if (
    chain(t, [P(UNABLE), P(ATTEND, 1), P(ANY_OF, 0), P(INTERVIEW_N, 0)], (_s, e) => !within(t, e, 3, TIME_N) && !saysWhen(t.slice(e))) >= 0
  )
    return true;
  if (
    !q &&
    chain(
      t,
      [P(TAKE_NEG), P(TAKE_FILL, 0, true), P(TAKE_FILL, 0, true), P(TAKE_V), P(TAKE_DET), P(TAKE_OBJ)],
      (_s, e) => !NOT_THE_JOB.has(t[e] as string) && !within(t, e, 1, SLOT_W),
    ) >= 0
  )
    return true;
  if (chain(t, [P(MOVER), P(RELOCATED, 1)], (s, e) => !negatedBefore(t, s + 1, 2) && !within(t, e, 2, TOWARDS)) >= 0) return true;
  // "so i have to say no", "i'll have to pass": the whole thing refused; "i have to pass on monday" refuses a day
  if (!q && chain(t, [P(MUST), P(REFUSE_V)], (_s, e) => !SLOT_W.has(t.slice(e))) >= 0) return true;
  // "the drive from the north shore is too much", "i live too far away to commute": the job is out of reach
  // "i will not take this up", "forget the whole thing", "i'm going back to school": withdrawn, or a reason of one's own
  return journeyTooMuch(t) || withdrawsWithReason(t);
}

/** Whether the words name when ("at ten", "in the morning"); "at all" does not. */
function saysWhen(t: Toks): boolean {
  return t.some((w, i) => WHEN.at(t, i) >= 0 && !(w === 'at' && t[i + 1] === 'all'));
}

/**
 * A day named, then the job turned down: "thursday could work... actually no, i'm not going ahead with this",
 * "thursday would have been fine but i accepted another offer", "i was going to say monday but ... so no thanks" (the
 * reply ends on a no thanks). `from` is where the last day or time named ends.
 */
export function withdrawsAfter(t: Toks, from: number): boolean {
  for (let k = from; k < t.length; k++) {
    if (!TURN.has(t[k] as string)) continue;
    const rest = t.slice(k);
    return (declines(rest) || endsOnNoThanks(rest)) && !SLOT_W.has(rest);
  }
  return false;
}

const NO_THANKS = L('no thanks, no thank you, no thanks though, no thank you though, no thanks anyway, no thank you anyway');
function endsOnNoThanks(t: Toks): boolean {
  for (let i = Math.max(0, t.length - 5); i < t.length; i++) if (NO_THANKS.at(t, i) === t.length) return true;
  return false;
}
