import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const LINES = 5000;

/**
 * A child process that logs LINES lines through the default (asynchronous) logger, then ends the
 * way `how` says. Its stdout is a pipe, as under a process manager.
 */
function logThenEnd(how: 'exit' | 'fatal-exit' | 'throw' | 'drain'): { lines: Array<Record<string, unknown>>; status: number | null } {
  const script = `
    const { createLogger } = require(${JSON.stringify(path.join(ROOT, 'src', 'logging', 'logger.ts'))});
    const log = createLogger('info');
    for (let i = 0; i < ${LINES}; i++) log.info({ i, token: 'hunter2' }, 'line');
    const how = ${JSON.stringify(how)};
    if (how === 'exit') process.exit(3);
    if (how === 'fatal-exit') { log.fatal('cannot go on'); process.exit(1); }
    if (how === 'throw') throw new Error('a bug');
  `;
  const child = spawnSync(process.execPath, ['-r', path.join(ROOT, 'test', 'support', 'swc-register.js'), '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = child.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { lines, status: child.status };
}

describe('asynchronous logging loses no line at shutdown', () => {
  test.each(['exit', 'throw', 'drain'] as const)('a process ending by %s still writes every line, in order', (how) => {
    const { lines, status } = logThenEnd(how);
    expect(status).toBe(how === 'exit' ? 3 : how === 'throw' ? 1 : 0);
    expect(lines).toHaveLength(LINES);
    expect(lines.map((l) => l['i'])).toEqual(Array.from({ length: LINES }, (_, i) => i));
    // Same content as before: level, service, message, the redaction.
    expect(lines[0]).toMatchObject({ level: 30, service: 'flowgate', msg: 'line', token: '[redacted]' });
  });

  test('a fatal line written just before process.exit is the last line out', () => {
    const { lines, status } = logThenEnd('fatal-exit');
    expect(status).toBe(1);
    expect(lines).toHaveLength(LINES + 1);
    expect(lines.at(-1)).toMatchObject({ level: 60, msg: 'cannot go on' });
  });
});
