import fs from 'node:fs';
import path from 'node:path';
import { loadServerConfig } from '../../src/config/server-config';
import { loadFlowsDirectory } from '../../src/engine/loader';
import { PluginRegistry } from '../../src/engine/plugin-registry';
import { registerBuiltins } from '../../src/plugins/builtins';
import { loadExternalPlugins } from '../../src/plugins/external';
import { FlowHarness } from '../../src/plugin-kit';
import { INSTALLED_PACKAGES, PluginProject } from './plugin-project';

/**
 * Follows the tutorial of docs/plugins.md word for word, in a new project where Flowgate is
 * installed: runs the commands it shows and writes the files it shows, in order, then starts the
 * flow it ends with through the server config it wrote, as the server would, and signs in.
 */

const DOC = path.join(__dirname, '..', '..', 'docs', 'plugins.md');

/** One thing the reader does: run the commands of a block, write a file, or install packages. */
type Step = { readonly kind: 'run' | 'setup'; readonly lines: string[] } | { readonly kind: 'file'; readonly file: string; readonly text: string };

const MARKER = /^<!-- tutorial:(run|setup|file) ?(\S*) -->$/;
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
      steps.push({ kind: marker[1] as 'run' | 'setup', lines: body.filter((l) => l.trim() !== '') });
    }
    i = end;
  }
  return { steps, unmarked };
}

describe('the tutorial in docs/plugins.md', () => {
  const { steps, unmarked } = tutorialSteps(fs.readFileSync(DOC, 'utf8'));
  let project: PluginProject;
  beforeAll(() => {
    project = PluginProject.create();
  });
  afterAll(() => project?.remove());

  test('shows only code the reader is told to run or write, and installs only what the test project has', () => {
    expect(unmarked).toEqual([]);
    const commands = steps.flatMap((s) => (s.kind === 'file' ? [] : s.lines));
    expect(commands).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^npx flowgate new-plugin /),
        expect.stringMatching(/^npx jest /),
        expect.stringMatching(/^npx flowgate validate /),
      ]),
    );
    const installed = steps.filter((s) => s.kind === 'setup').flatMap((s) => (s.kind === 'setup' ? s.lines : []));
    for (const line of installed) expect(line).toMatch(/^npm install /);
    expect(installed.join(' ').split(/\s+/).filter((w) => !w.startsWith('-') && w !== 'npm' && w !== 'install').sort()).toEqual([...INSTALLED_PACKAGES].sort());
  });

  test('every step works, and the plugin it ends with signs people in through its flow during office hours only', async () => {
    for (const step of steps) {
      if (step.kind === 'file') {
        project.write(step.file, step.text);
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
