import fs from 'node:fs';
import { adminApiTypes, API_TYPES_FILE } from '../../../scripts/admin-api-types';
import { ADMIN_API_DOCUMENT } from '../../support/admin-api-check';

test("the console's API types are what the OpenAPI document gives now (npm run admin-api-types writes them)", () => {
  expect(fs.readFileSync(API_TYPES_FILE, 'utf8')).toBe(adminApiTypes(ADMIN_API_DOCUMENT));
});

test('every schema of the document is a type of the same name', () => {
  const types = adminApiTypes(ADMIN_API_DOCUMENT);
  const declared = [...types.matchAll(/^export type (\w+) = /gm)].map((m) => m[1]);
  expect(declared).toEqual(Object.keys(ADMIN_API_DOCUMENT.components.schemas).sort());
});
