import { PassThrough } from 'node:stream';
import { askAdminEmail } from '../../src/admin/bootstrap/ask-email';
import { loadServerConfig } from '../../src/config/server-config';

describe('adminEmail (FLOWGATE_ADMIN_EMAIL)', () => {
  test('is optional, normalised, and must be an email address', () => {
    expect(loadServerConfig({}, '/w').adminEmail).toBeUndefined();
    expect(loadServerConfig({ FLOWGATE_ADMIN_EMAIL: ' Boss@Example.COM ' }, '/w').adminEmail).toBe('boss@example.com');
    expect(() => loadServerConfig({ FLOWGATE_ADMIN_EMAIL: 'not an address' }, '/w')).toThrow(/FG_CONFIG_INVALID.*FLOWGATE_ADMIN_EMAIL: must be an email address/s);
  });
});

describe('asking on the console', () => {
  const ask = async (typed: string, end = true): Promise<{ answer: string | undefined; shown: string }> => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (chunk: Buffer) => (shown += chunk.toString('utf8')));
    const answer = askAdminEmail(input, output);
    input.write(typed);
    if (end) input.end();
    return { answer: await answer, shown };
  };

  test('takes a valid address, normalised, after telling about an invalid one', async () => {
    const { answer, shown } = await ask('nope\n Ops@Example.com \n');
    expect(answer).toBe('ops@example.com');
    expect(shown).toContain('"nope" is not an email address');
  });

  test('an empty answer, closed input or three invalid answers give nothing', async () => {
    expect((await ask('\n')).answer).toBeUndefined();
    expect((await ask('')).answer).toBeUndefined();
    expect((await ask('a\nb\nc\nok@example.com\n')).answer).toBeUndefined();
  });
});
