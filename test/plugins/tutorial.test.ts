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
 * starts the server as it says, then signs in through its flow there. The same config is also run
 * in memory with a clock the test sets, for both sides of opening time.
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

/** Whether the tutorial's flow (opens at 8, closes at 18 UTC, weekdays only) is open at `now`. */
function open(now: number): boolean {
  const time = new Date(now);
  const day = time.getUTCDay();
  return day !== 0 && day !== 6 && time.getUTCHours() >= 8 && time.getUTCHours() < 18;
}

describe('the tutorial in docs/plugins.md', () => {
  const { steps, unmarked } = tutorialSteps(fs.readFileSync(DOC, 'utf8'));
  let project: PluginProject;
  beforeAll(() => {
    project = PluginProject.create();
  });
  afterAll(() => project?.remove());

  /**
   * Starts the server as the tutorial says, from the installed package, and enters an address on
   * its login page: the plugin's page shows outside opening hours (the real clock), the code step
   * within them; the plugin's compiled JavaScript is what ran.
   */
  async function signInThroughServer(command: string): Promise<void> {
    const server = await project.serve(command);
    try {
      const browser = request.agent(server.url);
      const login = new URL(server.loginUrl);
      const started = await browser.get(`${login.pathname}${login.search}`);
      expect(started.status).toBe(303);
      const identify = await browser.get(String(started.headers['location']));
      expect(identify.text).toContain('fg-page-identify-email');
      const before = Date.now();
      const answered = await browser.post(formTo(identify.text, '/login-actions/authenticate').action).type('form').send({ ...formTo(identify.text, '/login-actions/authenticate').fields, email: 'ann@example.com' });
      const after = Date.now();
      expect(answered.status).toBe(303);
      const page = await browser.get(String(answered.headers['location']));
      expect(page.status).toBe(200);
      // At an opening or closing hour the request may have seen either side of it.
      const expected = [open(before), open(after)].map((isOpen) => (isOpen ? 'fg-page-email-otp' : 'fg-page-office-hours'));
      expect(expected).toContain(/fg-page-(office-hours|email-otp)/.exec(page.text)?.[0]);
      if (!open(before) && !open(after)) expect(page.text).toMatch(/8[\s\S]*18/);
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
        for (const command of step.lines) await signInThroughServer(command);
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
