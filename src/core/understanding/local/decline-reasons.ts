/**
 * Declines given as a reason the job cannot work for the candidate, rather than as a refusal word: the way there is
 * too much ("the drive from the north shore is too much", "the commute would be too far", "i live too far away to
 * get there", "i don't drive so i can't get there"). Said of the journey, never of a day or a time ("friday is too far
 * off", "i can't get there on monday" refuse nothing here).
 */
import { chain, L, P, SLOT_W, TIME_N, type Toks } from './lexicon.js';

/** The journey to the job. */
const JOURNEY = L(
  'drive, driving, the drive, commute, commuting, the commute, travel, travelling, traveling, the travel, travel time, the ' +
    'distance, distance, the trip, trip, the journey, journey, the ride, the bus, the bus ride, the train, getting there, ' +
    'getting in, the travelling, the traveling, the location, i live, we live, i am based, i am located',
);
/** What the journey is ("too much", "too far", "a bit much"). */
const TOO_MUCH = L(
  'too much, too far, too long, too far away, too far out, too expensive, too hard, too difficult, a bit much, way too much, way ' +
    'too far, way too long, just too much, far too much, far too far, not doable, not feasible, not practical, not realistic, ' +
    'not worth it, a deal breaker, a dealbreaker',
);
/** Words between the journey and what it is that end the clause ("the drive is fine but ..."). */
const BREAK = new Set(['but', 'so', 'and', 'or', 'though', 'however', 'if']);
/** A question about the journey ("is the drive too far", "would the commute be too long"), not a reason given. */
const ASKS = new Set(['is', 'are', 'would', 'will', 'does', 'do', 'how', 'what', 'can', 'could']);
const WINDOW = 6;
const TO_GO = new Set(['travel', 'drive', 'commute', 'go', 'get', 'come', 'walk', 'cycle', 'bike']);
const FROM_HOME = new Set(['home', 'me', 'my', 'where', 'here', 'us']);

/** "i can't get there", "no way to do the commute": the job out of reach (said of no day or time). */
const UNABLE = L('can not, could not, will not be able to, am not able to, not able to, unable to, have no way to, no way to');
const REACH = L(
  'get there, get to you, get out there, get in there, get to the office, get to the site, make the trip, make the drive, make the ' +
    'commute, do the commute, do the drive, do the travel, do the trip, manage the commute, manage the drive, travel that far, ' +
    'drive that far, commute that far, go that far',
);

/** Whether the reply says the way to the job is too much: a decline of the job, whatever day it also names. */
export function journeyTooMuch(t: Toks): boolean {
  if (ASKS.has(t[0] as string)) return false;
  if (chain(t, [P(UNABLE), P(REACH, 1)]) >= 0 && !SLOT_W.has(t) && !TIME_N.has(t)) return true;
  for (let i = 0; i < t.length; i++) {
    if (TOO_MUCH.at(t, i) < 0 || t[i - 1] === 'not' || t[i - 1] === 'never') continue;
    for (let k = i - 1; k >= 0 && k >= i - WINDOW; k--) {
      if (BREAK.has(t[k] as string)) break;
      const e = JOURNEY.at(t, k);
      if (e >= 0 && e <= i) return true;
    }
    // "it is too far to travel", "too far away from home": the way there said after it
    const e = TOO_MUCH.at(t, i);
    if ((t[e] === 'to' && TO_GO.has(t[e + 1] as string)) || (t[e] === 'from' && FROM_HOME.has(t[e + 1] as string))) return true;
  }
  return false;
}
