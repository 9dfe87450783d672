import fs from 'node:fs';
import path from 'node:path';
import { loadServerConfig } from '../../src/config/server-config';
import { loadFlowsDirectory } from '../../src/engine/loader';
import { PluginRegistry } from '../../src/engine/plugin-registry';
import { registerBuiltins } from '../../src/plugins/builtins';
import { loadExternalPlugins } from '../../src/plugins/external';
import { FlowHarness } from '../../src/plugin-kit';
import request from 'supertest';
import { formTo } from '../http/http-kit';
import { INSTALLED_PACKAGES, PluginProject } from './plugin-project';

/**
 * Follows the tutorial of docs/plugins.md word for word, in a new project: installs Flowgate as
 * packed by `npm pack`, runs the commands it shows and writes the files it shows, in order, and
 * starts the server as it says, then signs in through its flow there, the server's clock set before
 * and within opening hours. The same config is also run in memory with a clock the test sets.
 */
jest.setTimeout(120_000);

const DOC = path.join(__dirname, '..', '..', 'docs', 'plugins.md');

/**
 * One thing the reader does: run the commands of a block, install packages, write a file, or
 * start the server (`serve`: it runs until stopped, so the test starts it in the background).
 */
type Step = { readonly kind: 'run' | 'setup' | 'serve'; readonly lines: string[] } | { readonly kind: 'file'; readonly file: string; readonly text: string };

const MARKER = /^<!-- tutorial:(run|setup|serve|file) ?(\S*) -->$/;
const FENCE = /^```(\w*)$/;

/** The tutorial's steps, in order, from its `<!-- tutorial:... -->` markers and the code block under each. */
function tutorialSteps(markdown: string): { steps: Step[]; unmarked: string[] } {
  const section = markdown.slice(markdown.indexOf('## Tutorial'), markdown.indexOf('\n## ', markdown.indexOf('## Tutorial') + 1));
  const lines = section.split('\n');
  const steps: Step[] = [];
  const unmarked: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = FENCE.exec(lines[i]!);
    if (!fence) continue;
    const end = lines.indexOf('```', i + 1);
    const body = lines.slice(i + 1, end);
    const marker = MARKER.exec(lines[i - 1] ?? '');
    if (!marker) {
      // Only output and file listings may be shown without being done.
      if (fence[1] !== 'text') unmarked.push(body.join('\n'));
    } else if (marker[1] === 'file') {
      steps.push({ kind: 'file', file: marker[2]!, text: `${body.join('\n')}\n` });
    } else {
      steps.push({ kind: marker[1] as 'run' | 'setup' | 'serve', lines: body.filter((l) => l.trim() !== '') });
    }
    i = end;
  }
  return { steps, unmarked };
}

/**
 * `hour`:`minute` UTC on the next Monday, a weekday, after today. Later than the real time on
 * purpose: the server dates its cookies' `Expires` by its clock, and the test's agent drops cookies
 * that expired by the real one.
 */
function nextMondayAt(hour: number, minute = 0): number {
  const today = new Date();
  const daysAhead = (8 - today.getUTCDay()) % 7 || 7;
  return Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + daysAhead, hour, minute);
}

describe('the tutorial in docs/plugins.md', () => {
  const { steps, unmarked } = tutorialSteps(fs.readFileSync(DOC, 'utf8'));
  let project: PluginProject;
  beforeAll(() => {
    project = PluginProject.create();
  });
  afterAll(() => project?.remove());

  /**
   * Starts the server as the tutorial says, from the installed package, with its clock at `at`,
   * and enters an address on its login page: the plugin's page shows outside the flow's opening
   * hours (8 to 18 UTC), the code step within them; the plugin's compiled JavaScript is what ran.
   */
  async function signInThroughServer(command: string, at: number, expected: 'closed' | 'open'): Promise<void> {
    const server = await project.serve(command, { clockStart: at });
    try {
      const browser = request.agent(server.url);
      const login = new URL(server.loginUrl);
      const started = await browser.get(`${login.pathname}${login.search}`);
      expect(started.status).toBe(303);
      const identify = await browser.get(String(started.headers['location']));
      expect(identify.text).toContain('fg-page-identify-email');
      const form = formTo(identify.text, '/login-actions/authenticate');
      const answered = await browser.post(form.action).type('form').send({ ...form.fields, email: 'ann@example.com' });
      expect(answered.status).toBe(303);
      const page = await browser.get(String(answered.headers['location']));
      expect(page.status).toBe(200);
      expect(/fg-page-(office-hours|email-otp)/.exec(page.text)?.[0]).toBe(expected === 'closed' ? 'fg-page-office-hours' : 'fg-page-email-otp');
      if (expected === 'closed') expect(page.text).toContain('You can sign in between 8:00 and 18:00 UTC.');
    } finally {
      await server.stop();
    }
    expect(fs.existsSync(path.join(project.dir, 'plugins', 'office-hours', 'index.js'))).toBe(true);
  }

  test('shows only code the reader is told to run or write, and installs only what the test project has', () => {
    expect(unmarked).toEqual([]);
    const commands = steps.flatMap((s) => (s.kind === 'file' ? [] : s.lines));
    expect(commands).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^npx flowgate new-plugin /),
        expect.stringMatching(/^npx jest /),
        expect.stringMatching(/^npx flowgate validate /),
        'npx tsc',
        expect.stringMatching(/^npx flowgate start /),
      ]),
    );
    expect(steps.filter((s) => s.kind === 'serve')).toHaveLength(1);
    const installed = steps.filter((s) => s.kind === 'setup').flatMap((s) => (s.kind === 'setup' ? s.lines : []));
    for (const line of installed) expect(line).toMatch(/^npm install /);
    expect(installed.join(' ').split(/\s+/).filter((w) => !w.startsWith('-') && w !== 'npm' && w !== 'install').sort()).toEqual([...INSTALLED_PACKAGES].sort());
  });

  test('every step works, the server it starts serves the plugin, and the plugin signs people in during office hours only', async () => {
    for (const step of steps) {
      if (step.kind === 'file') {
        project.write(step.file, step.text);
        continue;
      }
      if (step.kind === 'serve') {
        // Closed first, then open: the same data directory never sees its clock go back.
        for (const command of step.lines) {
          await signInThroughServer(command, nextMondayAt(7, 30), 'closed');
          await signInThroughServer(command, nextMondayAt(10), 'open');
        }
        continue;
      }
      for (const command of step.lines) {
        const result = project.run(command);
        expect({ command, status: result.status, output: result.status === 0 ? '' : `${result.stdout}${result.stderr}` }).toEqual({ command, status: 0, output: '' });
      }
    }
    expect(project.typeErrors('plugins')).toEqual([]);

    // The end: the server config it wrote loads the plugin into its flow, as the server does.
    const config = loadServerConfig({ FLOWGATE_CONFIG: 'flowgate.json' }, project.dir);
    const registry = new PluginRegistry();
    registerBuiltins(registry);
    loadExternalPlugins(config.plugins, registry);
    expect(registry.authenticator('office-hours')?.source).toBe(path.join(project.dir, 'plugins', 'office-hours'));

    // Monday 6 January 2025: 07:30 is before the flow's opening hour (8), 10:00 is within.
    const harness = new FlowHarness({ realms: loadFlowsDirectory(config.flowsDir, registry), plugins: registry, now: Date.UTC(2025, 0, 6, 7, 30) });
    const ann = harness.users().add({ email: 'ann@example.com' });
    const early = await harness.start();
    await early.submit({ email: 'ann@example.com' });
    expect(early.challenge().view).toMatchObject({ view: 'office-hours', model: { opensAt: 8, closesAt: 18 } });

    harness.clock.set(Date.UTC(2025, 0, 6, 10));
    const login = await harness.start();
    await login.submit({ email: 'ann@example.com' });
    expect(login.view).toBe('email-otp');
    const code = String(harness.lastMail('ann@example.com')?.model?.['code']);
    expect(await login.submit({ code })).toMatchObject({ type: 'success', userId: ann.id });
  });
});
