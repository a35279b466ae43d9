/**
 * Text normalisation for recogniser transcripts: lower case, punctuation out, contractions expanded,
 * fillers and stutters dropped. The result is a token array; callers join it with spaces when they match phrases.
 */

const CONTRACTIONS: Record<string, string> = {
  "don't": 'do not',
  dont: 'do not',
  "doesn't": 'does not',
  doesnt: 'does not',
  "didn't": 'did not',
  didnt: 'did not',
  "can't": 'can not',
  cant: 'can not',
  cannot: 'can not',
  "won't": 'will not',
  wont: 'will not',
  "wouldn't": 'would not',
  wouldnt: 'would not',
  "shouldn't": 'should not',
  shouldnt: 'should not',
  "couldn't": 'could not',
  couldnt: 'could not',
  "isn't": 'is not',
  isnt: 'is not',
  "aren't": 'are not',
  arent: 'are not',
  "wasn't": 'was not',
  wasnt: 'was not',
  "weren't": 'were not',
  werent: 'were not',
  "haven't": 'have not',
  havent: 'have not',
  "hasn't": 'has not',
  hasnt: 'has not',
  "hadn't": 'had not',
  hadnt: 'had not',
  "ain't": 'am not',
  aint: 'am not',
  "i'm": 'i am',
  im: 'i am',
  "i've": 'i have',
  ive: 'i have',
  "i'll": 'i will',
  "i'd": 'i would',
  id: 'i would',
  "you're": 'you are',
  youre: 'you are',
  "you've": 'you have',
  youve: 'you have',
  "you'll": 'you will',
  "you'd": 'you would',
  "we're": 'we are',
  "we'll": 'we will',
  "we'd": 'we would',
  "they're": 'they are',
  theyre: 'they are',
  "they'll": 'they will',
  "they'd": 'they would',
  "they've": 'they have',
  theyve: 'they have',
  "we've": 'we have',
  weve: 'we have',
  "it'll": 'it will',
  "that'll": 'that will',
  thatll: 'that will',
  "that'd": 'that would',
  "there'll": 'there will',
  "that's": 'that is',
  thats: 'that is',
  "it's": 'it is',
  "what's": 'what is',
  whats: 'what is',
  "where's": 'where is',
  wheres: 'where is',
  "who's": 'who is',
  whos: 'who is',
  "how's": 'how is',
  hows: 'how is',
  "there's": 'there is',
  theres: 'there is',
  "here's": 'here is',
  heres: 'here is',
  "he's": 'he is',
  hes: 'he is',
  "she's": 'she is',
  shes: 'she is',
  "let's": 'let us',
  lets: 'let us',
  "when's": 'when is',
  whens: 'when is',
  "why's": 'why is',
  gonna: 'going to',
  wanna: 'want to',
  gotta: 'got to',
  "y'all": 'you all',
  ok: 'okay',
  'o.k.': 'okay',
  k: 'okay',
  "o'clock": 'oclock',
  yea: 'yeah',
  ya: 'yeah',
  yah: 'yeah',
  yas: 'yes',
  yess: 'yes',
  nah: 'nah',
  // regional yes and no (Scotland, the north of England, Ireland): read as the plain words
  aye: 'yes',
  naw: 'nah',
  nae: 'no',
  // Australian and New Zealand "arvo": the afternoon ("wednesday arvo", "this arvo")
  arvo: 'afternoon',
  arvos: 'afternoons',
  tmrw: 'tomorrow',
  tomorow: 'tomorrow',
  tommorow: 'tomorrow',
  tommorrow: 'tomorrow',
  thru: 'through',
  mornin: 'morning',
  // a dropped g ("quit callin me", "stop ringin this number", "i am not lookin for work"): read as the -ing word
  ...droppedG(
    'call ring phon text messag contact bother pester harass dial spamm bugg look work go com try tak gett talk think ' +
      'want leav mov start do say ask hear pursu interview evening noth someth',
  ),
  thx: 'thanks',
  ty: 'thank you',
  pls: 'please',
  plz: 'please',
};

/** Ordinals as recognisers mishear them ("the fist one"); read as ordinals only after "the" (see ordinalSlips). */
const ORDINAL_SLIPS: Record<string, string> = { fist: 'first', furst: 'first', frist: 'first', thurd: 'third', forth: 'fourth' };
const AFTER_ORDINAL = new Set(['one', 'ones', 'option', 'slot', 'choice', 'time', 'day']);

/** Single-token fillers and hesitations, always dropped. */
const FILLERS = new Set([
  'uh',
  'uhh',
  'uhhh',
  'um',
  'umm',
  'ummm',
  'uhm',
  'uhmm',
  'er',
  'erm',
  'err',
  'hmm',
  'hmmm',
  'hm',
  'mm',
  'mmm',
  'ah',
  'ahh',
  'eh',
  'och',
  'oh_',
  'huh_',
  'basically',
  'literally',
  'actually_',
  'kinda_',
]);

/** Multi-token fillers, dropped wherever they occur. */
const FILLER_PHRASES: string[][] = [
  ['you', 'know'],
  ['kind', 'of'],
  ['sort', 'of'],
  ['let', 'me', 'see'],
  ['let', 'me', 'think'],
  ['let', 'us', 'see'],
];

/** "like" is a filler unless it follows a word that makes it a verb ("i'd like", "would like", "you like"). */
const LIKE_VERB_BEFORE = new Set([
  'would',
  'i',
  'you',
  'we',
  'they',
  'not',
  'do',
  'does',
  'did',
  'really',
  'also',
  'just',
  'might',
  'may',
  'she',
  'he',
  'to',
  'will',
]);

/** A time said with "-ish", and the word before it. */
const ISH_TIME =
  '\\d{1,2}(?::\\d\\d)?|noon|midday|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirty|fifteen|forty five';
const ISH = new RegExp(`(?:\\b([a-z]+|\\d+(?::\\d\\d)?)\\s+)?\\b(${ISH_TIME})\\s*-?\\s*ish\\b`, 'g');
/** Words before a time that make the "-ish" time part of another ("half two ish", "two thirty ish") or already approximate. */
const ISH_KEEP = new Set(['half', 'past', 'to', 'quarter', 'around', 'about', 'roughly', 'approximately', 'one', 'two', 'three', 'four']);
const HOURS_W = new Set(['five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve']);
function aroundIsh(all: string, before: string | undefined, time: string): string {
  const lead = before === undefined ? '' : before + ' ';
  const minutes = time === 'thirty' || time === 'fifteen' || time === 'forty five';
  if (before !== undefined && (ISH_KEEP.has(before) || HOURS_W.has(before) || /^\d/.test(before) || minutes)) return lead + time;
  if (minutes) return all.replace(/\s*-?\s*ish$/, '');
  return lead + 'around ' + time;
}

/** "callin" for "calling": each stem given with its "-in" and "-in'" spellings ("evening" and "nothing" whole). */
function droppedG(stems: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const stem of stems.split(' ')) {
    const word = stem === 'evening' ? 'evening' : stem + 'ing';
    const short = stem === 'evening' ? 'evenin' : stem + 'in';
    out[short] = word;
    out[short + "'"] = word;
  }
  return out;
}

const ILL_VERBS =
  'pass|take|do|go|call|be|have|think|need|try|just|probably|definitely|see|get|leave|book|say|wait|check|let|give|make|skip';
const ILL_WILL = new RegExp(`\\bill (?=(?:${ILL_VERBS})\\b)`, 'g');

export function normalize(raw: string): string[] {
  // accents folded, so "sí", "não", "café" keep their letters ("si", "nao", "cafe")
  let s = raw.toLowerCase();
  s = s.replace(/[\u2018\u2019\u02bc`´]/g, "'");
  if (/[\u0080-\uffff]/.test(s)) s = s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  // a.m. / p.m. / a m / p m written out
  s = s.replace(/\b([ap])\s*\.\s*m\b\.?/g, '$1m');
  s = s.replace(/(\d)\s*([ap])m\b/g, '$1 $2m');
  s = s.replace(/(\d)(st|nd|rd|th)\b/g, '$1$2');
  // "4ish", "four-ish", "noonish": an approximate time, read as "around 4" (see slot-bounds.ts); "half two ish",
  // "two thirty ish" only lose the "ish"
  if (s.includes('ish')) s = s.replace(ISH, (all, before: string | undefined, time: string) => aroundIsh(all, before, time));
  s = s.replace(/(\d)\s*(?:-|ish\b)/g, '$1 ');
  s = s.replace(/\b(?:uh[\s-]*huh|mm+[\s-]*hm+|mhm+|um[\s-]*hum|uh[\s-]*hum)\b/g, 'mhm');
  // "ill pass", "ill take the first one": "i'll" heard without its apostrophe (not "i'm ill", "ill health")
  s = s.replace(ILL_WILL, 'i will ');
  // keep ":" and "/" between digits, drop other punctuation (apostrophes handled per token)
  s = s.replace(/(\d)[:.](\d\d)\b/g, '$1:$2');
  s = s.replace(/[^a-z0-9:'/\s]+/g, ' ');
  s = s.replace(/:(?!\d)|(?<!\d):/g, ' ');
  s = s.replace(/\/(?!\d)|(?<!\d)\//g, ' ');
  const out: string[] = [];
  for (let tok of s.split(/\s+/)) {
    if (tok === '') continue;
    tok = tok.replace(/^'+|'+$/g, '');
    if (tok === '') continue;
    const c = CONTRACTIONS[tok];
    if (c !== undefined) {
      for (const p of c.split(' ')) out.push(p);
      continue;
    }
    if (tok.endsWith("'s")) tok = tok.slice(0, -2);
    else if (tok.endsWith("'re")) {
      out.push(tok.slice(0, -3));
      out.push('are');
      continue;
    } else if (tok.endsWith("n't")) {
      out.push(tok.slice(0, -3));
      out.push('not');
      continue;
    } else if (tok.endsWith("'ll")) {
      out.push(tok.slice(0, -3));
      out.push('will');
      continue;
    } else if (tok.endsWith("'d")) {
      out.push(tok.slice(0, -2));
      out.push('would');
      continue;
    }
    tok = tok.replace(/'/g, '');
    if (tok !== '') out.push(tok);
  }
  // "a m" / "p m" after a number-ish token
  for (let i = 0; i + 1 < out.length; i++) {
    if ((out[i] === 'a' || out[i] === 'p') && out[i + 1] === 'm' && i > 0) {
      out.splice(i, 2, out[i] === 'a' ? 'am' : 'pm');
    }
  }
  return dropFillers(ordinalSlips(out));
}

/** "the fist one", "the forth option": a misheard ordinal after "the" and before "one"; "back and forth" stays. */
function ordinalSlips(tokens: string[]): string[] {
  return tokens.map((t, i) => {
    const fixed = ORDINAL_SLIPS[t];
    const next = tokens[i + 1];
    return fixed !== undefined && tokens[i - 1] === 'the' && (next === undefined || AFTER_ORDINAL.has(next)) ? fixed : t;
  });
}

function dropFillers(tokens: string[]): string[] {
  const res: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    if (FILLERS.has(t)) continue;
    if (t === 'like' && !LIKE_VERB_BEFORE.has(res[res.length - 1] ?? '')) {
      const next = tokens[i + 1];
      // "like" before the end or before "that" ("like that") is kept
      if (next !== undefined && next !== 'that' && next !== 'it' && next !== 'this') continue;
    }
    let skipped = false;
    for (const ph of FILLER_PHRASES) {
      if (ph[0] === t && ph.every((w, k) => tokens[i + k] === w)) {
        // "you know" at the very end or middle is filler; "do you know" is a question
        if (ph[0] === 'you' && (res[res.length - 1] === 'do' || res[res.length - 1] === 'would')) break;
        if (ph[0] === 'kind' && res[res.length - 1] === 'what') break;
        i += ph.length - 1;
        skipped = true;
        break;
      }
    }
    if (skipped) continue;
    // stutters: "the the", "i i i"
    if (res.length > 0 && res[res.length - 1] === t && !/^\d/.test(t)) continue;
    res.push(t);
  }
  return res;
}
