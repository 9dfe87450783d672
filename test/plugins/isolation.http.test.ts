import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { DEMO_REDIRECT, JsonClient, TestBrowser, formTo } from '../http/http-kit';
import { createTestApp, FIXED_CODE_PLUGIN, type TestApp } from '../support/test-app';

const FIXTURES = path.join(__dirname, 'fixtures');
const FAULTY_PLUGINS = path.join(FIXTURES, 'faulty-plugins.js');

const loginOf = (client: string): string => `/realms/main/login?client_id=${client}&redirect_uri=${encodeURIComponent(DEMO_REDIRECT)}`;

let t: TestApp;
let logLines: Array<Record<string, unknown>>;

beforeAll(async () => {
  logLines = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  t = await createTestApp({
    flowsDir: path.join(FIXTURES, 'faulty-flows'),
    plugins: [FIXED_CODE_PLUGIN, FAULTY_PLUGINS],
    // Short, so the hanging plugin costs the test little; nothing here depends on how long anything takes.
    config: { loginStartsPerMinute: 100000, loginPostsPerMinute: 100000, pluginTimeoutMs: 50 },
    logger: pino({ level: 'error' }, sink),
  });
  await t.users.create({ email: 'ann@example.com' });
});
afterAll(() => t.close());

describe('a faulty plugin over HTTP', () => {
  test.each([
    ['throwing', 'FG_PLUGIN_ERROR', 'plugin_error', 'throwing-step', { type: 'Error', message: 'a bug in the plugin' }],
    ['nonsense', 'FG_INVALID_OUTCOME', 'invalid_outcome', 'nonsense-step', { type: 'Error', message: 'invalid_outcome' }],
    // Fails the same way as a throwing plugin; the log says why.
    ['hanging', 'FG_PLUGIN_ERROR', 'plugin_error', 'hanging-step', { type: 'FlowgateError', code: 'FG_PLUGIN_TIMEOUT' }],
  ])('%s: the step ends on a coded error page (500), with a LOGIN_ERROR event and a log line', async (client, code, reason, plugin, logged) => {
    const browser = new TestBrowser(t.app);
    const emailPage = await browser.start(loginOf(client));
    const failed = await browser.post(formTo(emailPage.text, '/login-actions/authenticate'), { email: 'ann@example.com' });
    expect(failed.status).toBe(303);

    const page = await browser.follow(failed);
    expect(page.status).toBe(500);
    expect(page.type).toBe('text/html');
    expect(page.text).toContain(`<code>${code}</code>`);
    // Nothing of the plugin's own error reaches the person.
    expect(page.text).not.toContain('a bug in the plugin');
    expect(formTo(page.text, '/login-actions/restart')).toBeDefined();

    const events = await t.events.query({ realm: 'main', type: 'LOGIN_ERROR' });
    expect(events).toContainEqual(expect.objectContaining({ clientId: client, error: reason, details: expect.objectContaining({ plugin }) }));
    expect(logLines).toContainEqual(expect.objectContaining({ msg: 'a plugin failed', plugin, phase: 'authenticate', err: expect.objectContaining(logged) }));
  });

  test('JSON clients get the same code as an error document', async () => {
    const client = new JsonClient(t.app);
    const step = await client.start(loginOf('nonsense'));
    const res = await client.submit(step, { email: 'ann@example.com' });
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ type: 'error', code: 'FG_INVALID_OUTCOME', requestId: expect.any(String) });
  });

  test('the server goes on serving: a sign-in through a sound flow still completes', async () => {
    const done = await new TestBrowser(t.app).signIn('ann@example.com', loginOf('demo-sound'));
    expect(done.status).toBe(303);
    expect(done.headers['location']).toBe(DEMO_REDIRECT);
  });
});
