import { randomBytes } from 'node:crypto';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createDeps } from '../deps.js';
import type { Deps } from '../deps.js';
import type { SimulatedTelephony } from '../adapters/simulator/simulated-telephony.js';
import { getSession } from '../db/sessions.repo.js';
import { listTurns } from '../db/turns.repo.js';
import { getCandidate } from '../db/candidates.repo.js';
import { callCandidate } from '../services/candidates.js';
import { jobFunnel } from '../services/funnel.js';
import { importCandidates } from '../services/import-candidates.js';
import { createJob } from '../services/jobs.js';
import { addSlots } from '../services/slots.js';
import { listOutbox, type OutboxEntry } from '../services/messages/outbox.js';
import { sendDueMessages } from '../services/messages/sender.js';
import { DateTime } from 'luxon';
import { CAMPAIGN_DEMO_ENV, playCampaign } from './demo-campaign.js';

/**
 * `npm run demo`: starts the service on defaults (simulator, SQLite, local engine), places one simulated call
 * through the real HTTP API with a few candidate lines, and prints the transcript and the booking.
 * `npm run demo -- --job`: a job, its slots, a candidate list and one candidate's call, through the services.
 * `npm run demo -- --campaign`: a campaign of 20 simulated candidates on a fast clock, to its end (demo-campaign.ts).
 */
const REPLIES = ['uh sorry who is this', "monday doesn't work for me but thursday at three is fine", 'yes that works'];

async function main(): Promise<void> {
  // An admin key of its own for this one run (the service accepts none shorter than 32 characters).
  const adminKey = randomBytes(32).toString('base64url');
  const args = process.argv.slice(2);
  const campaign = args[0] === '--campaign';
  const env: Record<string, string | undefined> = {
    LOG_LEVEL: 'warn',
    DATABASE_URL: 'sqlite::memory:',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_FILE: '',
    ...(campaign ? CAMPAIGN_DEMO_ENV : {}),
    ...process.env,
    ADMIN_API_KEY: adminKey,
    TELEPHONY: 'simulated',
  };
  // A database in memory keeps no do-not-call entry past this run: no secret for them is made and kept in DATA_DIR.
  if (env.DATABASE_URL === 'sqlite::memory:') env.DNC_SECRET ??= randomBytes(32).toString('base64url');
  const config = loadConfig(env);
  const deps = await createDeps(config);
  const app = await buildApp(deps, { adminKey });
  try {
    await app.listen({ port: config.PORT === 8000 ? 0 : config.PORT, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    deps.webhookBase.url = base;
    if (campaign) {
      // Simulated campaign calls post to this server's own webhooks: the engine starts once it listens.
      await deps.campaigns.start();
      process.stdout.write(`${await playCampaign(deps, base, adminKey)}\n`);
    } else if (args[0] === '--job') {
      process.stdout.write(`${await playJobCall(deps, args.length > 1 ? args.slice(1) : JOB_REPLIES)}\n`);
    } else {
      process.stdout.write(`${await playCall(deps, base, adminKey, args.length > 0 ? args : REPLIES)}\n`);
    }
  } finally {
    await app.close();
    await deps.close();
  }
}

/** What the candidate of `--job` says: a question the job answers, then the first time offered, confirmed. */
const JOB_REPLIES = ['how long is the interview', 'the first one works', 'yes'];

/**
 * `npm run demo -- --job`: through the services (no HTTP), creates a job in New York with two weeks of weekday
 * slots, imports three candidates, calls the one in Los Angeles (simulated), and prints the call, the booking and
 * the job's funnel.
 */
async function playJobCall(deps: Deps, replies: string[]): Promise<string> {
  const job = await createJob(deps, {
    title: 'Backend Engineer',
    company: 'Globex',
    timezone: 'America/New_York',
    interview_minutes: 45,
    format: 'video call',
    description: 'A backend role on the payments team, working on how money moves between banks',
    caller_name: 'Alex',
  });
  const start = DateTime.fromJSDate(deps.now(), { zone: job.timezone }).plus({ days: 1 }).toISODate() ?? '';
  const added = await addSlots(deps, job.id, {
    weekly: { days: 'Mon-Fri', from: '10:00', to: '16:00', minutes: 45, buffer_minutes: 15, start_date: start, weeks: 2 },
  });
  const imported = await importCandidates(deps, job.id, {
    csv: [
      'Full Name,Mobile,Time zone,Candidate ID',
      'Lee Park,+13105550101,America/Los_Angeles,ATS-1',
      'Dana Cole,+12125550102,America/New_York,ATS-2',
      'Ray Moss,+13125550103,,ATS-3',
    ].join('\n'),
  });
  const lee = await deps.database.db
    .selectFrom('candidates')
    .select('id')
    .where('job_id', '=', job.id)
    .where('external_id', '=', 'ATS-1')
    .executeTakeFirstOrThrow();
  const placed = await callCandidate(deps, lee.id, { replies });
  await (deps.telephony as SimulatedTelephony).finished(placed.callSid);
  const funnel = await jobFunnel(deps, job.id);
  const candidate = await getCandidate(deps.database.db, lee.id);
  return [
    `Job ${job.id}: ${job.title} at ${job.company} (${job.timezone}), ${added.created.length} slots generated`,
    `Imported: ${imported.created} candidates (${imported.rejected.length} rejected)`,
    '',
    await describeCall(deps, placed.conversationId, placed.callSid),
    `Candidate: ${candidate?.name ?? '?'} is ${candidate?.status ?? '?'}`,
    '',
    `Funnel: ${funnel.candidates} candidates, ${funnel.called} called, ${funnel.reached} reached, ${funnel.scheduled} scheduled ` +
      `(${funnel.calls_placed} calls placed)`,
  ].join('\n');
}

/** Places the call through the HTTP API, waits for the simulator to play it, and returns what to print. */
async function playCall(deps: Deps, base: string, adminKey: string, replies: string[]): Promise<string> {
  const res = await fetch(`${base}/make-actual-call`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      candidate: { name: 'Jordan Lee', phone: '+14155550123', email: 'jordan@example.com' },
      simulate: { replies },
    }),
  });
  const placed = (await res.json()) as { call_sid?: string; conversation_id?: string; error?: { message: string } };
  if (placed.call_sid === undefined || placed.conversation_id === undefined) {
    throw new Error(`the call was not placed: ${placed.error?.message ?? res.status}`);
  }
  await (deps.telephony as SimulatedTelephony).finished(placed.call_sid);
  return [await describeCall(deps, placed.conversation_id, placed.call_sid), '', await describeSent(deps, placed.conversation_id)].join(
    '\n',
  );
}

/**
 * What the booking sent (the scheduler's sender run once now; without SMTP_URL and in simulated mode every message
 * goes to the outbox): the files written, and the reschedule link the texts carry.
 */
async function describeSent(deps: Deps, conversationId: string): Promise<string> {
  await sendDueMessages(deps);
  const sent = await deps.database.db
    .selectFrom('messages as m')
    .innerJoin('bookings as b', 'b.id', 'm.booking_id')
    .select(['m.channel', 'm.purpose', 'm.recipient', 'm.body', 'm.provider_id', 'm.state', 'm.due_at'])
    .where('b.call_sid', '=', conversationId)
    .orderBy('m.id')
    .execute();
  if (sent.length === 0) return 'Nothing was sent (no booking).';
  const { dir, files } = await listOutbox(deps.database.db, deps.messaging.outboxDir, 20);
  const link = sent.map((m) => /https?:\/\/\S+\/b\/[\w-]+/.exec(m.body)?.[0]).find((l) => l !== undefined);
  return [
    `Sent (${deps.config.SMTP_URL === undefined ? `to the outbox, ${dir}` : 'through SMTP_URL and the outbox for texts'}):`,
    ...sent.map((m) => {
      const what = `  ${m.channel === 'email' ? 'Email' : 'Text'} (${m.purpose}) to ${m.recipient}:`;
      return m.state === 'queued' ? `${what} queued for ${m.due_at}` : `${what} ${m.state}${outboxFile(files, m.provider_id)}`;
    }),
    `Reschedule or cancel: ${link ?? '(no link)'}`,
    '  (served by the service while it runs: this demo has stopped; with `npm start` the links work)',
  ].join('\n');
}

function outboxFile(files: readonly OutboxEntry[], providerId: string | null): string {
  const file = files.find((f) => providerId !== null && (f.file === providerId || f.path === providerId || providerId.endsWith(f.file)));
  return file === undefined ? '' : ` (${file.path})`;
}

/** The call's transcript, how it ended and its booking, as printed. */
async function describeCall(deps: Deps, conversationId: string, callSid: string): Promise<string> {
  const session = await getSession(deps.database.db, conversationId);
  const turns = await listTurns(deps.database.db, conversationId);
  const out: string[] = [`Simulated call ${callSid} (no phone rang)`, ''];
  for (const turn of turns) {
    if (turn.turn_number > 0) {
      const said = turn.user_input ?? (turn.digits === null ? '(silence)' : `(pressed ${turn.digits})`);
      out.push(
        `  Candidate: ${said}`,
        `             [${turn.intent ?? '-'}${turn.confidence === null ? '' : `, ${turn.confidence.toFixed(2)}`}]`,
      );
    }
    out.push(`  Caller:    ${turn.bot_response}`);
  }
  out.push('', `Status: ${session?.status ?? '?'} (${session?.outcome ?? 'in progress'})`);
  out.push(`Booking: ${session?.confirmed_slot ?? 'none'}${session?.confirmed_slot_start ? ` (${session.confirmed_slot_start})` : ''}`);
  return out.join('\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  // exitCode, not exit(): the logger's stream may still be opening, and exit() would throw over this message.
  process.exitCode = 1;
});
