import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export type TestDialect = 'sqlite' | 'postgres';

/** Admin URL used to create/drop the throwaway PostgreSQL databases. */
export const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function parseDialects(value: string | undefined): TestDialect[] {
  if (value === undefined || value.trim() === '') return ['sqlite', 'postgres'];
  const out: TestDialect[] = [];
  for (const part of value.split(',').map((p) => p.trim().toLowerCase())) {
    if (part === 'sqlite' || part === 'postgres') out.push(part);
    else if (part === 'pg' || part === 'postgresql') out.push('postgres');
    else if (part !== '') throw new Error(`DIALECTS: unknown dialect ${JSON.stringify(part)} (use sqlite,postgres)`);
  }
  return [...new Set(out)];
}

/** Dialects to run database-backed suites on: env `DIALECTS=sqlite,postgres` (default both). */
export const DIALECTS: TestDialect[] = parseDialects(process.env.DIALECTS);

export interface FreshDatabase {
  /** DATABASE_URL for createDb. */
  url: string;
  /** Removes the database (close your connections first; pg drops WITH (FORCE) anyway). */
  drop(): Promise<void>;
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * An empty database of the given dialect: SQLite — a file in a fresh temp dir;
 * PostgreSQL — `CREATE DATABASE ic_test_<random>` on the local server.
 */
export async function freshDatabase(dialect: TestDialect): Promise<FreshDatabase> {
  if (dialect === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'ic-test-'));
    return {
      url: `sqlite:${join(dir, 'test.db')}`,
      drop: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const name = `ic_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  const admin = new URL(PG_ADMIN_URL);
  admin.pathname = `/${name}`;
  return {
    url: admin.toString(),
    drop: () => withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
