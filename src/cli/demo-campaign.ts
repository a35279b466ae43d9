import { DateTime } from 'luxon';
import type { Deps } from '../deps.js';

/**
 * `npm run demo -- --campaign`: a campaign of 20 simulated candidates, each with a scripted behaviour per attempt
 * (`simulate`), run to its end through the HTTP API on a fast simulated clock, so the waits of hours between attempts
 * pass in seconds. Prints every candidate's attempts (when, in simulated time, and what came of each), their final
 * status, the campaign's progress and the job's funnel.
 */

/** The job's zone: the attempts' times are printed in it. */
const ZONE = 'America/New_York';

/**
 * The demo's settings, under whatever the environment sets. The clock starts on a Monday at 10 AM in New York and
 * runs 5,000 times real time (an hour in 0.72 s, a day in 17 s). The limits are lifted from their defaults (5 calls
 * at once, 1 per second): no phone rings, and 37 attempts at one per second would not fit in a minute.
 */
export const CAMPAIGN_DEMO_ENV: Readonly<Record<string, string>> = {
  CLOCK_SPEED: '5000',
  CLOCK_EPOCH: '2026-11-23T15:00:00Z',
  MAX_CONCURRENT_CALLS: '10',
  TWILIO_CPS: '20',
};

/** How long the campaign may take in real time before the demo gives up. */
const DEADLINE_MS = 50_000;

interface Attempt {
  result: string;
  replies?: Array<string | null>;
}

interface DemoCandidate {
  name: string;
  phone: string;
  /** What the demo says the candidate does. */
  plan: string;
  attempts?: Attempt[];
}

const NO_ANSWER: Attempt = { result: 'no-answer' };
const BUSY: Attempt = { result: 'busy' };
const VOICEMAIL: Attempt = { result: 'voicemail' };
const FAX: Attempt = { result: 'fax' };
const answers = (...replies: string[]): Attempt => ({ result: 'answered', replies });
/**
 * Answers and takes the first time offered. Said again if that one is taken meanwhile by another call (several are on
 * the line at once): "the first one" picks, "yes" confirms; whichever the caller asks, the next line answers it.
 */
const BOOK_REPLIES = ['the first one', 'yes', 'the first one', 'yes', 'the first one', 'yes'];
const BOOKS: Attempt = answers(...BOOK_REPLIES);

/** Twenty candidates and what each does on each attempt. */
export const DEMO_CANDIDATES: readonly DemoCandidate[] = [
  { name: 'Ana Park', phone: '+13105550101', plan: 'answers, books', attempts: [BOOKS] },
  { name: 'Ben Ortiz', phone: '+13105550102', plan: 'asks how long it is, books', attempts: [answers('how long is it', ...BOOK_REPLIES)] },
  { name: 'Cara Diaz', phone: '+13105550103', plan: 'no answer, then books', attempts: [NO_ANSWER, BOOKS] },
  { name: 'Dev Shah', phone: '+13105550104', plan: 'no answer twice, then books', attempts: [NO_ANSWER, NO_ANSWER, BOOKS] },
  { name: 'Eli Brooks', phone: '+13105550105', plan: 'busy three times', attempts: [BUSY, BUSY, BUSY] },
  { name: 'Fay Moreno', phone: '+13105550106', plan: 'voicemail, then books', attempts: [VOICEMAIL, BOOKS] },
  { name: 'Gus Lind', phone: '+13105550107', plan: 'declines', attempts: [answers("no thanks, I'm not interested anymore")] },
  {
    name: 'Hana Ito',
    phone: '+13105550108',
    plan: '"call me tomorrow at 3", then books',
    attempts: [answers('call me tomorrow at 3'), BOOKS],
  },
  { name: 'Ivan Petrov', phone: '+13105550109', plan: 'opts out', attempts: [answers('please stop calling me and remove my number')] },
  { name: 'Jo Kim', phone: '+13105550110', plan: 'wrong number', attempts: [answers("sorry, you've got the wrong number")] },
  { name: 'Kai Olsen', phone: '+13105550111', plan: 'a fax line', attempts: [FAX, FAX, FAX] },
  { name: 'Lia Novak', phone: '+13105550112', plan: 'busy, then books', attempts: [BUSY, BOOKS] },
  { name: 'Max Weber', phone: '+13105550113', plan: 'voicemail three times', attempts: [VOICEMAIL, VOICEMAIL, VOICEMAIL] },
  { name: 'Nia Brown', phone: '+13105550114', plan: 'no answer, voicemail, then books', attempts: [NO_ANSWER, VOICEMAIL, BOOKS] },
  { name: 'Omar Haddad', phone: '+13105550115', plan: 'answers, books', attempts: [BOOKS] },
  {
    name: 'Pia Rossi',
    phone: '+13105550116',
    plan: '"call me back in an hour", then books',
    attempts: [answers('can you call me back in an hour'), BOOKS],
  },
  {
    name: 'Quinn Hale',
    phone: '+13105550117',
    plan: 'declines: took another offer',
    attempts: [answers('no, I already accepted another offer')],
  },
  { name: 'Rosa Lima', phone: '+13105550118', plan: 'says nothing, then books', attempts: [answers(), BOOKS] },
  { name: 'Sam Reed', phone: '+13105550119', plan: 'the call fails, then books', attempts: [{ result: 'failed' }, BOOKS] },
  {
    name: 'Tess Grant',
    phone: '+13105550120',
    plan: 'a machine that never beeps, then books',
    attempts: [{ result: 'machine_start' }, BOOKS],
  },
];

interface Api {
  (method: string, path: string, body?: unknown): Promise<Record<string, unknown>>;
}

function apiOf(base: string, adminKey: string): Api {
  return async (method, path, body) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
    return json;
  };
}

/**
 * Creates the job (3 attempts, waits of 2 hours then a day), its slots, imports the candidates, starts the campaign
 * through the API (the engine is running), waits until it is finished, and returns what to print.
 */
export async function playCampaign(deps: Deps, base: string, adminKey: string): Promise<string> {
  const api = apiOf(base, adminKey);
  const realStart = performance.now();
  const job = await api('POST', '/jobs', {
    title: 'Support Engineer',
    company: 'Initech',
    timezone: ZONE,
    calling_hours: '08:00-21:00',
    max_attempts: 3,
    retry_minutes: [120, 1440],
  });
  const jobId = Number(job.id);
  const firstDay = DateTime.fromJSDate(deps.now(), { zone: ZONE }).plus({ days: 3 }).toISODate() ?? '';
  const slots = await api('POST', `/jobs/${jobId}/slots`, {
    weekly: { days: 'Mon-Fri', from: '10:00', to: '16:00', minutes: 45, buffer_minutes: 15, start_date: firstDay, weeks: 2 },
  });
  await api('POST', `/jobs/${jobId}/candidates`, {
    candidates: DEMO_CANDIDATES.map((c) => ({
      name: c.name,
      phone: c.phone,
      ...(c.attempts === undefined ? {} : { simulate: { attempts: c.attempts } }),
    })),
  });
  const started = await api('POST', `/jobs/${jobId}/campaign`);
  let progress = started;
  while (progress.status !== 'finished') {
    if (performance.now() - realStart > DEADLINE_MS) throw new Error(`the campaign did not finish in time: ${JSON.stringify(progress)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    progress = await api('GET', `/jobs/${jobId}/campaign`);
  }
  const realSeconds = (performance.now() - realStart) / 1000;
  const funnel = (await api('GET', `/jobs/${jobId}/analytics`)).funnel as Record<string, unknown>;
  const attempts = await deps.database.db
    .selectFrom('call_attempts')
    .innerJoin('candidates', 'candidates.id', 'call_attempts.candidate_id')
    .select(['candidates.name', 'candidates.status', 'call_attempts.number', 'call_attempts.claimed_at', 'call_attempts.due_at'])
    .select(['call_attempts.result', 'call_attempts.state', 'call_attempts.reason'])
    .where('call_attempts.job_id', '=', jobId)
    .orderBy('call_attempts.candidate_id')
    .orderBy('call_attempts.number')
    .execute();
  const created = Array.isArray(slots.created) ? slots.created.length : 0;
  return [
    `Campaign demo: ${DEMO_CANDIDATES.length} simulated candidates (no phone rang), ${deps.database.dialect}, ` +
      `${deps.campaigns.kind} engine`,
    `Clock: simulated, ${deps.clockSpeed}x real time from ${when(String(started.started_at))} (${ZONE}); ` +
      `MAX_CONCURRENT_CALLS=${deps.config.MAX_CONCURRENT_CALLS}, TWILIO_CPS=${deps.config.TWILIO_CPS}`,
    `Job ${jobId}: ${String(job.title)} at ${String(job.company)}, ${created} slots; 3 attempts at most, waits 120 then 1440 minutes`,
    '',
    ...candidateLines(attempts),
    '',
    ...progressLines(progress, realSeconds),
    '',
    ...funnelLines(jobId, funnel),
  ].join('\n');
}

interface AttemptLine {
  name: string;
  status: string;
  number: number;
  claimed_at: string | null;
  due_at: string;
  result: string | null;
  state: string;
  reason: string;
}

/** One line per candidate: their plan, each attempt (number, simulated time, result), their final status. */
function candidateLines(rows: AttemptLine[]): string[] {
  const byName = new Map<string, AttemptLine[]>();
  for (const row of rows) byName.set(row.name, [...(byName.get(row.name) ?? []), row]);
  const attemptsTitle = 'Attempts: number, when (simulated, New York), result';
  const header = `${'Candidate'.padEnd(12)} ${'Behaviour'.padEnd(40)} ${attemptsTitle.padEnd(74)} Final`;
  return [
    header,
    ...DEMO_CANDIDATES.map((c) => {
      const mine = byName.get(c.name) ?? [];
      const tried = mine
        .map((a) => `#${a.number} ${shortWhen(a.claimed_at ?? a.due_at)} ${a.result ?? a.state}${a.reason === 'callback' ? '*' : ''}`)
        .join(' · ');
      return `${c.name.padEnd(12)} ${c.plan.padEnd(40)} ${tried.padEnd(74)} ${mine[0]?.status ?? 'not called'}`;
    }),
    '(* a call back at the time the candidate asked for)',
  ];
}

function progressLines(p: Record<string, unknown>, realSeconds: number): string[] {
  const list = (value: unknown) =>
    Object.entries((value ?? {}) as Record<string, number>)
      .filter(([, n]) => n > 0)
      .sort(([, a], [, b]) => b - a)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
  return [
    `Campaign: ${String(p.status)}, started ${when(String(p.started_at))}, finished ${when(String(p.finished_at))} ` +
      `(${realSeconds.toFixed(1)} s of real time)`,
    `Attempts: ${String(p.attempts_total)} (${list(p.finished)})`,
    `Candidates: ${list(p.candidates)}`,
  ];
}

function funnelLines(jobId: number, f: Record<string, unknown>): string[] {
  const pct = (n: unknown) => (typeof n === 'number' ? `${Math.round(n * 100)}%` : '–');
  const reach = (rows: unknown, key: 'number' | 'hour') =>
    (Array.isArray(rows) ? (rows as Array<Record<string, number>>) : [])
      .map((r) => `${key === 'number' ? '#' : ''}${r[key]}${key === 'hour' ? 'h' : ''} ${r.reached}/${r.attempts} (${pct(r.rate)})`)
      .join(' · ');
  const perBooking = typeof f.attempts_per_booking === 'number' ? f.attempts_per_booking.toFixed(2) : '–';
  return [
    `Funnel (GET /jobs/${jobId}/analytics): ${String(f.candidates)} candidates, ${String(f.called)} called, ` +
      `${String(f.reached)} reached, ${String(f.scheduled)} scheduled, ${String(f.declined)} declined, ` +
      `${String(f.opted_out)} opted out, ${String(f.unreachable)} unreachable`,
    `  campaign calls: ${String(f.campaign_attempts)}; attempts per booking: ${perBooking}; voicemail rate: ${pct(f.voicemail_rate)}`,
    `  reach by attempt: ${reach(f.reach_by_attempt, 'number')}`,
    `  reach by hour (New York): ${reach(f.reach_by_hour, 'hour')}`,
  ];
}

/** An instant in the job's zone: "Mon 23 Nov 10:00". */
function when(iso: string): string {
  const t = DateTime.fromISO(iso, { zone: ZONE });
  return t.isValid ? t.toFormat('ccc d LLL HH:mm') : iso;
}

/** An attempt's time, short: "Mon 10:00". */
function shortWhen(iso: string): string {
  const t = DateTime.fromISO(iso, { zone: ZONE });
  return t.isValid ? t.toFormat('ccc HH:mm') : iso;
}
