import { randomBytes } from 'node:crypto';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createDeps } from '../deps.js';
import type { Deps } from '../deps.js';
import type { SimulatedTelephony } from '../adapters/simulator/simulated-telephony.js';
import { getSession } from '../db/sessions.repo.js';
import { listTurns } from '../db/turns.repo.js';

/**
 * `npm run demo`: starts the service on defaults (simulator, SQLite, local engine), places one simulated call
 * through the real HTTP API with a few candidate lines, and prints the transcript and the booking.
 */
const REPLIES = ['uh sorry who is this', "monday doesn't work for me but thursday at three is fine", 'yes that works'];

async function main(): Promise<void> {
  // An admin key of its own for this one run (the service accepts none shorter than 32 characters).
  const adminKey = randomBytes(32).toString('base64url');
  const env: Record<string, string | undefined> = {
    LOG_LEVEL: 'warn',
    DATABASE_URL: 'sqlite::memory:',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_FILE: '',
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
    const replies = process.argv.slice(2).length > 0 ? process.argv.slice(2) : REPLIES;
    process.stdout.write(`${await playCall(deps, base, adminKey, replies)}\n`);
  } finally {
    await app.close();
    await deps.close();
  }
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

  const session = await getSession(deps.database.db, placed.conversation_id);
  const turns = await listTurns(deps.database.db, placed.conversation_id);
  const out: string[] = [`Simulated call ${placed.call_sid} (no phone rang)`, ''];
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
