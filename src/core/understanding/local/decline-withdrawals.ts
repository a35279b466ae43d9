/**
 * Declines said as a withdrawal or with a reason of the candidate's own, rather than a refusal word: "i will not take
 * this up", "forget the whole thing", "i'm not after the job anymore", "i'm going back to school", "going for higher
 * studies". Never said of a day or a time ("forget monday", "i'm at school on tuesday" refuse nothing here).
 */
import { chain, L, P, SLOT_W, TIME_N, type Toks } from './lexicon.js';

/** A negation before "take ... up". */
const NEG = L('not, never, no longer, will not, can not, could not, would not, am not, not going to, rather not');
const TAKE = L('take, taking, took');
const UP_OBJ = L(
  'this, it, that, the offer, this offer, the job, this job, the position, this position, the role, this role, the opportunity, ' +
    'this opportunity, you, the interview, this one',
);
const UP = L('up');
/** "take up the offer", "taking up the position": the object after "up". */
const UP_THE = L('the offer, this offer, the job, this job, the position, this position, the role, this role, the opportunity, your offer');

/** "forget the whole thing", "scrap the whole idea", "forget about the job". */
const FORGET = L('forget, forget about, scrap, let us forget, let us just forget, never mind, nevermind');
const WHOLE = L(
  'the whole thing, the whole lot, the entire thing, the whole idea, the whole business, the whole deal, this whole thing, all of it, ' +
    'it all, everything, all that, the job, this job, the position, this position, the role, the application, my application, the ' +
    'whole job, the lot, the whole process, the interview altogether, it altogether',
);

/** "not after the job anymore", "no longer chasing the role". */
const NOT_AFTER = L('not after, no longer after, not really after, not chasing, no longer chasing, not going after, not even after');
const JOB = L(
  'the job, this job, that job, the position, this position, that position, the role, this role, that role, the opportunity, this ' +
    'opportunity, the work, a job, a new job, work, a new role, the post, this post',
);

/** "going back to school", "going for higher studies", "starting university in the fall". */
const GO = L(
  'going back to, go back to, went back to, heading back to, returning to, return to, going for, going to, go to, moving to, starting, ' +
    'start, enrolled in, enrolling in, enrolled at, back to, pursue, pursuing, decided on',
);
const STUDY = L(
  'school, college, uni, university, studies, higher studies, my studies, further studies, higher education, further education, ' +
    'masters, a masters, my masters, phd, a phd, my phd, grad school, graduate school, full time study, full time studies, studying, ' +
    'study, a degree, my degree, my education',
);
/** Asked, not said ("are you going back to school", "do i need a degree"). */
const ASKS = new Set('is are do does did would will can could should what how if has have was were why when where who'.split(' '));

/** Whether the reply withdraws from the job, or gives studies as the reason it cannot be taken. */
export function withdrawsWithReason(t: Toks): boolean {
  if (ASKS.has(t[0] as string)) return false;
  const aboutWhen = SLOT_W.has(t) || TIME_N.has(t);
  // "i will not take this up", "i am not taking up the offer"
  if (chain(t, [P(NEG), P(TAKE, 3), P(UP_OBJ), P(UP)]) >= 0) return true;
  if (chain(t, [P(NEG), P(TAKE, 3), P(UP), P(UP_THE)]) >= 0) return true;
  // "forget the whole thing", "just scrap it all"
  if (chain(t, [P(FORGET), P(WHOLE, 1)], (_s, e) => !SLOT_W.has(t.slice(e, e + 3)) && !TIME_N.has(t.slice(e, e + 3))) >= 0) return true;
  // "i'm not after the job anymore"
  if (chain(t, [P(NOT_AFTER), P(JOB, 1)], (_s, e) => t[e] !== 'interview' && !TIME_N.has(t.slice(e, e + 2))) >= 0) return true;
  // "i am going for higher studies", "i'm going back to uni": the reason the job is not for now (no day or time said)
  return !aboutWhen && chain(t, [P(GO), P(STUDY, 2)], (s) => !(t[s - 1] === 'if' || t[s - 2] === 'if')) >= 0;
}
