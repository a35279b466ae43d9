/**
 * Wrong person: the caller reached someone other than the candidate ("wrong number", "this is her mum", "there's no
 * Dana here", "you've reached a dental office"). The candidate's name comes from the conversation's state.
 */
import { Lex, L, P, chain, within, negatedBefore, notNegated, TIME_N, looksLikeName, type Toks, words } from './lexicon.js';

const KIN = L(
  'wife, husband, mom, mum, mother, mommy, dad, father, daddy, son, daughter, brother, sister, partner, roommate, room mate, ' +
    'flatmate, housemate, friend, girlfriend, boyfriend, grandmother, grandma, granny, nana, grandfather, grandpa, grandson, ' +
    'granddaughter, aunt, auntie, uncle, cousin, niece, nephew, assistant, secretary, colleague, coworker, co worker, boss, landlord, ' +
    'landlady, neighbor, neighbour, stepmom, stepdad, step mom, step dad, stepson, stepdaughter, fiance, fiancee, spouse, kid, child, ' +
    'parent, caregiver, carer, nanny, babysitter, mother in law, father in law, sister in law, brother in law, other half',
);
const SELF_IS = L('this is, i am, it is, you are speaking to, you are talking to, you have reached, you reached, speaking is, you got');
const MY = L('my');
const WRONG = L('wrong, incorrect');
const WP_NOUN = L(
  'number, person, guy, girl, lady, man, woman, house, people, name, phone, line, fellow, family, address, household, one person, ' +
    'individual, party, dude, bloke, chap, gal',
);
const DIALED = L('dialed, dialled, dial, dialing, dialling, rang, called, got, have, reached, ringing, calling, typed, punched');
const NOBODY = L('no one, noone, nobody, no body, not anyone, not anybody, no person, nobody here, no one here, no such person');
const BY_NAME = L('by that name, named, called, by the name, with that name, of that name, that goes by, goes by, like that, answering to');
const NEVER_HEARD = L(
  'never heard of, not heard of, never met, do not know, not know, no idea, have no idea, not a clue, no clue, have not got a clue, ' +
    'not sure who, never heard, not familiar with, not ring a bell, does not ring a bell, do not recognise, do not recognize, never ' +
    'come across, never came across',
);
const APPLY_NEG = L('never, did not, have not, do not remember, do not recall, not, no');
const APPLY = L('apply, applied, applying, application, applications, submitted, submit, sign up, signed up, send in, sent in, put in for');
const ABSENT = L(
  'not here, not home, not at home, not in, not around, not available, not back, not back yet, out, away, asleep, sleeping, at work, ' +
    'at school, at the, in school, in class, busy, unavailable, working, in the shower, napping, in bed, not awake, still at, on ' +
    'vacation, out of town, not up, in the hospital, out right now',
);
const NOT_ONE = L('not the, not who, not the one, not the person, not the guy, not that, not whoever');
const YOU_WANT = L('you want, you are looking for, you need, you mean, you are after, you are trying, you wanted, you think, you asked');
/** Someone answering for the candidate: translating, or passing on what the candidate says. */
const SPEAKS_FOR = L(
  'i translate, i am translating, translating for, i interpret, i am interpreting, interpreting for, on her behalf, ' +
    'on his behalf, on their behalf, she says, he says, she said, he said, she wants, he wants, she would like, he would like',
);

const SOMEONE_ELSE = L('someone else, somebody else, some one else, another person, a different person');
const FOR_ELSE = L(
  'belongs to, belong to, belonged to, is registered to, registered to, looking for, want, need, mean, after, trying to reach, ' +
    'trying to get, thinking of, asking for, calling for, have, reached, got, number, phone, s number',
);
const NEW_NUM = L(
  'got this number, have had this number, got this phone, was given this number, got the number, got a new number, have a new number,' +
    ' new number, inherited this number, took over this number, bought this phone, got this line',
);
const MOVED = L(
  'moved, moved out, moved away, does not live, do not live, no longer lives, no longer live, not live, doesnt live, passed away, ' +
    'died, does not stay, does not work here, left the country, no longer here, is not here anymore',
);

const WHO_OBJ = [
  'him',
  'her',
  'them',
  'that person',
  'this person',
  'who that is',
  'who this is',
  'who that person is',
  'who he is',
  'who she is',
  'who you are on about',
  'who you are after',
  'who that would be',
  'who that is supposed to be',
  'anyone',
  'anybody',
  'anyone here',
  'anybody here',
  'anyone like that',
  'anyone with that name',
  'anyone of that name',
  'any such person',
  'such a name',
  'that name',
  'the name',
  'this name',
  'of them',
  'of him',
  'of her',
  'a soul by',
  'who you mean',
  'who you want',
  'who you are talking about',
  'who you are looking for',
  'who that person is',
  'who they are',
  'that guy',
  'that name',
  'the name',
  'such a person',
  'anyone by',
  'anybody by',
  'anyone named',
  'anybody named',
  'anyone called',
  'anybody called',
  'any person',
];
const IS_MY = [
  'he is',
  'she is',
  'they are',
  'that is',
  'that would be',
  'you want',
  'you are looking for',
  'you mean',
  'you need',
  'looking for',
  'you are after',
  'trying to reach',
  'you are trying to reach',
  'asking for',
  'you are asking for',
  'it is for',
];
const WRONG_ISH = L('wrong, the wrong, a wrong, incorrectly, wrongly, the incorrect');
const NO_SUCH = L('no, there is no, there are no, nobody, no one, there is nobody, there is no one');
const HERE = L(
  'here, at this number, at this address, living here, lives here, by that name, at this phone, on this number, at this house, in ' +
    'this house',
);
const PHONE_N = L('number, phone, cell, line, phone number, cell phone');
class AnyName extends Lex {
  constructor() {
    super([]);
  }
  override at(t: Toks, i: number): number {
    return looksLikeName(t[i] ?? '') ? i + 1 : -1;
  }
}
const ANY_NAME = new AnyName();
/** Someone else's, as a recogniser writes it ("angelas", "my brothers", "her"); not "my" alone (the candidate's own). */
class Owner extends Lex {
  constructor() {
    super(['his', 'her', 'their']);
  }
  override at(t: Toks, i: number): number {
    const w = t[i] ?? '';
    return (w.endsWith('s') && looksLikeName(w)) || KIN.at([w.replace(/s$/, '')], 0) >= 0 ? i + 1 : super.at(t, i);
  }
}
const OWNER = new Owner();
const OLD = L('old, previous, former, ex');
const IT_THAT = L('it, this, that, this one, that one');
const ANYMORE = L('anymore, any more, any longer, now');
const USED_TO_BE = L('used to be, was, used to belong to, belonged to');
/** "i'd rather not proceed with the application": about going on with it, not about never having applied. */
const PROCEED_ANY = L(
  'proceed, continue, pursue, move forward, go forward, go ahead, going ahead, moving forward, withdraw, carry on, go through, ' +
    'follow through, take',
);
const WHO_IS = L('who is, who, who the heck is, who the hell is');

interface NameLex {
  poss: Lex;
  who: Lex;
  isMy: Lex;
  third: Lex;
  subj: Lex;
  name: Lex | null;
}
/**
 * The classes that mention the candidate by name ("his mum", "who is dana", "dana moved out"). Building them costs
 * more than reading a reply, and a call asks with the same name on every turn: they are kept per name.
 */
const byName = new Map<string | null, NameLex>();
function lexFor(name: string | null): NameLex {
  let lex = byName.get(name);
  if (lex === undefined) {
    if (byName.size >= 1000) byName.clear();
    lex = buildLexFor(name);
    byName.set(name, lex);
  }
  return lex;
}

function buildLexFor(name: string | null): NameLex {
  const nm = name === null ? [] : [name, name + 's'];
  const whoNm = name === null ? [] : [...nm, 'a ' + name, 'any ' + name, 'who ' + name + ' is', 'any ' + name + 's', 'of ' + name];
  return {
    poss: new Lex(['his', 'her', 'their', ...nm]),
    who: new Lex([...WHO_OBJ, ...whoNm]),
    isMy: new Lex([...IS_MY, ...nm, ...(name === null ? [] : [name + ' is'])]),
    third: new Lex(['he is', 'she is', 'they are', ...(name === null ? [] : [name + ' is', name])]),
    subj: new Lex(['he', 'she', 'they', ...(name === null ? [] : [name])]),
    name: name === null ? null : new Lex(nm),
  };
}

const MISDIAL = L(
  'misdialed, misdialled, misdial, misdialing, misdialling, mis dialed, mis dialled, mistyped the number, misread the number, dialed ' +
    'the wrong, dialled the wrong, dialed wrong, dialled wrong, rang the wrong, called the wrong number, got the wrong number, wrong ' +
    'number, wrong line, wrong phone, wrong person, wrong house, wrong extension, wrong digits, wrong cell',
);
const PHONE_REF = L(
  'this phone, this number, this line, this cell, this mobile, the phone, the number, that number, that phone, this phone number, ' +
    'the phone number, this cell phone, the line, this handset, the cell',
);
const OWNED = L(
  'belongs to, belong to, belonged to, is registered to, registered to, is registered under, registered under, is in the name of, in ' +
    'the name of, is owned by, owned by, is used by, used by, is, is actually, is really, actually belongs to, really belongs to, is ' +
    'for, goes to, rings through to, rings to',
);
const REACHED = L(
  'this is, it is, that is, you called, you have called, you are calling, you rang, you have rung, you are ringing, you reached, you ' +
    'have reached, you got, you have got, you dialed, you have dialed, you dialled, you have dialled, you have, this is actually, it ' +
    'is actually',
);
const NO_USE = L(
  'does not use, do not use, no longer uses, no longer use, does not have, no longer has, does not own, not using, is not using, ' +
    'stopped using, gave up, has given up, does not answer, is not on, not on, does not carry, got rid of, has not had, has not used, ' +
    'does not go by, no longer on',
);
const CHANGED = L(
  'changed, switched, has changed, has switched, got a different, has a different, has another, got another, changed his, changed ' +
    'her, changed their',
);
const FIRST_PERSON = new Set(['i', 'we', 'me']);
const NOT_PERSONAL = L(
  'business, office, company, front desk, reception, shared, landline for the, main, switchboard, store, shop, clinic, restaurant, ' +
    'school, church, fax',
);

/** A business or institution reached instead of a person. */
const BUSINESS_N = L(
  'office, offices, clinic, practice, surgery, business, company, firm, agency, store, shop, restaurant, salon, bank, pharmacy, ' +
    'hospital, school, church, reception, front desk, switchboard, answering service, call center, call centre, warehouse, garage, ' +
    'hotel, dealership, law firm, dental office, doctor s office, doctors office, medical office, main line, office line, business ' +
    'line, company line, place of business, not a person, not a private number, not a personal number, not a residence',
);
/** "you have reached ..." names the place by itself; "this is a dental office" must end there (not "this is a restaurant i like"). */
const REACHED_PLACE = L(
  'you have reached, you reached, you called, you have called, you are calling, you rang, you have rung, you are ringing, you dialed,' +
    ' you have dialed, you dialled, you have dialled, you got through to, you are through to, this is, this is actually, this number ' +
    'is, this line is, this phone is',
);
const REACHED_FAR = L(
  'you have reached, you reached, you called, you have called, you are calling, you rang, you have rung, you are ringing, you dialed,' +
    ' you have dialed, you dialled, you have dialled, you got through to, you are through to, this number is, this line is, this phone ' +
    'is',
);
const PLACE_END = new Set(['not', 'sorry', 'you', 'so', 'there', 'nobody', 'no', 'we', 'line', 'number', 'phone', 'here']);
/** "this is the office manager", "it's a business day", "it's an office job": not the place itself. */
const NOT_BUSINESS_NEXT = words(
  'manager managers assistant worker workers owner administrator admin hours day days job jobs role position based visit trip ' +
    'meeting call interview building park party person thing stuff work event',
);

/**
 * Whether the reply says the caller reached someone other than the candidate. `name` is the candidate's (from the
 * greeting) when known; `slotTalk` says the reply names a day or time, so "she's busy on monday" is not about absence.
 */
/** Small classes of the rules below. */
const SUCH_PERSON_SUCH = L('such person, such');
const HERE_SPEAKING = L('here, speaking');
const NOT_NO_LONGER = L('not, no longer');
const THIS_IS_NOT_THAT_IS_NOT = L('this is not, that is not, it is not, not, no longer');
const I_AM_NOT_THIS_IS_NOT = L('i am not, this is not, it is not, you are not speaking to, you are not talking to');
const DOES_NOT_LIVE_DO_NOT_LIVE = L(
  'does not live, do not live, no longer lives, no longer works, moved out, moved away, passed away, is no longer here, does not stay',
);
const MY_OUR = L('my, our, his, her, their, the, a');
const MY_OUR_HIS = L('my, our, his, her, their, ');
const THIS_THAT = L('this, that, the, her, his, their');
const NUMBERS_NUMBER = L(
  'numbers, number, phones, his number, her number, their number, phone number, his phone, her phone, their phone, cell',
);
const A_AN = L('a, an, the, our');
const A_AN_THE = L('a, an, the, our, my');

export function wrongPerson(t: Toks, name: string | null, slotTalk: boolean): boolean {
  // "i'm her daughter, i translate for my mom, she says thursday is good": the candidate answering through someone
  if (slotTalk && SPEAKS_FOR.has(t)) return false;
  const n = lexFor(name);
  if (name !== null && notTheCandidate(t, name)) return true;
  // "you've got the wrong guy", "incorrect number", "wrong house", "wrong jordan"
  if (chain(t, [P(WRONG), P(WP_NOUN, 1)]) >= 0) return true;
  if (n.name !== null && chain(t, [P(WRONG), P(n.name)]) >= 0) return true;
  // "you must have dialed wrong", "you have the wrong ..." (not "the wrong time")
  if (chain(t, [P(DIALED), P(WRONG_ISH, 1)], (_s, e) => TIME_N.at(t, e) < 0 && TIME_N.at(t, e + 1) < 0) >= 0) return true;
  // "there's nobody named jordan here", "no one by that name", "no one called jordan here", "there's no jordan here"
  if (chain(t, [P(NOBODY), P(BY_NAME, 2)]) >= 0) return true;
  if (n.name !== null && chain(t, [P(NO_SUCH), P(n.name), P(HERE, 2, true)]) >= 0) return true;
  if (chain(t, [P(NO_SUCH), P(SUCH_PERSON_SUCH), P(HERE, 2, true)]) >= 0) return true;
  // "never heard of them", "i don't know who that is", "i don't know any jordan"
  if (chain(t, [P(NEVER_HEARD), P(n.who, 1)], (_s, e) => !within(t, e, t.length, TIME_N)) >= 0) return true;
  // "this is her mom", "i'm her husband", "this is jordan's dad"; "her mom here"
  if (chain(t, [P(SELF_IS), P(n.poss), P(KIN)]) >= 0) return true;
  if (chain(t, [P(n.poss), P(KIN), P(HERE_SPEAKING)]) >= 0) return true;
  // "jordan's my daughter", "you're looking for my son", "that's my brother"
  if (chain(t, [P(n.isMy), P(MY), P(KIN)]) >= 0) return true;
  // "i never applied for anything", "i didn't apply", "i never put in an application"
  if (
    t[0] !== 'did' &&
    t[0] !== 'have' &&
    chain(t, [P(APPLY_NEG), P(APPLY, 3)], (s, e) => (t[s] !== 'no' || t[s + 1] === 'application') && !within(t, s, e - s, PROCEED_ANY)) >= 0
  )
    return true;
  // "he's not home right now", "she's at school", "jordan is asleep": third person, so not the candidate
  if (!slotTalk && chain(t, [P(n.third), P(ABSENT, 1)]) >= 0 && t[0] !== 'is' && t[0] !== 'will') return true;
  // "i'm not the one you want", "not who you're looking for"
  if (chain(t, [P(NOT_ONE), P(YOU_WANT, 2)]) >= 0) return true;
  // "you must be looking for someone else", "this is someone else's number"
  if (chain(t, [P(FOR_ELSE), P(SOMEONE_ELSE, 1)]) >= 0 || chain(t, [P(SOMEONE_ELSE), P(PHONE_N, 1)]) >= 0) return true;
  // "i just got this number last month", "this is a new number"
  if (NEW_NUM.has(t)) return true;
  // "this isn't jordan's phone anymore", "not his number"
  if (chain(t, [P(NOT_NO_LONGER), P(n.poss), P(PHONE_N)]) >= 0) return true;
  // "jordan moved away last year", "he doesn't live here"
  if (chain(t, [P(n.subj), P(MOVED, 2)]) >= 0) return true;
  // no greeting to take the name from: "there's no alex here", "this isn't alex's phone", "i'm not alex"
  if (chain(t, [P(NO_SUCH), P(ANY_NAME), P(HERE)]) >= 0) return true;
  if (chain(t, [P(THIS_IS_NOT_THAT_IS_NOT), P(ANY_NAME), P(PHONE_N)]) >= 0) return true;
  if (t.length >= 4 && chain(t, [P(I_AM_NOT_THIS_IS_NOT)], (_s, e) => e === t.length - 1 && looksLikeName(t[e] as string)) >= 0)
    return true;
  if (chain(t, [P(ANY_NAME), P(DOES_NOT_LIVE_DO_NOT_LIVE)]) >= 0) return true;
  // "you've misdialed", "i think you misdialled": the caller reached the wrong destination
  if (chain(t, [P(MISDIAL)], (s) => !(t[s - 1] === 'i' || (t[s - 2] === 'i' && t[s - 1] === 'have')) && !negatedBefore(t, s, 2)) >= 0)
    return true;
  // "this phone belongs to my husband", "this number is my wife's", "the line is registered to my dad"
  if (chain(t, [P(PHONE_REF), P(OWNED, 1), P(MY_OUR, 1), P(KIN, 0)], notNegated(t, 1)) >= 0) return true;
  // "this is my husband's phone", "you've called my mum's number", "it's her dad's cell"
  if (chain(t, [P(REACHED), P(MY_OUR_HIS, 1), P(KIN, 0), P(PHONE_N, 1)], notNegated(t, 1)) >= 0) return true;
  // "jordan doesn't use this number anymore", "she no longer has this phone", "he changed numbers"
  if (
    chain(
      t,
      [P(NO_USE), P(THIS_THAT, 0, true), P(PHONE_N, 0)],
      (s) => !FIRST_PERSON.has(t[s - 1] as string) && !FIRST_PERSON.has(t[s - 2] as string),
    ) >= 0
  )
    return true;
  // "this is angelas old number", "that's my brothers old phone"; "she doesn't have it anymore"
  if (chain(t, [P(OWNER), P(OLD), P(PHONE_N)]) >= 0) return true;
  if (chain(t, [P(n.subj), P(NO_USE), P(IT_THAT), P(ANYMORE)]) >= 0) return true;
  if (chain(t, [P(PHONE_REF), P(USED_TO_BE), P(OWNER)], (_s, e) => e >= t.length || PHONE_N.at(t, e) >= 0) >= 0) return true;
  if (
    chain(
      t,
      [P(CHANGED), P(NUMBERS_NUMBER, 1)],
      (s) => !FIRST_PERSON.has(t[s - 1] as string) && !FIRST_PERSON.has(t[s - 2] as string) && !negatedBefore(t, s, 2),
    ) >= 0
  )
    return true;
  // "this is a business line", "you've reached an office number", "this is the front desk"
  if (chain(t, [P(REACHED), P(A_AN, 0, true), P(NOT_PERSONAL, 0), P(PHONE_N, 1)], notNegated(t, 1)) >= 0) return true;
  // "you have reached a dental office", "this is a law firm", "you've rung the clinic's front desk": a business, not a person
  if (
    chain(
      t,
      [P(REACHED_PLACE), P(A_AN_THE, 0, true), P(BUSINESS_N, 1)],
      (s, e) =>
        !negatedBefore(t, s, 1) &&
        !NOT_BUSINESS_NEXT.has(t[e] as string) &&
        !within(t, s, e - s, TIME_N) &&
        (REACHED_FAR.at(t, s) >= 0 || e >= t.length || PLACE_END.has(t[e] as string)),
    ) >= 0
  )
    return true;
  // "who's jordan"
  if (n.name !== null && chain(t, [P(WHO_IS), P(n.name)], (_s, e) => e >= t.length || t[e] === 'again' || t[e] === 'sorry') >= 0)
    return true;
  return false;
}

/** "i'm not alex", "there's no alex here", "alex moved out": about the person the caller asked for by name. */
function notTheCandidate(t: Toks, name: string): boolean {
  if (!t.includes(name)) return false;
  const s = ' ' + t.join(' ') + ' ';
  const about = new RegExp(
    ` (?:i am not|this is not|it is not|not|there is no|no|who is|who s|wrong) ${name} | ${name} ` +
      '(?:is not (?:here|home|in|available|around)|does not live|moved|no longer|is not at|passed away|died) ',
  );
  return about.test(s);
}
