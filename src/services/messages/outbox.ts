import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { notFound } from '../../core/errors.js';
import type { MessageRow } from '../../db/messages.table.js';
import type { Database } from '../../db/schema.js';

/** One file of the outbox, with what the database says of its message. */
export interface OutboxEntry {
  file: string;
  /** Where it is on disk, to open it (an .eml opens in any mail program). */
  path: string;
  channel: 'email' | 'sms';
  bytes: number;
  written_at: string;
  message_id: number;
  /** null when the database no longer has the message (another database, or erased). */
  purpose: MessageRow['purpose'] | null;
  recipient: string | null;
  subject: string | null;
  booking_id: number | null;
  candidate_id: number | null;
}

const OUTBOX_FILE = /^(\d{1,12})\.(eml|json)$/;

/**
 * The outbox: what would have been sent without SMTP (emails, `<id>.eml`) or in simulated mode (texts,
 * `<id>.json`), newest first, at most `limit`. An absent folder is an empty outbox.
 */
export async function listOutbox(db: Kysely<Database>, dir: string, limit: number): Promise<{ dir: string; files: OutboxEntry[] }> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => OUTBOX_FILE.test(name));
  } catch (err) {
    if (isMissing(err)) return { dir, files: [] };
    throw err;
  }
  const files = await Promise.all(
    names.map(async (file) => {
      const info = await stat(join(dir, file));
      return { file, bytes: info.size, mtimeMs: info.mtimeMs, id: Number(OUTBOX_FILE.exec(file)?.[1]) };
    }),
  );
  files.sort((a, b) => b.mtimeMs - a.mtimeMs || b.id - a.id);
  const page = files.slice(0, limit);
  const ids = page.map((f) => f.id);
  const rows =
    ids.length === 0
      ? []
      : await db
          .selectFrom('messages')
          .select(['id', 'purpose', 'recipient', 'subject', 'booking_id', 'candidate_id', 'provider_id'])
          .where('id', 'in', ids)
          .execute();
  // A row matches its file by id and by the file name it recorded (another database's message 7 is not this one).
  const byFile = new Map(rows.filter((r) => r.provider_id !== null).map((r) => [r.provider_id, r]));
  return {
    dir,
    files: page.map((f) => {
      const row = byFile.get(f.file);
      return {
        file: f.file,
        path: join(dir, f.file),
        channel: f.file.endsWith('.eml') ? 'email' : 'sms',
        bytes: f.bytes,
        written_at: new Date(f.mtimeMs).toISOString(),
        message_id: f.id,
        purpose: row?.purpose ?? null,
        recipient: row?.recipient ?? null,
        subject: row?.subject ?? null,
        booking_id: row?.booking_id ?? null,
        candidate_id: row?.candidate_id ?? null,
      };
    }),
  };
}

/** One outbox file's content and type (message/rfc822 or JSON); 404 for any other name. */
export async function readOutboxFile(dir: string, file: string): Promise<{ contentType: string; content: Buffer }> {
  if (!OUTBOX_FILE.test(file)) throw notFound(`Outbox file ${file}`);
  try {
    const content = await readFile(join(dir, file));
    return { contentType: file.endsWith('.eml') ? 'message/rfc822' : 'application/json; charset=utf-8', content };
  } catch (err) {
    if (isMissing(err)) throw notFound(`Outbox file ${file}`);
    throw err;
  }
}

function isMissing(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === 'ENOENT';
}
