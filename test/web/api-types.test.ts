import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { apiTypesSource, SCHEMA_FILE } from '../../scripts/api-types.js';

/** The web app's client is typed from the service's OpenAPI document: the committed types must be the current ones. */
describe("the web app's API types", () => {
  it('are what `npm run api:types` makes of the routes as they stand (run it after changing a route)', async () => {
    const committed = await readFile(SCHEMA_FILE, 'utf8');
    expect(committed === (await apiTypesSource()), 'web/src/api/schema.d.ts is stale: run `npm run api:types`').toBe(true);
    expect(committed).toContain('"/conversations/{call_sid}"');
  });
});
