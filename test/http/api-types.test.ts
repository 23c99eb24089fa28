/**
 * The web app's API types (`src/web/api/schema.d.ts`) are generated from the server's route schemas and
 * committed; this fails when a route schema changed without `npm run api:types`, so the web can never
 * compile against an API that is not the server's.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiTypesFile, generateApiTypes } from '../../scripts/api-types.js';

describe('generated API types', () => {
  it('the committed src/web/api/schema.d.ts is what the route schemas generate (run `npm run api:types`)', async () => {
    const committed = readFileSync(apiTypesFile, 'utf8');
    const fresh = await generateApiTypes();
    // Compare the first differing line, so the failure names where the drift is.
    const a = committed.split('\n');
    const b = fresh.split('\n');
    const at = a.findIndex((line, i) => line !== b[i]);
    expect(
      at === -1 && a.length === b.length ? null : { line: at + 1, committed: a[at], fresh: b[at] },
    ).toBeNull();
  });
});
