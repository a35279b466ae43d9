import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../../core/errors.js';

/** The shortest password accepted. */
export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 1024;

/**
 * argon2id with the package's defaults (argon2id, 19 MiB, 2 passes, 1 lane: OWASP's recommendation), as a PHC string
 * with its own salt. (The package's `Algorithm` is a const enum our compiler settings cannot read; its default is
 * argon2id, and a test checks the stored hash says so.)
 */
export async function hashPassword(password: string): Promise<string> {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new AppError('weak_password', `A password has ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters.`, 422);
  }
  return hash(password);
}

let dummyHash: Promise<string> | undefined;

/**
 * True when `password` matches `stored`. With no stored hash (an unknown email, or no password set) a dummy hash is
 * still verified, so the answer takes as long and does not tell which emails exist.
 */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH) return false;
  if (stored === null || stored === undefined) {
    dummyHash ??= hash('not-a-password-anyone-has');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
