/**
 * Compositional cues for the intents that hinge on vocabulary (opt_out, wrong_person, callback_later, decline).
 * Instead of whole phrases, each rule is a short chain of word classes over the normalised tokens
 * ("stop|quit|never|do not" + "call|ring|text|contact" + "me|this number|again|anymore"), each part allowed to start
 * within a small window after the previous one, with a negation check in front where it matters ("i am not busy").
 * Classes hold single words or short multi-word phrases; matching is by first token, so a scan is linear.
 */

type Toks = readonly string[];

/** The tokens being scanned, for the veto closures (set per call; the engine is synchronous). */
let scan: Toks = [];

/** Which classes have a phrase starting with a given token; per scan, which classes can match at all. */
const byToken = new Map<string, number[]>();
let lexCount = 0;
let seen = new Int32Array(256);
let epoch = 0;

/**
 * Marks the classes whose first tokens occur in t, so that a chain whose required parts cannot all match is
 * skipped without scanning (most replies contain none of a rule's key words). Cheap: one map lookup per token.
 */
function prepare(t: Toks): void {
  if (t === scan) return;
  scan = t;
  if (seen.length < lexCount) seen = new Int32Array(lexCount * 2);
  epoch++;
  for (const w of t) {
    const ids = byToken.get(w);
    if (ids !== undefined) for (const id of ids) seen[id] = epoch;
  }
}

/** A word class: phrases (space separated) indexed by their first token. */
export class Lex {
  private readonly byFirst = new Map<string, string[][]>();
  /** Index in the registry of classes by first token (see `prepare`); -1 for classes that match any word. */
  readonly id: number;
  constructor(phrases: readonly string[], any = false) {
    this.id = any ? -1 : lexCount++;
    scan = []; // a class made mid-scan (inline, memoised) must be counted in the next prepare
    for (const p of phrases) {
      const parts = p.split(' ');
      const first = parts[0] as string;
      if (!any) {
        const ids = byToken.get(first) ?? [];
        if (!ids.includes(this.id)) ids.push(this.id);
        byToken.set(first, ids);
      }
      const list = this.byFirst.get(first) ?? [];
      list.push(parts);
      list.sort((a, b) => b.length - a.length);
      this.byFirst.set(first, list);
    }
  }
  /** End (exclusive) of the longest phrase of this class starting at i, or -1. */
  at(t: Toks, i: number): number {
    const list = this.byFirst.get(t[i] as string);
    if (list === undefined) return -1;
    for (const p of list) {
      let ok = true;
      for (let k = 1; k < p.length; k++) if (t[i + k] !== p[k]) { ok = false; break; }
      if (ok) return i + p.length;
    }
    return -1;
  }
  has(t: Toks): boolean {
    prepare(t);
    if (this.id >= 0 && seen[this.id] !== epoch) return false;
    for (let i = 0; i < t.length; i++) if (this.at(t, i) >= 0) return true;
    return false;
  }
}

/** A class from "a, b c, d"; memoised, so rules may write small classes inline. */
const lexCache = new Map<string, Lex>();
const L = (s: string): Lex => {
  let l = lexCache.get(s);
  if (l === undefined) {
    l = new Lex(s.split(',').map((x) => x.trim()).filter((x) => x !== ''));
    lexCache.set(s, l);
  }
  return l;
};

/** One part of a chain: a class, how many tokens may come before it (after the previous part), optional or not. */
interface Part { lex: Lex; gap: number; opt?: boolean }
const P = (lex: Lex, gap = 0, opt = false): Part => ({ lex, gap, opt });

/**
 * Start of the first place where the parts match in order, each within its gap of the previous one; -1 if none.
 * `ok(start, end)` may veto a match (e.g. a negation in front of it).
 */
export function chain(t: Toks, parts: readonly Part[], ok?: (start: number, end: number) => boolean): number {
  prepare(t);
  for (const p of parts) if (p.opt !== true && p.lex.id >= 0 && seen[p.lex.id] !== epoch) return -1;
  const first = parts[0] as Part;
  for (let i = 0; i < t.length; i++) {
    const e = first.lex.at(t, i);
    if (e < 0) continue;
    const end = rest(t, parts, 1, e);
    if (end >= 0 && (ok === undefined || ok(i, end))) return i;
  }
  return -1;
}

function rest(t: Toks, parts: readonly Part[], k: number, from: number): number {
  if (k >= parts.length) return from;
  const p = parts[k] as Part;
  for (let j = from; j <= from + p.gap && j < t.length; j++) {
    const e = p.lex.at(t, j);
    if (e >= 0) {
      const r = rest(t, parts, k + 1, e);
      if (r >= 0) return r;
    }
  }
  if (p.opt) return rest(t, parts, k + 1, from);
  return -1;
}

/** Whether a phrase of `lex` starts within `w` tokens from i. */
function within(t: Toks, i: number, w: number, lex: Lex): boolean {
  for (let j = i; j < t.length && j <= i + w; j++) if (lex.at(t, j) >= 0) return true;
  return false;
}

/** A negation within `w` tokens before position i ("i am not busy", "do not call back later"). */
const NEG = L('not, never, no longer, no need to, do not, stop, quit');
function negatedBefore(t: Toks, i: number, w = 2): boolean {
  for (let j = Math.max(0, i - w); j < i; j++) {
    const e = NEG.at(t, j);
    if (e >= 0 && e <= i) return true;
  }
  return false;
}
const notNegated = (w = 2) => (start: number): boolean => !negatedBefore(scan, start, w);

const WEEKDAYS = 'monday, tuesday, wednesday, thursday, friday, saturday, sunday';

// ---------------------------------------------------------------- opt_out

const CONTACT_V = L('call, calls, calling, ring, ringing, phone, phoning, phone calls, contact, contacting, bother, bothering, text, texts, texting, message, messages, messaging, email, emailing, harass, harassing, dial, dialing, pester, pestering, spam, spamming, robocall, robocalls');
const STOP = L('stop, quit, cease, enough, enough with, done with');
const NEVER = L('never, do not, no more, not ever, please do not, do not ever, never ever');
const OPT_TARGET = L('me, us, here, this number, this phone, this line, my phone, my number, my cell, this cell, again, anymore, any more, ever, ever again, it again, no more, from now on, back');
const STRONG_TARGET = L('again, anymore, any more, ever again, ever, no more, from now on');
/** "don't call me before noon", "don't call me till friday": a time for the call, not an opt-out. */
const CALL_WHEN = L(`until, till, til, before, after, at, on, in, during, between, tomorrow, today, tonight, this, next, at work, when, while, right now, now, back later, later, ${WEEKDAYS}`);
const DONT_WANT = L('do not want, never want, do not wish, no longer want, do not need, do not like getting, am tired of, sick of, tired of, fed up with');
const CALLS_N = L('calls, call, calling, phone calls, contact, contacted, contacting, called, phoned, phoning, texts, texting, messages, hear from, hearing from, ringing, ring, phone');
const DW_FILL = L('any more of these, any more of your, any more of those, any more of the, any more of them, more of these, more of your, more of those, of these, of your, of those, any more, any, these, your, the, those, more, to be, to get, to receive, to keep getting, you, anyone, anybody, any further, further, you people, you guys, your company, this, all these, all the, to, any of these, your stupid, these stupid');
/** "any more phone interviews": the interview, not the calls. */
const NOT_CALL_NEXT = new Set(['interview', 'interviews', 'screen', 'screens', 'screening', 'slot', 'slots', 'time', 'times']);
const ERASE = L('remove, delete, erase, scrub, wipe, purge, lose, forget');
const MOVE = L('take, get, drop, strike, cross, pull, scratch, put');
const PERSONAL = L('me, my number, my phone number, my cell, my cell number, my name, my details, my info, my information, my data, my contact, my contact info, my contact information, my contact details, my record, my records, my file, my email, this number, this phone number, the number, this phone, us');
const OFF = L('off, out of, from');
const LIST_N = L('list, lists, database, databases, system, systems, records, record, register, registry, files, roster, contacts, call list, calling list, mailing list, file, rolodex, dialer, directory, spreadsheet, books');
const ERASED = L('removed, deleted, erased, scrubbed, wiped, purged, taken off, off');
/** "removed from your call list", "taken off the calling list", "struck from your records" (no "me" needed). */
const ERASED_FROM = L('removed, deleted, erased, scrubbed, wiped, purged, taken off, taken out, struck off, struck, crossed off, dropped, pulled, removed off, remove, delete, erase, take, taken, get, strike, cross');
/** What a candidate may be removed from that is the application, not the call list ("remove me from consideration"). */
const CONSIDERATION = L('consideration, the running, running, the process, process, the shortlist, the short list, shortlist, short list, the candidate list, candidate, candidates, applicant, applicants, the applicant pool, the pool, pool, the search, the selection, selection, interview list, hiring list, hiring process, recruitment, recruiting, application process, interview process, applications, application');
const OPT_IDIOM = L('unsubscribe, unsubscribed, opt out, opt me out, opting out, opted out, do not call list, do not call registry, do not call register, do not call me list, dnc, leave me alone, put me on the do not call, put me on your do not call');
const ABUSE = L('harassment, harassing, harass, spam, scam, telemarketing, telemarketer, robocall, report you, reporting you, reporting this number, report this number, sue');
const ENOUGH = L('stop, enough, quit, leave me alone, knock it off, cut it out');

const PASSIVE_NEG = L('should not be, must not be, should never be, must never be, is not to be, are not to be, am not to be, is never to be, not to be, never to be, do not want to be, does not want to be, do not wish to be, never want to be, never wish to be, would rather not be, would prefer not to be, prefer not to be, would like not to be, want not to be, will not be, not be, never be, should not get, should not ever be, must not ever be, needs to not be, need to not be, can not be, ca not be');
const PASSIVE_V = L('called, contacted, rung, phoned, texted, messaged, dialed, dialled, bothered, disturbed, pestered, harassed, called back, contacted again, called again');
/** Soft preference forms that need "again"/"anymore" to be an opt-out ("i'd rather not be called at work" is a time). */
const PASSIVE_SOFT = L('would rather not be, would prefer not to be, prefer not to be, will not be, can not be');
const MAKE_SURE = L('make sure, make certain, ensure, see to it, see that, check that, be sure, promise');
const SURE_SUBJ = L('i, we, me, this number, this phone, my number, my phone, this line, it, you, nobody, no one, your people, your company, they, anyone');
const SURE_NEG = L('am not, are not, is not, am never, are never, is never, do not, does not, never, will not, never ever, will never, do not ever, not, no longer, nobody, no one');

export function optOut(t: Toks): boolean {
  prepare(t);
  if (OPT_IDIOM.has(t)) return true;
  // "stop calling", "quit ringing me", "stop with the calls", "enough with the calls"
  if (chain(t, [P(STOP), P(CONTACT_V, 3)]) >= 0) return true;
  // "never ring this number again", "don't text or call me anymore", "do not call it again"
  if (chain(t, [P(NEVER), P(CONTACT_V, 2), P(STRONG_TARGET, 4)]) >= 0) return true;
  if (chain(t, [P(NEVER), P(CONTACT_V, 2), P(OPT_TARGET, 1)], (_s, e) => CALL_WHEN.at(t, e) < 0) >= 0) return true; // not "don't call me till friday"
  // "no more phone calls", "i don't want any more calls", "i do not want to be contacted", "i don't want you calling me"
  if (chain(t, [P(L('no more')), P(CALLS_N)]) >= 0) return true;
  if (chain(t, [P(DONT_WANT), P(DW_FILL, 0, true), P(DW_FILL, 0, true), P(CALLS_N, 0)], (_s, e) => !NOT_CALL_NEXT.has(t[e] as string)) >= 0) return true;
  // "remove my number", "scrub my number", "delete me from your system", "lose my number"
  if (chain(t, [P(ERASE), P(PERSONAL, 1)], (_s, e) => !within(t, e, 4, CONSIDERATION)) >= 0) return true;
  // "i want to be removed from your call list", "get taken off the calling list", "struck from your records"
  if (chain(t, [P(ERASED_FROM), P(FROM_OFF, 3), P(LIST_DET, 0, true), P(LIST_KIND, 1, true), P(LIST_N, 0)], (s, e) => {
    // "remove the monday slot from the list": a slot, not the candidate
    for (let k = s; k < e; k++) if (TIME_N.at(t, k) >= 0 || CONSIDERATION.at(t, k) >= 0) return false;
    return true;
  }) >= 0) return true;
  // "no further calls", "no more contact please"
  if (chain(t, [P(NO_MORE), P(L('of these, of your, of those, of the, of them'), 0, true), P(CALLS_N)], (_s, e) => !NOT_CALL_NEXT.has(t[e] as string)) >= 0) return true;
  // "i'm not interested in any more of your calls", "not interested in getting these calls"
  if (chain(t, [P(L('not interested in, no interest in, not interested in getting, not interested in receiving')), P(DW_FILL, 0, true), P(DW_FILL, 0, true), P(CALLS_N, 0)], (_s, e) => !NOT_CALL_NEXT.has(t[e] as string)) >= 0) return true;
  // "take me off whatever list you have", "get my name off your list", "take me off please"
  if (chain(t, [P(MOVE), P(PERSONAL, 1), P(OFF, 1)], (_s, e) => (e >= t.length || t[e] === 'please' || within(t, e, 4, LIST_N)) && !within(t, e, 4, CONSIDERATION)) >= 0) return true;
  // "i want my number removed", "please have me taken off"
  if (chain(t, [P(PERSONAL), P(ERASED, 1)]) >= 0 && chain(t, [P(L('off')), P(L('the, my, a, an'))]) < 0) return true;
  // "i want off your list", "off whatever list you have"
  if (chain(t, [P(L('off')), P(LIST_N, 3)], (s, e) => !within(t, s, e - s - 1, CONSIDERATION)) >= 0) return true;
  // passive: "this number shouldn't be called again", "i'm not to be contacted", "make sure i'm not called again"
  if (chain(t, [P(PASSIVE_NEG), P(PASSIVE_V, 1)], (s, e) => !(t[s - 1] === 'if' || t[s - 2] === 'if') && !(t[e - 1] === 'called' && STRONG_TARGET.at(t, e) < 0 && looksLikeName(t[e] ?? '')) && (STRONG_TARGET.at(t, e) >= 0 || within(t, e, 4, STRONG_TARGET) || CALL_WHEN.at(t, e) < 0 && PASSIVE_SOFT.at(t, s) < 0)) >= 0) return true;
  if (chain(t, [P(MAKE_SURE), P(L('that'), 0, true), P(SURE_SUBJ, 1), P(SURE_NEG, 1), P(L('be, get, getting, ever, ever be, ever get, be getting, receive, any more, anymore'), 0, true), P(L('called, contacted, rung, phoned, texted, messaged, bothered, disturbed, call, contact, ring, phone, text, message, bother, calls, any calls, any more calls, more calls, further calls, another call'), 1)], (_s, e) => CALL_WHEN.at(t, e) < 0 || within(t, e, 3, STRONG_TARGET)) >= 0) return true;
  // "this is harassment stop", "i'm reporting you, stop"
  if (ABUSE.has(t) && ENOUGH.has(t)) return true;
  // a bare "stop" (the SMS convention)
  if (t.length <= 3 && t[0] === 'stop' && t.every((w) => w === 'stop' || w === 'please' || w === 'it' || w === 'now')) return true;
  return false;
}

// ---------------------------------------------------------------- wrong_person

const KIN = L('wife, husband, mom, mum, mother, mommy, dad, father, daddy, son, daughter, brother, sister, partner, roommate, room mate, flatmate, housemate, friend, girlfriend, boyfriend, grandmother, grandma, granny, nana, grandfather, grandpa, grandson, granddaughter, aunt, auntie, uncle, cousin, niece, nephew, assistant, secretary, colleague, coworker, co worker, boss, landlord, landlady, neighbor, neighbour, stepmom, stepdad, step mom, step dad, stepson, stepdaughter, fiance, fiancee, spouse, kid, child, parent, caregiver, carer, nanny, babysitter, mother in law, father in law, sister in law, brother in law, other half');
const POSS = L('his, her, their');
const SELF_IS = L('this is, i am, it is, you are speaking to, you are talking to, you have reached, you reached, speaking is, you got');
const MY = L('my');
const WRONG = L('wrong, incorrect');
const WP_NOUN = L('number, person, guy, girl, lady, man, woman, house, people, name, phone, line, fellow, family, address, household, one person, individual, party, dude, bloke, chap, gal');
const DIALED = L('dialed, dialled, dial, dialing, dialling, rang, called, got, have, reached, ringing, calling, typed, punched');
const NOBODY = L('no one, noone, nobody, no body, not anyone, not anybody, no person, nobody here, no one here, no such person');
const BY_NAME = L('by that name, named, called, by the name, with that name, of that name, that goes by, goes by, like that, answering to');
const NEVER_HEARD = L('never heard of, not heard of, never met, do not know, not know, no idea, have no idea, not a clue, no clue, have not got a clue, not sure who, never heard, not familiar with, not ring a bell, does not ring a bell, do not recognise, do not recognize, never come across, never came across');
const APPLY_NEG = L('never, did not, have not, do not remember, do not recall, not, no');
const APPLY = L('apply, applied, applying, application, applications, submitted, submit, sign up, signed up, send in, sent in, put in for');
const ABSENT = L('not here, not home, not at home, not in, not around, not available, not back, not back yet, out, away, asleep, sleeping, at work, at school, at the, in school, in class, busy, unavailable, working, in the shower, napping, in bed, not awake, still at, on vacation, out of town, not up, in the hospital, out right now');
const NOT_ONE = L('not the, not who, not the one, not the person, not the guy, not that, not whoever');
const YOU_WANT = L('you want, you are looking for, you need, you mean, you are after, you are trying, you wanted, you think, you asked');
const SOMEONE_ELSE = L('someone else, somebody else, some one else, another person, a different person');
const FOR_ELSE = L('belongs to, belong to, belonged to, is registered to, registered to, looking for, want, need, mean, after, trying to reach, trying to get, thinking of, asking for, calling for, have, reached, got, number, phone, s number');
const NEW_NUM = L('got this number, have had this number, got this phone, was given this number, got the number, got a new number, have a new number, new number, inherited this number, took over this number, bought this phone, got this line');
const MOVED = L('moved, moved out, moved away, does not live, do not live, no longer lives, no longer live, not live, doesnt live, passed away, died, does not stay, does not work here, left the country, no longer here, is not here anymore');

const WHO_OBJ = ['him', 'her', 'them', 'that person', 'this person', 'who that is', 'who this is', 'who that person is', 'who he is', 'who she is', 'who you are on about', 'who you are after', 'who that would be',
  'who that is supposed to be', 'anyone', 'anybody', 'anyone here', 'anybody here', 'anyone like that', 'anyone with that name', 'anyone of that name', 'any such person', 'such a name', 'that name', 'the name', 'this name', 'of them', 'of him', 'of her', 'a soul by', 'who you mean', 'who you want', 'who you are talking about', 'who you are looking for', 'who that person is', 'who they are', 'that guy', 'that name', 'the name', 'such a person', 'anyone by', 'anybody by', 'anyone named', 'anybody named', 'anyone called', 'anybody called', 'any person'];
const IS_MY = ['he is', 'she is', 'they are', 'that is', 'that would be', 'you want', 'you are looking for', 'you mean', 'you need', 'looking for', 'you are after', 'trying to reach', 'you are trying to reach', 'asking for', 'you are asking for', 'it is for'];
const TIME_N = L(`time, times, day, days, date, dates, slot, slots, week, month, one, hour, ${WEEKDAYS}`);
const WRONG_ISH = L('wrong, the wrong, a wrong, incorrectly, wrongly, the incorrect');
const NO_SUCH = L('no, there is no, there are no, nobody, no one, there is nobody, there is no one');
const HERE = L('here, at this number, at this address, living here, lives here, by that name, at this phone, on this number, at this house, in this house');
const PHONE_N = L('number, phone, cell, line, phone number, cell phone');
/** A single word that can stand for a person's name: not a pronoun or a function word. */
const NOT_NAME_W = new Set(('i me we us you it its that this there here they them he she his her one ones nobody anyone no not a an the my your our ' +
  'problem problems worries worry thanks thank sir madam maam more time times slot slots day days opening openings availability way chance need ' +
  'sure available free interested busy ready able home certain looking going working kidding joking done okay fine good happy comfortable convinced ' +
  'feeling well around in out really so too very quite much big positive aware clear familiar worried bothered fussed picky either yet now today ' +
  'then keen bad right correct true wrong possible alone allowed single sorry open late early there tomorrow monday tuesday wednesday thursday friday saturday sunday ' +
  'morning afternoon evening night week weekend month one two three four five six seven eight nine ten eleven twelve noon am pm interview job').split(' '));
const looksLikeName = (w: string): boolean => !NOT_NAME_W.has(w) && /^[a-z]{3,}$/.test(w) && !/(?:ing|ed|ly|ble|ful|ous|ive|ent|ant)$/.test(w);
class AnyName extends Lex {
  constructor() { super([], true); }
  override at(t: Toks, i: number): number { return looksLikeName(t[i] ?? '') ? i + 1 : -1; }
}
const ANY_NAME = new AnyName();
/** "i'd rather not proceed with the application": about going on with it, not about never having applied. */
const PROCEED_ANY = L('proceed, continue, pursue, move forward, go forward, go ahead, going ahead, moving forward, withdraw, carry on, go through, follow through, take');
const WHO_IS = L('who is, who, who the heck is, who the hell is');

interface NameLex { poss: Lex; who: Lex; isMy: Lex; third: Lex; subj: Lex; name: Lex | null }
const nameLexes = new Map<string, NameLex>();
function lexFor(name: string | null): NameLex {
  const key = name ?? '';
  let n = nameLexes.get(key);
  if (n === undefined) {
    const nm = name === null ? [] : [name, name + 's'];
    const whoNm = name === null ? [] : [...nm, 'a ' + name, 'any ' + name, 'who ' + name + ' is', 'any ' + name + 's', 'of ' + name];
    n = {
      poss: new Lex(['his', 'her', 'their', ...nm]),
      who: new Lex([...WHO_OBJ, ...whoNm]),
      isMy: new Lex([...IS_MY, ...nm, ...(name === null ? [] : [name + ' is'])]),
      third: new Lex(['he is', 'she is', 'they are', ...(name === null ? [] : [name + ' is', name])]),
      subj: new Lex(['he', 'she', 'they', ...(name === null ? [] : [name])]),
      name: name === null ? null : new Lex(nm),
    };
    if (nameLexes.size > 1000) nameLexes.clear();
    nameLexes.set(key, n);
  }
  return n;
}

const MISDIAL = L('misdialed, misdialled, misdial, misdialing, misdialling, mis dialed, mis dialled, mistyped the number, misread the number, dialed the wrong, dialled the wrong, dialed wrong, dialled wrong, rang the wrong, called the wrong number, got the wrong number, wrong number, wrong line, wrong phone, wrong person, wrong house, wrong extension, wrong digits, wrong cell');
const PHONE_REF = L('this phone, this number, this line, this cell, this mobile, the phone, the number, that number, that phone, this phone number, the phone number, this cell phone, the line, this handset, the cell');
const OWNED = L('belongs to, belong to, belonged to, is registered to, registered to, is registered under, registered under, is in the name of, in the name of, is owned by, owned by, is used by, used by, is, is actually, is really, actually belongs to, really belongs to, is for, goes to, rings through to, rings to');
const REACHED = L('this is, it is, that is, you called, you have called, you are calling, you rang, you have rung, you are ringing, you reached, you have reached, you got, you have got, you dialed, you have dialed, you dialled, you have dialled, you have, this is actually, it is actually');
const NO_USE = L('does not use, do not use, no longer uses, no longer use, does not have, no longer has, does not own, not using, is not using, stopped using, gave up, has given up, does not answer, is not on, not on, does not carry, got rid of, has not had, has not used, does not go by, no longer on');
const CHANGED = L('changed, switched, has changed, has switched, got a different, has a different, has another, got another, changed his, changed her, changed their');
const FIRST_PERSON = new Set(['i', 'we', 'me']);
const NOT_PERSONAL = L('business, office, company, front desk, reception, shared, landline for the, main, switchboard, store, shop, clinic, restaurant, school, church, fax');

/** A business or institution reached instead of a person. */
const BUSINESS_N = L('office, offices, clinic, practice, surgery, business, company, firm, agency, store, shop, restaurant, salon, bank, pharmacy, hospital, school, church, reception, front desk, switchboard, answering service, call center, call centre, warehouse, garage, hotel, dealership, law firm, dental office, doctor s office, doctors office, medical office, main line, office line, business line, company line, place of business, not a person, not a private number, not a personal number, not a residence');
/** "you have reached ..." names the place by itself; "this is a dental office" must end there (not "this is a restaurant i like"). */
const REACHED_PLACE = L('you have reached, you reached, you called, you have called, you are calling, you rang, you have rung, you are ringing, you dialed, you have dialed, you dialled, you have dialled, you got through to, you are through to, this is, this is actually, this number is, this line is, this phone is');
const REACHED_FAR = L('you have reached, you reached, you called, you have called, you are calling, you rang, you have rung, you are ringing, you dialed, you have dialed, you dialled, you have dialled, you got through to, you are through to, this number is, this line is, this phone is');
const PLACE_END = new Set(['not', 'sorry', 'you', 'so', 'there', 'nobody', 'no', 'we', 'line', 'number', 'phone', 'here']);
/** "this is the office manager", "it's a business day", "it's an office job": not the place itself. */
const NOT_BUSINESS_NEXT = new Set(['manager', 'managers', 'assistant', 'worker', 'workers', 'owner', 'administrator', 'admin', 'hours', 'day', 'days', 'job', 'jobs', 'role', 'position', 'based', 'visit', 'trip', 'meeting', 'call', 'interview', 'building', 'park', 'party', 'person', 'thing', 'stuff', 'work', 'event']);

/**
 * Whether the reply says the caller reached someone other than the candidate. `name` is the candidate's (from the
 * greeting) when known; `slotTalk` says the reply names a day or time, so "she's busy on monday" is not about absence.
 */
export function wrongPerson(t: Toks, name: string | null, slotTalk: boolean): boolean {
  prepare(t);
  const n = lexFor(name);
  // "you've got the wrong guy", "incorrect number", "wrong house", "wrong jordan"
  if (chain(t, [P(WRONG), P(WP_NOUN, 1)]) >= 0) return true;
  if (n.name !== null && chain(t, [P(WRONG), P(n.name)]) >= 0) return true;
  // "you must have dialed wrong", "you have the wrong ..." (not "the wrong time")
  if (chain(t, [P(DIALED), P(WRONG_ISH, 1)], (_s, e) => TIME_N.at(t, e) < 0 && TIME_N.at(t, e + 1) < 0) >= 0) return true;
  // "there's nobody named jordan here", "no one by that name", "no one called jordan here", "there's no jordan here"
  if (chain(t, [P(NOBODY), P(BY_NAME, 2)]) >= 0) return true;
  if (n.name !== null && chain(t, [P(NO_SUCH), P(n.name), P(HERE, 2, true)]) >= 0) return true;
  if (chain(t, [P(NO_SUCH), P(L('such person, such')), P(HERE, 2, true)]) >= 0) return true;
  // "never heard of them", "i don't know who that is", "i don't know any jordan"
  if (chain(t, [P(NEVER_HEARD), P(n.who, 1)], (_s, e) => !within(t, e, t.length, TIME_N)) >= 0) return true;
  // "this is her mom", "i'm her husband", "this is jordan's dad"; "her mom here"
  if (chain(t, [P(SELF_IS), P(n.poss), P(KIN)]) >= 0) return true;
  if (chain(t, [P(n.poss), P(KIN), P(L('here, speaking'))]) >= 0) return true;
  // "jordan's my daughter", "you're looking for my son", "that's my brother"
  if (chain(t, [P(n.isMy), P(MY), P(KIN)]) >= 0) return true;
  // "i never applied for anything", "i didn't apply", "i never put in an application"
  if (t[0] !== 'did' && t[0] !== 'have' && chain(t, [P(APPLY_NEG), P(APPLY, 3)], (s, e) => (t[s] !== 'no' || t[s + 1] === 'application') && !within(t, s, e - s, PROCEED_ANY)) >= 0) return true;
  // "he's not home right now", "she's at school", "jordan is asleep": third person, so not the candidate
  if (!slotTalk && chain(t, [P(n.third), P(ABSENT, 1)]) >= 0 && t[0] !== 'is' && t[0] !== 'will') return true;
  // "i'm not the one you want", "not who you're looking for"
  if (chain(t, [P(NOT_ONE), P(YOU_WANT, 2)]) >= 0) return true;
  // "you must be looking for someone else", "this is someone else's number"
  if (chain(t, [P(FOR_ELSE), P(SOMEONE_ELSE, 1)]) >= 0 || chain(t, [P(SOMEONE_ELSE), P(PHONE_N, 1)]) >= 0) return true;
  // "i just got this number last month", "this is a new number"
  if (NEW_NUM.has(t)) return true;
  // "this isn't jordan's phone anymore", "not his number"
  if (chain(t, [P(L('not, no longer')), P(n.poss), P(PHONE_N)]) >= 0) return true;
  // "jordan moved away last year", "he doesn't live here"
  if (chain(t, [P(n.subj), P(MOVED, 2)]) >= 0) return true;
  // no greeting to take the name from: "there's no alex here", "this isn't alex's phone", "i'm not alex"
  if (chain(t, [P(NO_SUCH), P(ANY_NAME), P(HERE)]) >= 0) return true;
  if (chain(t, [P(L('this is not, that is not, it is not, not, no longer')), P(ANY_NAME), P(PHONE_N)]) >= 0) return true;
  if (t.length >= 4 && chain(t, [P(L('i am not, this is not, it is not, you are not speaking to, you are not talking to'))], (_s, e) => e === t.length - 1 && looksLikeName(t[e] as string)) >= 0) return true;
  if (chain(t, [P(ANY_NAME), P(L('does not live, do not live, no longer lives, no longer works, moved out, moved away, passed away, is no longer here, does not stay'))]) >= 0) return true;
  // "you've misdialed", "i think you misdialled": the caller reached the wrong destination
  if (chain(t, [P(MISDIAL)], (s) => !(t[s - 1] === 'i' || t[s - 2] === 'i' && t[s - 1] === 'have') && !negatedBefore(t, s, 2)) >= 0) return true;
  // "this phone belongs to my husband", "this number is my wife's", "the line is registered to my dad"
  if (chain(t, [P(PHONE_REF), P(OWNED, 1), P(L('my, our, his, her, their, the, a'), 1), P(KIN, 0)], notNegated(1)) >= 0) return true;
  // "this is my husband's phone", "you've called my mum's number", "it's her dad's cell"
  if (chain(t, [P(REACHED), P(L('my, our, his, her, their, '), 1), P(KIN, 0), P(PHONE_N, 1)], notNegated(1)) >= 0) return true;
  // "jordan doesn't use this number anymore", "she no longer has this phone", "he changed numbers"
  if (chain(t, [P(NO_USE), P(L('this, that, the, her, his, their'), 0, true), P(PHONE_N, 0)], (s) => !FIRST_PERSON.has(t[s - 1] as string) && !FIRST_PERSON.has(t[s - 2] as string)) >= 0) return true;
  if (chain(t, [P(CHANGED), P(L('numbers, number, phones, his number, her number, their number, phone number, his phone, her phone, their phone, cell'), 1)], (s) => !FIRST_PERSON.has(t[s - 1] as string) && !FIRST_PERSON.has(t[s - 2] as string) && !negatedBefore(t, s, 2)) >= 0) return true;
  // "this is a business line", "you've reached an office number", "this is the front desk"
  if (chain(t, [P(REACHED), P(L('a, an, the, our'), 0, true), P(NOT_PERSONAL, 0), P(PHONE_N, 1)], notNegated(1)) >= 0) return true;
  // "you have reached a dental office", "this is a law firm", "you've rung the clinic's front desk": a business, not a person
  if (chain(t, [P(REACHED_PLACE), P(L('a, an, the, our, my'), 0, true), P(BUSINESS_N, 1)], (s, e) => !negatedBefore(t, s, 1) && !NOT_BUSINESS_NEXT.has(t[e] as string) && !within(t, s, e - s, TIME_N)
    && (REACHED_FAR.at(t, s) >= 0 || e >= t.length || PLACE_END.has(t[e] as string))) >= 0) return true;
  // "who's jordan"
  if (n.name !== null && chain(t, [P(WHO_IS), P(n.name)], (_s, e) => e >= t.length || t[e] === 'again' || t[e] === 'sorry') >= 0) return true;
  return false;
}

// ---------------------------------------------------------------- callback_later

const CALL_V = L('call, ring, phone, give me a call, give me a ring, give me a shout, give me a buzz, give me a bell, give us a call, give us a ring, gimme a call, call back, ring back, phone back, get back to me, get back to you, get back with me, hit me back, hit me up, holler, buzz me');
const REACH_V = L('try, trying, reach, reaching, catch, catching, hit, hitting, buzz, buzzing, get hold of, getting hold of, contact, contacting, ping, pinging, text, texting, ring, ringing, calling, phoning, bell, belling');
/** Getting in touch without "me": "reach out tomorrow evening", "get in touch after work", "follow up next week". */
const TOUCH_V = L('reach out, reaching out, get in touch, getting in touch, get back in touch, be in touch, touch base, follow up, following up, check back, checking back, circle back');
const OBJ = L('me, us, you, me back, us back, you back, back, me again, again, us again, back to me');
const SOFT = L('please, maybe, just, sometime, some time, perhaps, if you can, if possible, if that is okay, instead');
const LATER = L(`later, later on, round, around about, sometime, some time, closer to, towards, toward, later today, later this week, after hours, after five, after dinner, after the weekend, end of the day, end of day, first thing, tomorrow evening, tomorrow morning, tomorrow afternoon, tomorrow night, a bit later, another time, another day, some other time, other time, a different time, a different day, some other day, tomorrow, tonight, this evening, this afternoon, this morning, next week, next month, this weekend, on the weekend, over the weekend, in a bit, in a while, in an hour, in a few, in a minute, in a couple, in half an hour, in, after, afterwards, once, when, whenever, around, at, between, before, by, on, back, again, in the morning, in the afternoon, in the evening, at night, after work, after lunch, after school, ${WEEKDAYS}`);
const LATER_STRICT = L(`once i am, once i get, once i have, once i finish, once we are, once i am back, as soon as i am, as soon as i get, as soon as i have, the moment i am, when i get back, later, later on, a bit later, another time, another day, some other time, other time, a different time, a different day, some other day, tomorrow, tonight, this evening, this afternoon, next week, next month, this weekend, in a bit, in a while, in an hour, in a few, in half an hour, in, after, when, whenever, at a better time, when i am free, another`);
/** "once / when / after i'm back | home | free | off | done": a later time named by the candidate's state. */
const BACK_WHEN = L('once i am, when i am, after i am, as soon as i am, the moment i am, once i get, when i get, after i get, as soon as i get, once i have, when i have, once i finish, when i finish, once we are, when we are, once i am back, when i am back, when i get back, once i get back, once i get home, when i get home, once i am home, when i am home, once i am free, when i am free, once i am off, when i am off, once i am done, when i am done');
/** A later day or time for the postponed call ("on saturday", "tomorrow", "after the weekend", "at four"). */
const POSTPONE_WHEN = L(`on, at, after, later, later on, tomorrow, tonight, this evening, this afternoon, next week, the weekend, over the weekend, on the weekend, in a bit, in a while, in an hour, another time, another day, some other time, a different day, when, once, ${WEEKDAYS}`);
const POSTPONE_V = L('talk, speak, chat, do this, do it, continue, discuss, finish this, go over this, wait, pick this up, pick it up, pick things up, circle back, reconnect, touch base, sort this out, deal with this, sort it, get into this, resume, resume this, carry on, carry this on, carry on with this, continue this, continue this conversation, finish up, revisit, revisit this, pick up where we left off, take this up, take it up, have this conversation, have this chat, go through this');
/** The candidate can't talk now: "now's really awkward", "bad time right now", "i'm driving at the moment". */
function notNowState(t: Toks): boolean {
  const full = scan;
  const ok = notNowIn(t);
  prepare(full); // the scan state belongs to the whole reply being read
  return ok;
}
function notNowIn(t: Toks): boolean {
  if (CANT_TALK.has(t) || chain(t, [P(BAD_TIME)], notNegated(1)) >= 0 || chain(t, [P(NOW_W), P(NOT_GOOD, 0)]) >= 0) return true;
  if (chain(t, [P(NOW_W), P(L('is, is really, is a bit, is kind of, is just, really, a bit'), 0, true), P(L('awkward, a bit awkward, really awkward, tricky, difficult, hard, hectic, crazy, mad, manic, busy, impossible, rough, bad'), 0)]) >= 0) return true;
  // "i'm driving right now", "i'm slammed at the moment": busy, with a "now" marker (not "i'm busy on monday")
  return NOW_W.has(t) && !t.some((w) => WEEKDAY_SET.has(w)) && callbackState(t);
}
const WEEKDAY_SET = new Set(WEEKDAYS.split(', '));
const I_WILL = L('i will, i can, let me, i would, i will have to, i need to, i have to, i am going to, i should, can i, could i, may i, i will just, i must');
const BUSY = L('busy, asleep, napping, in bed, tied up, swamped, slammed, occupied, snowed under, flat out, indisposed, caught up, preoccupied, in the middle, in the middle of, run off my feet, up to my eyes, not free, unavailable right now, not available right now, not available at the moment, with a customer, with a client, with a patient, with someone, with my kids, with the kids, with the baby, with a student, with customers, with clients, with patients, on shift, on the clock, on a call, on another call, on the other line, on the phone, on a job, on a job site, on the job, on site, on my lunch, on my break, on a break, on break, on duty, on the road, on the way, on my way, on a plane, on a train, on the bus, on the train, on the tube, about to, heading into, heading out, walking into, walking in, going into, pulling into, pulling in, just pulling, in a meeting, in class, in a lecture, in the shower, in traffic, in the car, in surgery, in church, in the hospital, in hospital, out and about, outside, driving, cooking, feeding, eating, working, boarding, walking, running, rushing, dropping, picking, shopping, sleeping, showering, teaching, babysitting, commuting, travelling, traveling, flying, exercising, training, studying, presenting, putting, getting, changing, bathing, at');
const I_AM = L('i am, i am just, i am currently, i am literally, i am actually, i am still, i am right, i am really, i am a bit, i am so, i am very, i am pretty, currently, just, we are, i am out, i am kind, i am sort');
/** Things you can be "at" that do not mean busy elsewhere ("i'm at a loss", "i'm at your disposal"). */
const AT_NOT = L('a loss, your service, your disposal, home, liberty, the end, least, all, it, that, this, your, a point, the point, my desk, my computer, the moment, the minute');
const BAD_TIME = L('not a good time, not a great time, not the best time, not a good moment, not a great moment, not the best moment, not good timing, not great timing, not a convenient time, not convenient, bad time, a bad time, a bad moment, bad moment, bad timing, terrible time, terrible timing, awful time, awful timing, inconvenient time, an inconvenient time, rough time, tough time, not ideal, not really a good time, not really convenient, really a bad time, a terrible time, an awkward time, awkward time, awkward moment, not a good day, not the right time, not the right moment, bad day');
const NOW_W = L('now, right now, today, at the moment, this moment, at the minute, currently, this minute, just now, this time, the moment, tonight');
const NOT_GOOD = L('not great, not ideal, not convenient, not the best, not a good time, not really good, is not good, is not great, is bad, is really bad, is terrible, is awful, is not a good, is not ideal, is no good, is not convenient, is inconvenient, is rough, is tough, is hard, not good, no good, bad, does not work, is not working, will not work');
const CANT_TALK = L('can not talk, can not speak, can not chat, can not really talk, can not really speak, can not take this, can not do this now, can not do this right now, unable to talk, not able to talk, can not talk right now, no time to talk, no time right now, do not have time right now, do not have time now, do not have time to talk, have no time right now');

/** "call" / "phone" as a verb, not negated ("not the phone at the property", "don't call back later"). */
const DET = new Set(['the', 'a', 'an', 'my', 'your', 'their', 'his', 'her', 'this', 'that', 'what', 'which', 'our', 'phone', 'conference', 'video', 'zoom']);
const isVerb = (s: number): boolean => !DET.has(scan[s - 1] as string) && !(negatedBefore(scan, s, 3) && !otherVerbBetween(scan, s, 3));
/** "can't really chat ring me when i'm home": the negation belongs to another verb, not to the call. */
const OTHER_VERB = new Set(['chat', 'talk', 'speak', 'answer', 'hear', 'stay', 'listen', 'now', 'moment', 'today']);
function otherVerbBetween(t: Toks, s: number, w: number): boolean {
  for (let j = Math.max(0, s - w); j < s; j++) if (OTHER_VERB.has(t[j] as string)) return true;
  return false;
}

const NUM_W = L('5, 10, 15, 20, 30, 45, five, ten, fifteen, twenty, thirty, forty five, a few, few, couple, 2, two, 3, three');

const ASKS = new Set(['do', 'does', 'did', 'should', 'who', 'what', 'where', 'which', 'how', 'whom']);
const asks = (t: Toks): boolean => ASKS.has(t[0] as string) && t[1] !== 'not' && !(t[0] === 'do' && t[1] === 'you' && t[2] === 'mind');

const RETRY_V = L('give it, give this, give us, give me, give this number, give the number, give my number, give my phone, have, try, try it, try this number, try the number, try my number, try this phone, try my phone, try my cell, try calling, try ringing, try phoning, try giving me');
const RETRY_OBJ = L('another go, another try, another shot, another ring, another call, another bash, another whirl, another crack, another buzz, one more go, one more try, a go, a try, a ring, again, back, once more, one more time, a call');

/** A polite ask ("could you", "would you mind", "please"): with a call-again verb, a request for a callback. */
const POLITE_ASK = L('could you, can you, would you, will you, would you mind, do you mind, would it be possible to, is it possible to, could ya, can ya, if you could, if you can, you could, you can, maybe you could, please, mind');
const RECALL_V = L('call, calling, ring, ringing, phone, phoning, try calling, try ringing, try phoning, try me, try us, give me a call, give me a ring, give us a call, give us a ring, reach me, reach out, get in touch');
const RECALL_AGAIN = L('again, back, me again, me back, us again, us back, once more, another time, some other time, another day, later, later on, a bit later, tomorrow, tonight');
/** "give it another shot", "give me a ring": a try at the call itself (not "try booking again", a retried booking). */
const GIVE_IT = L('give it, give this, give us, give me, give this number, give the number, give my number, give my phone, give my cell, have');
const ANOTHER_GO = L('another go, another try, another shot, another ring, another call, another bash, another whirl, another crack, another buzz, one more go, one more try, one more shot, a ring, a call, a buzz, a bell, a shout');
/** Trying the candidate on a named line ("try my cell later in the day", "try this number again tomorrow"). */
const TRY_ME = L('try me, try us, try my cell, try my mobile, try my phone, try my number, try my other number, try my work number, try my home number, try my landline, try this number, try the number, try my cell phone, try calling me, try ringing me, try phoning me, try calling, try ringing, try phoning');

/** An explicit request to be called at another time ("ring me tomorrow", "hit me back in twenty minutes"). */
export function callbackRequest(t: Toks): boolean {
  prepare(t);
  // "do i need to call back", "who do i call if i'm late": asks about calling, not to be called
  if (asks(t)) return false;
  // "don't call me before noon": a time for the call, so a call later
  if (chain(t, [P(L('do not, please do not, no')), P(L('call, ring, phone'), 1), P(L('me, us'), 0, true), P(L('before, until, till, til, earlier than, any earlier than'))]) >= 0) return true;
  // "call me back", "ring me tomorrow", "give me a call after five", "phone tomorrow around noon"
  if (chain(t, [P(CALL_V), P(OBJ), P(SOFT, 1, true), P(LATER, 0)], isVerb) >= 0) return true;
  if (chain(t, [P(CALL_V), P(OBJ, 0, true), P(SOFT, 2, true), P(LATER_STRICT, 0)], isVerb) >= 0) return true;
  // "call back", "could you call back around four", "give me 20 minutes and call back"
  if (chain(t, [P(L('call, ring, phone')), P(L('me, us'), 0, true), P(L('back'))], isVerb) >= 0) return true;
  if (chain(t, [P(L('give me, give us, gimme')), P(L('a few, a couple, a couple of, some, half an, an, another'), 0, true), P(NUM_W, 0, true), P(L('minutes, mins, hours, hour, min'), 0)]) >= 0) return true;
  // "can you try tomorrow", "could you ring tonight": the caller tries, so a call
  if (chain(t, [P(L('you, ya')), P(L('try, call, ring, phone, reach')), P(L('again, back, us, me'), 0, true), P(SOFT, 1, true), P(LATER_STRICT, 0)]) >= 0) return true;
  if (chain(t, [P(L('try again, try back')), P(L('tonight, tomorrow, later, later on, this evening, this afternoon, in a bit, in an hour, in a while, another day, another time'), 2)], (s, e) => !t.slice(s, e).includes('about')) >= 0) return true;
  // "try me again on saturday", "reach me next week", "catch me this evening", "hit me back", "try again in ten minutes"
  if (chain(t, [P(REACH_V), P(L('me, us, me back, us back, me again, us again, back')), P(SOFT, 1, true), P(LATER, 1)], notNegated(3)) >= 0) return true;
  if (chain(t, [P(REACH_V), P(L('me back, us back, back, me up')), P(L('please'), 0, true)], (s, e) => e >= t.length && !negatedBefore(t, s, 3)) >= 0) return true;
  if (chain(t, [P(L('try again, try back, try later, trying again, trying back, trying later, try it again, trying it again, try this again, trying this again')), P(LATER_STRICT, 1)]) >= 0) return true;
  // "do you mind trying again once i'm back at my desk", "try again when i'm home": a later time marked by the candidate
  // being back / free / off (not "try again for 5:30", a retried booking)
  if (chain(t, [P(L('try, trying, try it, trying it, try this, trying this, try me, have a go, give it a go, try calling, try ringing')), P(L('again, back, later, once more'), 1), P(SOFT, 1, true), P(BACK_WHEN, 1)]) >= 0) return true;
  // "now's really awkward can we pick this up on saturday", "i'm driving, can we continue tomorrow":
  // not now + carry the call on at a later day or time
  if (chain(t, [P(POSTPONE_V), P(L('this, it, that, about this, about it, this conversation, the conversation, where we left off, this call'), 0, true), P(SOFT, 1, true), P(POSTPONE_WHEN, 1)], (s) => !negatedBefore(t, s, 2) && notNowState(t.slice(0, s))) >= 0) return true;
  // "reach out tomorrow evening please", "can you get in touch after work", "touch base round half three"
  if (chain(t, [P(TOUCH_V), P(TOUCH_OBJ, 0, true), P(SOFT, 1, true), P(LATER, 1)], (s, e) => !negatedBefore(t, s, 3) && !(t[e - 1] === 'on' || t[e - 1] === 'at' || t[e - 1] === 'by' || t[e - 1] === 'back' || t[e - 1] === 'again') || LATER_STRICT.at(t, e) >= 0 || (e < t.length && /^(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|noon|monday|tuesday|wednesday|thursday|friday|saturday|sunday)/.test(t[e] as string))) >= 0) return true;
  // "give it another go in twenty minutes", "try this number again tomorrow", "have another try after lunch"
  if (chain(t, [P(RETRY_V), P(RETRY_OBJ, 2), P(SOFT, 1, true), P(LATER_STRICT, 1)], (s, e) => !negatedBefore(t, s, 3) && !(t[e - 1] === 'another' && TIME_N.at(t, e) < 0)) >= 0) return true;
  // "could you give it another shot around lunchtime", "would you mind calling again once i'm off work",
  // "can you try my cell later in the day": a polite request that the caller call again is a callback, not a question
  if (chain(t, [P(POLITE_ASK), P(L('please, maybe, just, perhaps'), 0, true), P(RECALL_V, 1), P(RECALL_AGAIN, 2)], (s) => !negatedBefore(t, s, 2)) >= 0) return true;
  if (chain(t, [P(POLITE_ASK), P(L('please, maybe, just, perhaps'), 0, true), P(GIVE_IT, 1), P(ANOTHER_GO, 1)], (s, e) => !negatedBefore(t, s, 2) && (e >= t.length || END_OK.has(t[e] as string) || within(t, e, 1, LATER))) >= 0) return true;
  if (chain(t, [P(TRY_ME), P(L('again, back, instead'), 0, true), P(SOFT, 1, true), P(LATER, 1)], notNegated(3)) >= 0) return true;
  // "i'll call you back", "let me get back to you", "can i call you in five"
  if (chain(t, [P(I_WILL), P(CALL_V, 1), P(L('you, ya, you guys, yall, you all'), 0), P(L('back'), 1, true)], notNegated(2)) >= 0) return true;
  // "can we talk later", "can this wait till tomorrow", "let's do this another time"
  if (chain(t, [P(POSTPONE_V), P(L('this, it, that, about this, about it'), 0, true), P(SOFT, 1, true), P(L('later, later on, another time, some other time, another day, a different day, a different time, tomorrow, tonight, this evening, next week, in a bit, in a while, in an hour, till, until, til, when i am, when i get, after work, after lunch, at a better time, some other day'), 0)], notNegated(2)) >= 0) return true;
  return false;
}

/** A statement that the candidate can't talk now ("i'm at the dentist", "i'm kind of tied up", "now's not good"). */
export function callbackState(t: Toks): boolean {
  prepare(t);
  if (asks(t)) return false;
  if (CANT_TALK.has(t)) return true;
  if (chain(t, [P(BAD_TIME)], notNegated(1)) >= 0) return true;
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
  if (chain(t, [P(L('sorry, sorry i am, sorry but i am, i am sorry i am, i am sorry but i am')), P(BUSY, 0)], (_s, e) => t[e - 1] !== 'at' || AT_NOT.at(t, e) < 0) >= 0) return true;
  return false;
}
const NUMBERISH = L('one, two, three, four, five, six, seven, eight, nine, ten, eleven, twelve, noon, midnight, half, quarter, around, about, least');

// ---------------------------------------------------------------- decline

const DEC_NEG = L('not, no longer, not really, not even, never, do not, am not, no more');
const DEC_STATE = L('interested, looking, pursuing, seeking, searching, considering, continuing, proceeding, in the market, on the market, available for the role, available for the job, available for the position, available for this, going ahead, moving forward, going forward, going to go ahead, going to proceed, going to continue, applying, hunting, job hunting, job searching');
const WANT = L('do not want, do not need, no longer want, no longer need, will not need, will not want, not want, not need, do not really want, do not really need, never wanted');
const JOB_OBJ = L('job, position, role, interview, it, this, that, the job, the position, the role, the interview, an interview, this job, that job, to interview, to do it, to do this, to go ahead, to proceed, to continue, to go through with, to move forward, anymore, any more, the opportunity, this opportunity, work, a job, a new job, the gig');
const GOT = L('found, got, took, accepted, started, taken, landed, went with, going with, gone with, signed with, joined, chose, picked, decided on, secured, was offered, have accepted, have taken, have found, have got, have started, got offered, settled on, am starting, start, starting');
const JOB_N = L('job, jobs, position, offer, offers, role, company, employer, gig, something, something else, elsewhere, opportunity, post, firm, one elsewhere, somewhere else, other job, employment');
const JOB_MOD = L('a, another, a new, new, a different, different, other, the other, a better, better, an, the, full time, a full time, a permanent, permanent, one, a similar, that other');
const QUIT_W = L('withdraw, withdrawing, withdrawn, pull out, pulling out, pull my application, back out, backing out, bow out, bowing out, drop out, dropping out, count me out, moved on, move on, moving on, decided against, decided not to, not going to go ahead, not go ahead, not proceed, not continue, not move forward, not for me, not the job for me, not for me thanks, not a good fit, not the right fit, not a fit, no longer available, changed my mind, change of plans, change my mind, staying where i am, staying put, stay where i am, happy where i am, happy at my current, staying at my, staying with my, retiring, retired, rescind, cancel my application, cancel the application, take my name out, take myself out, remove my application, i am out, going to decline, have to decline, will decline, must decline, respectfully decline, politely decline, i decline, declining, going to pass, gonna pass, i will pass, i am going to pass, pass on this, pass on it, pass on that, pass on this one, not going to do it, give it a miss, give this a miss, give that a miss, sit this one out, sit it out, skip it, skip this one, leave it thanks, not going to do the interview, will not be doing, will not be attending, not interested, uninterested, off the market');
const AFTER_SOMETHING = L(`on, at, for, to, that, then, in, this, next, around, ${WEEKDAYS}`);
const PASS_NEXT = new Set(['thanks', 'thank', 'sorry', 'on', 'please', 'for', 'i']);
const END_OK = new Set(['thanks', 'thank', 'sorry', 'please', 'i', 'so', 'because', 'cause', 'as', 'bye', 'goodbye', 'but']);
const SORTED = L('sorted, set, all set, covered, good, fine, okay, taken care of');
const JOB_W = L('job wise, work wise, jobwise, for work, for a job, for jobs, on the job front, job, work, employment');

/** Turning the job down: "turn it down", "pass on the opportunity", "go in another direction", "out of the running". */
const TURN_V = L('turn, turning, turned, gonna turn, going to turn');
const DOWN_OBJ = L('it, this, that, this one, that one, the offer, the job, the position, the role, the interview, the opportunity, this opportunity, them, you, the invitation, the invite, your offer, the chance');
const PASS_V = L('pass, passing, pass up, passing up, give up, giving up, forgo, skip, skipping, sit out, sitting out');
const PASS_OBJ = L('it, this, that, this one, that one, the offer, the job, the position, the role, the interview, the opportunity, this opportunity, the chance, this chance, the invitation, your offer, this time, for now, on it, on this, on that, on this one, on the job, on the offer, on the position, on the role, on the interview, on the opportunity, on this opportunity, on your offer');
const PROCEED_NEG = L('not, no longer, do not, will not, would not, am not, decided not to, rather not, choose not to, chosen not to, not be, not to, never, can not, could not, unable to');
const PROCEED_FILL = L('going to, gonna, want to, wish to, planning to, plan to, able to, be able to, be, be going to, really, actually, looking to, intending to, intend to, in a position to, to');
const SLOT_W = L(`${WEEKDAYS}, time, times, day, days, slot, slots, date, morning, afternoon, evening, week, the first, the second, the third, the fourth, the last, the earlier, the later`);
const PROCEED = L('move forward, moving forward, go forward, going forward, go ahead, going ahead, proceed, proceeding, continue, continuing, carry on, carrying on, go through with, going through with, take this further, take it further, take things further, pursue, pursuing, progress, progressing, advance, take this any further, take it any further, follow through, following through, be moving forward, be going ahead, be proceeding, be continuing, be pursuing');
const DIRECTION_V = L('go, going, gone, went, decided to go, heading, head, take, taking, took');
const DIRECTION_N = L('direction, route, path, way, road');
const RUNNING = L('out of the running, out of consideration, from consideration, out of the process, from the process, out of the pool, off the shortlist, off the short list, from the shortlist, out of the search, from the running, out of contention, from contention');
const RETRACT = L('withdraw, withdrawing, withdrew, withdrawn, retract, retracting, retracted, rescind, rescinding, rescinded, revoke, revoking, take back, taking back, pull, pulling, pulled, cancel, cancelling, canceling');
const APP_N = L('application, applications, candidacy, my name, my resume, my cv, my interest, interest, acceptance, my application, my candidacy, submission, my submission');
const ELSE_COMMIT = L('committed to, committed with, signed with, signed on with, signed on at, signed up with, signed a contract with, signed a contract, signed an offer, accepted, accepted an offer, accepted an offer with, accepted an offer from, accepted a position with, accepted a role with, accepted a job with, accepted a job at, accepted a post, going with, gone with, went with, joining, joined, decided on, agreed to, said yes to, chose, chosen, picked, taken a job with, took a job with, taken a position with, took a position at, taken a job at, took a job at, taken a role, took a role, started with, starting with, starting at, started at, working for, working at, employed by, employed with, hired by, hired at, going to work for, going to work at, locked in with, locked in');
const ELSE_OBJ = L('another, a different, other, the other, someone else, somebody else, somewhere else, elsewhere, a competitor, a competing, a rival, one of your competitors, a better, a new, different');

/** Small classes of the rules below, made once (not looked up per call). */
const FROM_OFF = L('from, off, out of');
const LIST_DET = L('your, the, this, their, my, any, all, all your, every, whatever');
const LIST_KIND = L('call, calling, phone, contact, dialing, dialling, mailing, marketing');
const DIRECTION_MOD = L('another, a different, a new, different, other, the other, my own');
const DOWN = L('down');
const STEP_FROM = L('from, myself, from the process, from this, from it');
const DIRECTION_PREP = L('in, down, on');
const APP_DET = L('my, our, the, this');
const NO_MORE = L('no further, no more, not any more, not any further');
const TOUCH_OBJ = L('with me, to me, with us, to us, me, us, again');
const STEP_BACK = L('withdraw, withdrawing, withdrew, retract, rescind, bow out, step back, stepping back, step away, stepping away, step aside, stepping aside');

/** Words that turn "not what i'm looking for" into a request for alternatives ("is there any other"). */
const ALT_W = new Set(['other', 'others', 'else', 'another', 'any', 'different', 'alternatives', 'instead', 'cheaper', 'closer']);
const LOST_INTEREST = L('lost interest, lost all interest, lost my interest, lost the interest, losing interest, lost any interest, lose interest, lost enthusiasm, lost my enthusiasm, gone off the idea, gone off it, gone cold on, cooled on, cooled off on, gone off the job, gone off the role, not keen anymore, not keen any more, no longer keen, not keen on the job, not keen on the role, not keen on it anymore, interest has gone, interest is gone, lost the appetite, over it');
const RIGHT_ADJ = L('the right, right, a good, the best, a great, really the right, quite the right, really a good, really right, the correct, a fit, a match, a good match, the kind of, the sort of, the type of, my kind of, a suitable, suitable');
const ROLE_N = L('role, job, fit, position, match, opportunity, career move, move, step, company, gig, post, opening, vacancy, line of work, kind of role, type of role, sort of role, kind of job, type of job, sort of job');
const DROP_APP_V = L('drop, dropping, scratch, scratching, scrap, scrapping, pull, pulling, withdraw, delete, cancel, ditch, bin, shelve, kill, nix, rip up, tear up, throw out, forget about');
const DROP_V = L('drop, dropping, scratch, scratching, scrap, scrapping, pull, pulling, take, taking, remove, removing, strike, cross, withdraw, delete, cancel, ditch, bin, shelve, kill, nix, get, put, rip up, tear up, throw out, forget, forget about');

const KEEN_OBJ = L('job, position, role, opportunity, post, gig, vacancy, opening, offer, idea, whole thing, company, job anymore, role anymore, position anymore, warehouse job, work, it anymore, it any more, it after all, this after all');
const FADED = L('faded, fading, faded away, waned, waning, gone, dropped, dropped off, cooled, cooled off, died, died down, fizzled, fizzled out, dried up, evaporated, vanished, worn off, worn thin, run out, passed, gone away, disappeared, not there, not there anymore, moved on');
const NOT_SOMETHING_V = L('pursue, pursuing, do, take further, take on, go for, go after, follow up on, explore, consider, carry on with, continue with, go ahead with, move forward with, proceed with, commit to, be part of, get into, take up, apply for, invest in');
const LEAVE_END = new Set(['there', 'then', 'thanks', 'thank', 'sorry', 'for', 'at', 'honestly', 'actually', 'really', 'i', 'so', 'but', 'mate', 'though', 'cheers', 'bye', 'goodbye', 'as', 'if', 'this', 'okay', 'alright']);

/** Whether the reply turns the job or the interview down (not a slot: slot refusals come from the mentions). */
export function declines(t: Toks): boolean {
  prepare(t);
  const q = t[0] === 'did' || t[0] === 'do' || t[0] === 'does' || t[0] === 'is' || t[0] === 'are' || t[0] === 'can' || t[0] === 'what' || t[0] === 'how';
  // "i'm not interested", "no longer pursuing it", "not looking for a new job"
  if (chain(t, [P(DEC_NEG), P(L('really, even, currently, actively, at all, that, so, too'), 0, true), P(DEC_STATE, 0)]) >= 0) return true;
  // "i don't want to interview", "no i don't need it anymore", "i don't want the position"
  if (chain(t, [P(WANT), P(JOB_OBJ, 2)], (_s, e) => {
    const last = t[e - 1];
    // "i don't need any more help", "i don't want that one", "i don't want it on monday": not the job
    if ((last === 'more' || last === 'anymore') && e < t.length && !END_OK.has(t[e] as string)) return false;
    if (t[e] === 'one' || t[e] === 'ones' || t[e] === 'either' || t[e] === 'on' || t[e] === 'at' || t[e] === 'then') return false;
    return true;
  }) >= 0) return true;
  // "i found something", "accepted something else", "started a new position", "went with a different company"
  if (!q && chain(t, [P(GOT), P(JOB_MOD, 1, true), P(JOB_N, 1)], (s, e) => {
    if (t[e] === 'interview' || (t[e - 1] === 'something' || t[e - 1] === 'else') && AFTER_SOMETHING.at(t, e) >= 0) return false;
    return !negatedBefore(t, s, 2);
  }) >= 0) return true;
  if (!q && chain(t, [P(L('got, been, was, just got, already got, have been, am now, just been, already been, get')), P(L('hired, employed, taken on, an offer, a job, another job'))]) >= 0) return true;
  if (chain(t, [P(L('already, now')), P(L('have, got, found, took, accepted, started, employed, working, hired, have a job, got a job')), P(L('a, an, another, other, new, the, a new'), 0, true), P(L('job, work, position, offer, role'), 0)]) >= 0) return true;
  if (chain(t, [P(L('have, got, found')), P(JOB_MOD, 0, true), P(L('job, work, position, offer, role')), P(L('now, already, elsewhere, somewhere, lined up, with, at'))]) >= 0) return true;
  // "please withdraw my application", "count me out", "i've moved on", "i'm retiring", "so i'm out"
  const k = chain(t, [P(QUIT_W)], (s, e) => {
    const w = t.slice(s, e).join(' ');
    if (w === 'i am out') return e >= t.length || t[e] === 'of' && t[e + 1] !== 'town' && t[e + 1] !== 'the' || t[e] === 'thanks' || t[e] === 'sorry';
    if (w === 'move on' || w === 'moving on') return t[e] === undefined || t[e] === 'from';
    return true;
  });
  if (k >= 0) return true;
  // "i decided to stay at my current job", "i'm sticking with my employer"
  if (chain(t, [P(L('stay, staying, stick, sticking, remain, remaining, keep, keeping, stay put, happy')), P(L('at, with, in, where'), 1, true), P(L('my, i am'), 0), P(L('current, present, old, existing'), 0, true), P(L('job, company, employer, position, role, work, place, team'), 0)]) >= 0) return true;
  // "i'm gonna have to turn it down", "turning down the offer"
  if (chain(t, [P(TURN_V), P(DOWN_OBJ, 0, true), P(DOWN, 0)], notNegated(3)) >= 0) return true;
  if (!q && chain(t, [P(TURN_V), P(DOWN), P(DOWN_OBJ, 0)], notNegated(3)) >= 0) return true;
  // "i'll pass on the opportunity", "i'm passing up the job", "i'll have to skip the interview"
  if (!q && chain(t, [P(PASS_V), P(PASS_OBJ, 0)], (s, e) => !negatedBefore(t, s, 3) && (e >= t.length || END_OK.has(t[e] as string) || TIME_N.at(t, e) < 0 && !(t[e - 1] === 'it' || t[e - 1] === 'this' || t[e - 1] === 'that'))) >= 0) return true;
  // "i'm not going to move forward with this one", "we'd rather not proceed", "i won't be pursuing it"
  if (chain(t, [P(PROCEED_NEG), P(PROCEED_FILL, 0, true), P(PROCEED_FILL, 0, true), P(PROCEED, 1)], (_s, e) => !(t[e] === 'with' && within(t, e + 1, 2, SLOT_W)) && !(t[e] === 'on' || t[e] === 'at')) >= 0) return true;
  // "i've decided to go in another direction", "went a different way"
  if (!q && chain(t, [P(DIRECTION_V), P(DIRECTION_PREP, 0, true), P(DIRECTION_MOD, 0), P(DIRECTION_N, 1)]) >= 0) return true;
  // "take my application out of the running", "remove me from consideration", "i'm withdrawing my candidacy"
  if (RUNNING.has(t)) return true;
  if (chain(t, [P(RETRACT), P(APP_DET, 0, true), P(APP_N, 1)]) >= 0) return true;
  if (chain(t, [P(STEP_BACK), P(STEP_FROM, 1, true)], (_s, e) => !within(t, e, 2, TIME_N)) >= 0) return true;
  // "i've committed to another clinic", "signed with a different practice", "accepted elsewhere"
  if (!q && chain(t, [P(ELSE_COMMIT), P(ELSE_OBJ, 1)], (s, e) => !negatedBefore(t, s, 2) && TIME_N.at(t, e) < 0 && TIME_N.at(t, e + 1) < 0 && !(t[e] === 'option' || t[e] === 'options' || t[e] === 'slot' || t[e] === 'appointment')) >= 0) return true;
  // "i've lost interest in the position", "i'm losing interest", "i have no interest in the job"
  if (chain(t, [P(LOST_INTEREST)], notNegated(2)) >= 0) return true;
  if (!q && chain(t, [P(L('have no, got no, there is no, with no, no real, not much, zero, little')), P(L('interest'), 1)], (_s, e) => !(t[e] === 'in' && within(t, e + 1, 2, SLOT_W)) && !within(t, e, 2, L('rate, rates, charge, charges, free'))) >= 0) return true;
  // "i'm not keen on the position after all", "not that fussed about the role", "not sold on the job anymore"
  if (chain(t, [P(L('not, not really, not that, not too, not all that, not overly, not very, not so, no longer, not particularly, not massively, not hugely')), P(L('keen on, keen about, fussed about, bothered about, enthusiastic about, excited about, sold on, into, interested in, mad about, crazy about, taken with, set on, wild about, thrilled about, thrilled with, gonna take, going to take, taking')), P(L('the, this, that, your, the whole'), 0, true), P(KEEN_OBJ, 0)], (s, e) => !(t[s - 1] === 'if' || t[s - 2] === 'if') && !within(t, e, 2, SLOT_W) && !(t[e] === 'slot' || t[e] === 'time' || t[e] === 'interview')) >= 0) return true;
  // "it's not the right role for me", "not really a good fit for me", "this job isn't for me"
  if (chain(t, [P(L('not, is not, not really, not quite, not exactly, probably not, just not, really not, no longer')), P(RIGHT_ADJ, 1, true), P(ROLE_N, 2), P(L('for me, for myself, for us, i am after, i am looking for, i want'), 1)], (s, e) => !within(t, s, e - s, SLOT_W)) >= 0) return true;
  if (chain(t, [P(L('this, that, the, it')), P(ROLE_N, 1), P(L('is not, is just not, is not really, really is not, does not, does not really'), 1), P(L('for me, right for me, a fit, a good fit, the right fit, suit me, fit me, my thing, what i want, what i am looking for, what i am after'), 1)], (s, e) => !within(t, s, e - s, SLOT_W)) >= 0) return true;
  if (!q && chain(t, [P(L('not what i am looking for, not what i am after, not what i want, not really what i want, not really what i am looking for, not my thing, not my cup of tea'))], () => !t.some((w) => TIME_N.at([w], 0) >= 0 || ALT_W.has(w))) >= 0) return true;
  // "i'm going to give this one a miss", "i'll take a pass on it"
  if (!q && chain(t, [P(L('give, giving, take, taking, have to give, have to take')), P(L('it, this, that, this one, that one, the interview, the job, the role, the position, the opportunity, them'), 0, true), P(L('a miss, a pass, a skip'), 0)], (s, e) => !negatedBefore(t, s, 3) && !within(t, e, 2, TIME_N)) >= 0) return true;
  // "please drop my application", "scrap my candidacy", "scratch my name off the applicant list", "pull me from the process"
  if (!(q && t[0] !== 'can') && chain(t, [P(DROP_APP_V), P(L('my, our, the, this, that'), 0, true), P(L('application, applications, candidacy, app, submission, resume, cv, interview'), 0)], (s, e) => !negatedBefore(t, s, 3) && !within(t, e, 2, TIME_N)) >= 0) return true;
  if (chain(t, [P(DROP_V), P(L('me, my name, myself, us, our name, my details, my application, my info'), 1), P(FROM_OFF, 1), P(LIST_DET, 0, true), P(CONSIDERATION, 1)], notNegated(3)) >= 0) return true;
  // "my interest has faded", "my enthusiasm has waned": lost interest, said another way
  if (chain(t, [P(L('my interest, interest, the interest, my enthusiasm, enthusiasm, my appetite, appetite')), P(L('in it, in this, in the job, in the role, in the position, for it, for this, for the job, for the role, for the position'), 0, true), P(L('has, is, just, kind of, sort of, has kind of, has sort of, has just, has really, really'), 0, true), P(FADED, 0)], notNegated(2)) >= 0) return true;
  // "it's not something i want to pursue now", "not something i'm interested in", "nothing i want to take further"
  if (chain(t, [P(L('not something, not anything, not really something, nothing, not a thing, not an opportunity, not a role, not a job, not a position')), P(L('i want to, i wish to, i would like to, i am looking to, i care to, i am keen to, i need to, i plan to, i intend to, i would want to, i really want to, i am willing to, i feel like, we want to'), 0), P(NOT_SOMETHING_V, 1)], (_s, e) => !within(t, e, 2, SLOT_W)) >= 0) return true;
  if (chain(t, [P(L('not something, not anything, not really something, nothing')), P(L('i am, i would be, i am really'), 0), P(L('interested in, keen on, after, looking for, up for, into'), 1)], (_s, e) => !within(t, e, 2, SLOT_W)) >= 0) return true;
  // "so i'll leave it", "i think i'll leave it there": letting it go (not "leave it to you", not "leave it till friday")
  if (chain(t, [P(L('i will, i am going to, i am gonna, i think i will, i shall, i will just, i am just going to, i would rather, i might, i will have to, i will probably')), P(L('leave it, leave this, leave that, let it go, let this go, leave things, drop it, give it up, give this up, let it drop'), 0)], (_s, e) => e >= t.length || LEAVE_END.has(t[e] as string) && !(t[e] === 'at' && t[e + 1] !== 'that') && !(t[e] === 'for' && t[e + 1] !== 'now')) >= 0) return true;
  // "pass", "pass thanks", "cancel that"
  if (t[0] === 'pass' && (t.length === 1 || PASS_NEXT.has(t[1] as string))) return true;
  if (t.includes('cancel') && !q) return true;
  // "nah mate i'm sorted job wise", "i'm all set for work thanks"
  if (chain(t, [P(L('i am, am')), P(SORTED, 1), P(JOB_W, 3)]) >= 0) return true;
  return false;
}
