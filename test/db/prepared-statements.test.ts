import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/databases.js';
import { useDatabase } from './support.js';

describe.runIf(DIALECTS.includes('postgres'))('PostgreSQL statements prepared per connection', () => {
  const database = useDatabase('postgres');

  it('runs a repeated query as a named prepared statement on its connection', async () => {
    const { db } = database.get();
    const names = await db.connection().execute(async (conn) => {
      for (let i = 0; i < 3; i++) await conn.selectFrom('slots').select('id').where('id', '=', i).execute();
      return sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(conn);
    });
    const mine = names.rows.find((r) => r.statement.startsWith('select "id" from "slots" where "id" = $1'));
    expect(mine?.name).toMatch(/^ic_\d+$/);
  });

  it('keeps answering when a table changes shape under a prepared select * (another instance migrating)', async () => {
    const { db } = database.get();
    await sql`create table shape_probe (a integer)`.execute(db);
    await sql`insert into shape_probe values (1)`.execute(db);
    const rows = await db.connection().execute(async (conn) => {
      const read = () => sql<Record<string, unknown>>`select * from shape_probe`.execute(conn);
      const before = await read();
      await sql`alter table shape_probe add column b integer default 2`.execute(conn);
      const after = await read(); // the prepared plan's result type changed: PostgreSQL refuses it, we re-run unnamed
      return [before.rows, after.rows, (await read()).rows];
    });
    expect(rows).toEqual([[{ a: 1 }], [{ a: 1, b: 2 }], [{ a: 1, b: 2 }]]);
  });

  it('reports a real error as it is', async () => {
    const { db } = database.get();
    await expect(sql`select * from no_such_table`.execute(db)).rejects.toMatchObject({ code: '42P01' });
    await expect(sql`select * from no_such_table`.execute(db)).rejects.toMatchObject({ code: '42P01' });
  });
});
