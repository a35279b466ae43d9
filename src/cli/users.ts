import 'dotenv/config';
import { loadConfig } from '../config.js';
import { isRole, type Role } from '../core/auth/roles.js';
import { AppError } from '../core/errors.js';
import { createDb } from '../db/create-db.js';
import { createUser, issueSignInLink, listUserViews, resetUser, signInLinkUrl } from '../services/auth/users.js';

/**
 * `npm run --silent cli -- users add <email> [--role admin|recruiter|viewer]`: a new account and its one-time
 * sign-in link; `users reset <email>`: a new link, the password cleared and every session ended (for a lost
 * password); `users list`. Works on DATABASE_URL directly, with or without the service running.
 */

const USAGE =
  'usage: npm run --silent cli -- users add <email> [--role admin|recruiter|viewer]\n' +
  '       npm run --silent cli -- users reset <email>\n' +
  '       npm run --silent cli -- users list\n';

export interface CliIo {
  env: Record<string, string | undefined>;
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIo: CliIo = {
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

function parseRole(args: string[]): Role | undefined | 'invalid' {
  const at = args.findIndex((a) => a === '--role' || a.startsWith('--role='));
  if (at === -1) return undefined;
  const flag = args[at] ?? '';
  const value = flag.includes('=') ? flag.slice('--role='.length) : args[at + 1];
  return isRole(value) ? value : 'invalid';
}

/** The `users` command; `io` is the process's unless a test gives its own. Returns the exit code. */
export async function run(args: string[], io: CliIo = processIo): Promise<number> {
  const [action, email] = args;
  const role = parseRole(args);
  if (
    role === 'invalid' ||
    (action !== 'list' && (email === undefined || email.startsWith('--'))) ||
    !['add', 'reset', 'list'].includes(action ?? '')
  ) {
    io.err(USAGE);
    return 2;
  }
  const config = loadConfig(io.env);
  const base = config.WEBHOOK_BASE_URL ?? `http://localhost:${config.PORT}`;
  const database = await createDb(config.DATABASE_URL, { checkpointIntervalMs: 0 });
  const deps = { database, now: () => new Date() };
  try {
    if (action === 'list') {
      for (const u of await listUserViews(deps)) {
        io.out(`${u.id}\t${u.email}\t${u.role}${u.disabled ? '\tdisabled' : ''}${u.has_password ? '' : '\tno password yet'}\n`);
      }
      return 0;
    }
    if (action === 'add') {
      const user = await createUser(deps, { email: email ?? '', role: role ?? 'recruiter' });
      const token = await issueSignInLink(deps, user.id);
      io.out(`added ${user.email} (${user.role}). One-time sign-in link, valid 24 hours:\n${signInLinkUrl(base, token)}\n`);
      return 0;
    }
    const { user, token } = await resetUser(deps, email ?? '');
    io.out(
      `reset ${user.email}: password cleared, sessions ended. One-time sign-in link, valid 24 hours:\n${signInLinkUrl(base, token)}\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      io.err(`${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await database.close();
  }
}
