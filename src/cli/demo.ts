import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createDeps } from '../deps.js';
import type { SimulatedTelephony } from '../adapters/simulator/simulated-telephony.js';
import { getSession } from '../db/sessions.repo.js';
import { listTurns } from '../db/turns.repo.js';

/**
 * `npm run demo`: starts the service on defaults (simulator, SQLite, local engine), places one simulated call
 * through the real HTTP API with a few candidate lines, and prints the transcript and the booking.
 */
const REPLIES = [
  'uh sorry who is this',
  "monday doesn't work for me but thursday at three is fine",
  'yes that works',
];

async function main(): Promise<void> {
  const config = loadConfig({
    LOG_LEVEL: 'warn',
    DATABASE_URL: 'sqlite::memory:',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_FILE: '',
    ...process.env,
    TELEPHONY: 'simulated',
  });
  const deps = await createDeps(config);
  const adminKey = 'demo-admin-key';
  const app = await buildApp(deps, { adminKey });
  await app.listen({ port: config.PORT === 8000 ? 0 : config.PORT, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  deps.webhookBase.url = base;

  const replies = process.argv.slice(2).length > 0 ? process.argv.slice(2) : REPLIES;
  const res = await fetch(`${base}/make-actual-call`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      candidate: { name: 'Jordan Lee', phone: '+14155550123', email: 'jordan@example.com' },
      simulate: { replies },
    }),
  });
  const placed = (await res.json()) as { call_sid?: string; error?: { message: string } };
  if (placed.call_sid === undefined) throw new Error(`the call was not placed: ${placed.error?.message ?? res.status}`);
  await (deps.telephony as SimulatedTelephony).finished(placed.call_sid);

  const session = await getSession(deps.database.db, placed.call_sid);
  const turns = await listTurns(deps.database.db, placed.call_sid);
  const out: string[] = [`Simulated call ${placed.call_sid} (no phone rang)`, ''];
  for (const turn of turns) {
    if (turn.turn_number > 0) {
      const said = turn.user_input ?? (turn.digits === null ? '(silence)' : `(pressed ${turn.digits})`);
      out.push(`  Candidate: ${said}`, `             [${turn.intent ?? '-'}${turn.confidence === null ? '' : `, ${turn.confidence.toFixed(2)}`}]`);
    }
    out.push(`  Caller:    ${turn.bot_response}`);
  }
  out.push('', `Status: ${session?.status ?? '?'} (${session?.outcome ?? 'in progress'})`);
  out.push(`Booking: ${session?.confirmed_slot ?? 'none'}${session?.confirmed_slot_start ? ` (${session.confirmed_slot_start})` : ''}`);
  process.stdout.write(`${out.join('\n')}\n`);
  await app.close();
  await deps.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
