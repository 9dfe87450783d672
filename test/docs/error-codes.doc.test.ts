import fs from 'node:fs';
import path from 'node:path';
import { ERROR_CODES } from '../../src/errors';

/**
 * Keeps docs/error-codes.md and the registry in step (fastify's errors test): the table is the
 * registry, rendered. `UPDATE_DOCS=1 npx jest test/docs` rewrites the file after a code is added.
 */
const DOC = path.join(__dirname, '..', '..', 'docs', 'error-codes.md');

function render(): string {
  const rows = Object.entries(ERROR_CODES).map(
    ([code, spec]) => `| \`${code}\` | ${spec.status} | ${spec.expose ? 'yes' : 'no'} | ${spec.message} |`,
  );
  return [
    '# Error codes',
    '',
    'Every error Flowgate raises carries one of these codes (`src/errors/codes.ts`, the one registry).',
    'Codes are stable: never renamed or reused. *Shown* says whether the message may be shown to the',
    'person signing in; internal errors are reported to them by code only. Config errors also name',
    'the file, the JSON path and the line.',
    '',
    'This file is generated from the registry by `UPDATE_DOCS=1 npx jest test/docs`; a test fails',
    'when the two differ.',
    '',
    '| Code | HTTP status | Shown | Message |',
    '|------|-------------|-------|---------|',
    ...rows,
    '',
  ].join('\n');
}

test('docs/error-codes.md lists exactly the registry', () => {
  const expected = render();
  if (process.env.UPDATE_DOCS === '1') fs.writeFileSync(DOC, expected);
  expect(fs.readFileSync(DOC, 'utf8')).toBe(expected);
});

test('codes are FG_ and upper snake case; only 4xx codes are shown to people', () => {
  for (const [code, spec] of Object.entries(ERROR_CODES)) {
    expect(code).toMatch(/^FG_[A-Z0-9]+(_[A-Z0-9]+)*$/);
    if (spec.expose) expect(spec.status).toBeLessThan(500);
  }
});
