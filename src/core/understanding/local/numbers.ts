/** Spoken and written numbers, cardinal and ordinal, as recognisers transcribe them. */

const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50 };

const ORD_UNITS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
};
const ORD_TENS: Record<string, number> = { twentieth: 20, thirtieth: 30 };

export interface NumMatch {
  value: number;
  /** tokens consumed */
  len: number;
}

/** A cardinal number starting at tokens[i]: "7", "seven", "twenty five", "forty-five" (already split). */
export function cardinalAt(tokens: readonly string[], i: number): NumMatch | null {
  const t = tokens[i];
  if (t === undefined) return null;
  if (/^\d{1,4}$/.test(t)) return { value: Number(t), len: 1 };
  const u = UNITS[t];
  if (u !== undefined) return { value: u, len: 1 };
  const tens = TENS[t];
  if (tens !== undefined) {
    const n = tokens[i + 1];
    const nu = n === undefined ? undefined : UNITS[n];
    if (nu !== undefined && nu >= 1 && nu <= 9) return { value: tens + nu, len: 2 };
    return { value: tens, len: 1 };
  }
  return null;
}

/** An ordinal starting at tokens[i]: "9th", "ninth", "twenty first", "21st". */
export function ordinalAt(tokens: readonly string[], i: number): NumMatch | null {
  const t = tokens[i];
  if (t === undefined) return null;
  const m = /^(\d{1,2})(st|nd|rd|th)$/.exec(t);
  if (m) return { value: Number(m[1]), len: 1 };
  const o = ORD_UNITS[t];
  if (o !== undefined) return { value: o, len: 1 };
  const ot = ORD_TENS[t];
  if (ot !== undefined) return { value: ot, len: 1 };
  const tens = TENS[t];
  if (tens !== undefined && tens <= 30) {
    const n = tokens[i + 1];
    const no = n === undefined ? undefined : ORD_UNITS[n];
    if (no !== undefined && no <= 9) return { value: tens + no, len: 2 };
  }
  return null;
}

export function isNumberWord(t: string): boolean {
  return /^\d/.test(t) || UNITS[t] !== undefined || TENS[t] !== undefined;
}
