/**
 * Yes and no as callers say them beyond the plain words, read on normalised tokens (accents already folded):
 * - another language's yes or no ("sim", "oui", "sí", "da"; "não", "nein", "non", "niet"), read as "yes"/"no" where a
 *   yes or no stands: the reply's first word, or right after another yes or no ("okay sim", "não não"). Elsewhere the
 *   same letters may be something else ("da vinci", "non stop"), so they are left alone. Thanks said in another
 *   language ("obrigado", "merci", "gracias") is "thanks" anywhere.
 * - a run of mixed yes and no words: in New Zealand and Australian English "yeah nah" is no and "nah yeah" is yes (the
 *   last word decides), and "no, yeah, that's right" is a yes. "yeah no" is left as said: it usually refuses, and a
 *   read-back books only on a clean yes (`afterYes`).
 */
import { ACCEPT_STRONG, ACCEPT_WEAK, NO_WORDS } from './intent.js';

/** A reply that opens with a yes ("yes but...", "no bother", "no problem" are yeses too). */
export const LEAD_YES =
  /^ (?:yes|yeah|yep|yup|sure|absolutely|definitely|correct|exactly|perfect|certainly|of course|mhm|no (?:bother|problem|worries)) /;

/** What a yes at a read-back is followed by, when that makes it not a clean yes. */
export type AfterYes = 'refused' | 'both' | 'unsure';

/** "yes hang on", "yeah let me check my calendar", "yes maybe", "yeah not sure": not a yes yet. */
const UNSURE = new RegExp(
  ' (?:hang on|hold on|wait|one sec|one second|one moment|just a sec|just a second|give me a (?:sec|second|moment)|' +
    'let me (?:check|think|see|look|ask)|check (?:my|the) (?:calendar|diary|schedule|rota|roster)|not sure|i do not know|' +
    'maybe|perhaps) ',
);

/**
 * After the yes a reply opens with (`s` padded with spaces): 'refused' when a refusal follows it and nothing positive
 * after that ("yeah not really", "yes i mean no"), 'both' when a yes comes back after the refusal ("yeah no, that
 * works"), 'unsure' when it waits or doubts ("yes hang on", "yes maybe", "yeah wait what time was that"); null for a
 * clean yes ("yes no problem", "yes that is right thanks").
 */
export function afterYes(s: string): AfterYes | null {
  const lead = LEAD_YES.exec(s);
  if (lead === null) return null;
  const rest = ' ' + s.slice(lead[0].length).replace(/(?:^| )no (?:problem|problems|worries|bother|doubt)(?= )/g, ' ') + ' ';
  const no = NO_WORDS.exec(rest);
  if (no !== null) {
    const after = rest.slice(no.index + no[0].length - 1);
    return ACCEPT_STRONG.test(after) || ACCEPT_WEAK.test(after) ? 'both' : 'refused';
  }
  // ("yes is correct", "yes, what's the address": a yes still, whatever it goes on to ask)
  return UNSURE.test(rest) ? 'unsure' : null;
}

const FOREIGN_YES = new Set(['sim', 'si', 'oui', 'ouais', 'da', 'claro', 'jawohl', 'tak']);
const FOREIGN_NO = new Set(['nao', 'nein', 'non', 'niet', 'nyet', 'nee', 'nei']);
const FOREIGN_THANKS = new Set(['obrigado', 'obrigada', 'gracias', 'merci', 'danke', 'grazie', 'spasibo']);

const YES_W = new Set(['yes', 'yeah', 'yep', 'yup']);
const NO_W = new Set(['no', 'nah', 'nope']);
/** Words before a yes or no that leave it standing as the answer ("okay sim", "well non"). */
const BEFORE_ANSWER = new Set(['okay', 'alright', 'well', 'oh', 'so', 'ja', ...YES_W, ...NO_W]);
/** "no problem", "no worries": a yes, so the "no" is not a no. */
const NO_BUT_YES = new Set(['problem', 'problems', 'worries', 'bother', 'doubt']);

/** The reply's tokens with another language's yes, no and thanks read as English, and mixed yes/no runs collapsed. */
export function readYesNo(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (const [i, t] of tokens.entries()) {
    const stands = i === 0 || BEFORE_ANSWER.has(out[out.length - 1] ?? '');
    if (FOREIGN_THANKS.has(t)) out.push('thanks');
    else if (stands && FOREIGN_YES.has(t)) out.push('yes');
    else if (stands && FOREIGN_NO.has(t)) out.push('no');
    else out.push(t);
  }
  return collapseMixedRuns(out);
}

type Toks = readonly string[];

function polarity(t: Toks, i: number): 'yes' | 'no' | null {
  const w = t[i] as string;
  if (YES_W.has(w)) return 'yes';
  if (NO_W.has(w) && !NO_BUT_YES.has(t[i + 1] ?? '')) return 'no';
  return null;
}

/**
 * "yeah nah" -> "nah", "nah yeah" -> "yeah" (anywhere); "no yeah" -> "yeah" as the reply's first words only (later a
 * "no" may start a correction: "tuesday no yeah wednesday"); "yeah no" stays.
 */
function collapseMixedRuns(t: Toks): string[] {
  const out: string[] = [];
  for (let i = 0; i < t.length;) {
    let j = i;
    while (j < t.length && polarity(t, j) !== null) j++;
    if (j === i) {
      out.push(t[i] as string);
      i++;
      continue;
    }
    const run = t.slice(i, j);
    const mixed = run.some((_, k) => polarity(t, i + k) === 'yes') && run.some((_, k) => polarity(t, i + k) === 'no');
    if (mixed && (run.includes('nah') || (i === 0 && polarity(t, i) === 'no'))) out.push(run[run.length - 1] as string);
    else out.push(...run);
    i = j;
  }
  return out;
}
