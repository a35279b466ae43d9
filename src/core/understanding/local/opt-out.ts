/**
 * Opt-out: the candidate asks not to be called again or to be taken off the call list ("stop calling", "remove my number",
 * "i should not be contacted again"), as opposed to a time for the call ("don't call me before noon").
 */
import {
  L,
  P,
  chain,
  within,
  TIME_N,
  FROM_OFF,
  LIST_DET,
  LIST_KIND,
  NO_MORE,
  CONSIDERATION,
  looksLikeName,
  WEEKDAYS,
  type Toks,
} from './lexicon.js';

const CONTACT_V = L(
  'call, calls, calling, ring, ringing, phone, phoning, phone calls, contact, contacting, bother, bothering, text, texts, texting, ' +
    'message, messages, messaging, email, emailing, harass, harassing, dial, dialing, pester, pestering, spam, spamming, robocall, ' +
    'robocalls, bug, bugging',
);
const STOP = L('stop, quit, cease, enough, enough with, done with');
const NEVER = L('never, do not, no more, not ever, please do not, do not ever, never ever');
const OPT_TARGET = L(
  'me, us, here, this number, this phone, this line, my phone, my number, my cell, this cell, again, anymore, any more, ever, ever ' +
    'again, it again, no more, from now on, back',
);
const STRONG_TARGET = L('again, anymore, any more, ever again, ever, no more, from now on');
/** "don't call me before noon", "don't call me till friday": a time for the call, not an opt-out. */
const CALL_WHEN = L(
  `until, till, til, before, after, at, on, in, during, between, tomorrow, today, tonight, this, next, at work, when, while, right ` +
    `now, now, back later, later, ${WEEKDAYS}`,
);
const DONT_WANT = L(
  'do not want, never want, do not wish, no longer want, do not need, do not like getting, am tired of, sick of, tired of, fed up with',
);
const CALLS_N = L(
  'calls, call, calling, phone calls, contact, contacted, contacting, called, phoned, phoning, texts, texting, messages, hear from, ' +
    'hearing from, ringing, ring, phone',
);
const DW_FILL = L(
  'any more of these, any more of your, any more of those, any more of the, any more of them, more of these, more of your, more of ' +
    'those, of these, of your, of those, any more, any, these, your, the, those, more, to be, to get, to receive, to keep getting, you,' +
    ' anyone, anybody, any further, further, you people, you guys, your company, this, all these, all the, to, any of these, your ' +
    'stupid, these stupid, robot, robo, automated, automatic, recorded, spam',
);
/** "any more phone interviews": the interview, not the calls. */
const NOT_CALL_NEXT = new Set(['interview', 'interviews', 'screen', 'screens', 'screening', 'slot', 'slots', 'time', 'times']);
const ERASE = L('remove, delete, erase, scrub, wipe, purge, lose, forget');
const MOVE = L('take, get, drop, strike, cross, pull, scratch, put');
const PERSONAL = L(
  'me, my number, my phone number, my cell, my cell number, my name, my details, my info, my information, my data, my contact, my ' +
    'contact info, my contact information, my contact details, my record, my records, my file, my email, this number, this phone ' +
    'number, the number, this phone, us',
);
const OFF = L('off, out of, from');
const LIST_N = L(
  'list, lists, database, databases, system, systems, records, record, register, registry, files, roster, contacts, call list, ' +
    'calling list, mailing list, file, rolodex, dialer, directory, spreadsheet, books',
);
const ERASED = L('removed, deleted, erased, scrubbed, wiped, purged, taken off, off');
/** "removed from your call list", "taken off the calling list", "struck from your records" (no "me" needed). */
const ERASED_FROM = L(
  'removed, deleted, erased, scrubbed, wiped, purged, taken off, taken out, struck off, struck, crossed off, dropped, pulled, ' +
    'removed off, remove, delete, erase, take, taken, get, strike, cross',
);
const CALLS_DET = L('these, those, your, the, all, all these, all your, all the, any, any more, future, any future, further');
const CALLS_LIST = L('calls, phone calls, robocalls, automated calls, texts, messages, calling');
const OPT_IDIOM = L(
  'unsubscribe, unsubscribed, opt out, opt me out, opting out, opted out, do not call list, do not call registry, do not call ' +
    'register, do not call me list, dnc, leave me alone, put me on the do not call, put me on your do not call',
);
const ABUSE = L(
  'harassment, harassing, harass, spam, scam, telemarketing, telemarketer, robocall, report you, reporting you, reporting this ' +
    'number, report this number, sue',
);
const ENOUGH = L('stop, enough, quit, leave me alone, knock it off, cut it out');

const PASSIVE_NEG = L(
  'should not be, must not be, should never be, must never be, is not to be, are not to be, am not to be, is never to be, not to be, ' +
    'never to be, do not want to be, does not want to be, do not wish to be, never want to be, never wish to be, would rather not be, ' +
    'would prefer not to be, prefer not to be, would like not to be, want not to be, will not be, not be, never be, should not get, ' +
    'should not ever be, must not ever be, needs to not be, need to not be, can not be, ca not be',
);
const PASSIVE_V = L(
  'called, contacted, rung, phoned, texted, messaged, dialed, dialled, bothered, disturbed, pestered, harassed, called back, ' +
    'contacted again, called again',
);
/** Soft preference forms that need "again"/"anymore" to be an opt-out ("i'd rather not be called at work" is a time). */
const PASSIVE_SOFT = L('would rather not be, would prefer not to be, prefer not to be, will not be, can not be');
const MAKE_SURE = L('make sure, make certain, ensure, see to it, see that, check that, be sure, promise');
const SURE_SUBJ = L(
  'i, we, me, this number, this phone, my number, my phone, this line, it, you, nobody, no one, your people, your company, they, anyone',
);
const SURE_NEG = L(
  'am not, are not, is not, am never, are never, is never, do not, does not, never, will not, never ever, will never, do not ever, ' +
    'not, no longer, nobody, no one',
);

/** Small classes of the rules below. */
const NO_MORE_ONLY = L('no more');
const OF_THESE_OF_YOUR = L('of these, of your, of those, of the, of them');
const NOT_INTERESTED_IN_NO_INTEREST_IN = L('not interested in, no interest in, not interested in getting, not interested in receiving');
const CLASS_29 = L('off');
const THE_MY = L('the, my, a, an');
const THAT = L('that');
const BE_GET = L('be, get, getting, ever, ever be, ever get, be getting, receive, any more, anymore');
const CALLED_CONTACTED = L(
  'called, contacted, rung, phoned, texted, messaged, bothered, disturbed, call, contact, ring, phone, text, message, bother, calls, ' +
    'any calls, any more calls, more calls, further calls, another call',
);

export function optOut(t: Toks): boolean {
  if (OPT_IDIOM.has(t)) return true;
  // "stop calling", "quit ringing me", "stop with the calls", "enough with the calls"
  if (chain(t, [P(STOP), P(CONTACT_V, 3)]) >= 0) return true;
  // "never ring this number again", "don't text or call me anymore", "do not call it again"
  if (chain(t, [P(NEVER), P(CONTACT_V, 2), P(STRONG_TARGET, 4)]) >= 0) return true;
  // (not "don't call me till friday")
  if (chain(t, [P(NEVER), P(CONTACT_V, 2), P(OPT_TARGET, 1)], (_s, e) => CALL_WHEN.at(t, e) < 0) >= 0) return true;
  // "no more phone calls", "i don't want any more calls", "i do not want to be contacted", "i don't want you calling me"
  if (chain(t, [P(NO_MORE_ONLY), P(CALLS_N)]) >= 0) return true;
  if (chain(t, [P(DONT_WANT), P(DW_FILL, 0, true), P(DW_FILL, 0, true), P(CALLS_N, 0)], (_s, e) => !NOT_CALL_NEXT.has(t[e] as string)) >= 0)
    return true;
  // "remove my number", "scrub my number", "delete me from your system", "lose my number"
  if (chain(t, [P(ERASE), P(PERSONAL, 1)], (_s, e) => !within(t, e, 4, CONSIDERATION)) >= 0) return true;
  // "i want to be removed from your call list", "get taken off the calling list", "struck from your records"
  if (
    chain(t, [P(ERASED_FROM), P(FROM_OFF, 3), P(LIST_DET, 0, true), P(LIST_KIND, 1, true), P(LIST_N, 0)], (s, e) => {
      // "remove the monday slot from the list": a slot, not the candidate
      for (let k = s; k < e; k++) if (TIME_N.at(t, k) >= 0 || CONSIDERATION.at(t, k) >= 0) return false;
      return true;
    }) >= 0
  )
    return true;
  // "i want to be removed from these calls", "take me out of your calls": the calls themselves as the list
  if (chain(t, [P(ERASED_FROM), P(FROM_OFF, 3), P(CALLS_DET, 0, true), P(CALLS_LIST)]) >= 0) return true;
  // "no further calls", "no more contact please"
  if (chain(t, [P(NO_MORE), P(OF_THESE_OF_YOUR, 0, true), P(CALLS_N)], (_s, e) => !NOT_CALL_NEXT.has(t[e] as string)) >= 0) return true;
  // "i'm not interested in any more of your calls", "not interested in getting these calls"
  if (
    chain(
      t,
      [P(NOT_INTERESTED_IN_NO_INTEREST_IN), P(DW_FILL, 0, true), P(DW_FILL, 0, true), P(CALLS_N, 0)],
      (_s, e) => !NOT_CALL_NEXT.has(t[e] as string),
    ) >= 0
  )
    return true;
  // "take me off whatever list you have", "get my name off your list", "take me off please"
  if (
    chain(
      t,
      [P(MOVE), P(PERSONAL, 1), P(OFF, 1)],
      (_s, e) => (e >= t.length || t[e] === 'please' || within(t, e, 4, LIST_N)) && !within(t, e, 4, CONSIDERATION),
    ) >= 0
  )
    return true;
  // "i want my number removed", "please have me taken off"
  if (chain(t, [P(PERSONAL), P(ERASED, 1)]) >= 0 && chain(t, [P(CLASS_29), P(THE_MY)]) < 0) return true;
  // "i want off your list", "off whatever list you have"
  if (chain(t, [P(CLASS_29), P(LIST_N, 3)], (s, e) => !within(t, s, e - s - 1, CONSIDERATION)) >= 0) return true;
  // passive: "this number shouldn't be called again", "i'm not to be contacted", "make sure i'm not called again"
  if (
    chain(
      t,
      [P(PASSIVE_NEG), P(PASSIVE_V, 1)],
      (s, e) =>
        !(t[s - 1] === 'if' || t[s - 2] === 'if') &&
        !(t[e - 1] === 'called' && STRONG_TARGET.at(t, e) < 0 && looksLikeName(t[e] ?? '')) &&
        (STRONG_TARGET.at(t, e) >= 0 || within(t, e, 4, STRONG_TARGET) || (CALL_WHEN.at(t, e) < 0 && PASSIVE_SOFT.at(t, s) < 0)),
    ) >= 0
  )
    return true;
  if (
    chain(
      t,
      [P(MAKE_SURE), P(THAT, 0, true), P(SURE_SUBJ, 1), P(SURE_NEG, 1), P(BE_GET, 0, true), P(CALLED_CONTACTED, 1)],
      (_s, e) => CALL_WHEN.at(t, e) < 0 || within(t, e, 3, STRONG_TARGET),
    ) >= 0
  )
    return true;
  // "this is harassment stop", "i'm reporting you, stop"
  if (ABUSE.has(t) && ENOUGH.has(t)) return true;
  // a bare "stop" (the SMS convention)
  if (t.length <= 3 && t[0] === 'stop' && t.every((w) => w === 'stop' || w === 'please' || w === 'it' || w === 'now')) return true;
  return false;
}
