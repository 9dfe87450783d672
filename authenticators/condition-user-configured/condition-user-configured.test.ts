import type { Requirement, SiblingExecution } from '../../src/spi';
import { createConditionContext, InMemoryUsers, sibling } from '../../src/plugin-kit';
import { conditionUserConfigured as plugin } from './condition-user-configured.condition';

const ann = new InMemoryUsers().add({ id: 'ann', email: 'ann@example.com' });

/** `R+` REQUIRED and configured, `R-` REQUIRED and not, likewise `A` ALTERNATIVE and `D` DISABLED. */
function siblings(spec: string): SiblingExecution[] {
  const requirement: Record<string, Requirement> = { R: 'REQUIRED', A: 'ALTERNATIVE', D: 'DISABLED' };
  return spec
    .split(' ')
    .filter(Boolean)
    .map((s, i) => sibling(`step-${i}`, requirement[s[0]!]!, s[1] === '+'));
}

describe('condition-user-configured', () => {
  it.each([
    ['no siblings', '', true],
    ['only disabled siblings', 'D- D-', true],
    ['one required, configured', 'R+', true],
    ['one required, not configured', 'R-', false],
    ['all required configured', 'R+ R+ R+', true],
    ['one of several required not configured', 'R+ R- R+', false],
    ['a disabled sibling not configured is ignored', 'R+ D-', true],
    ['a disabled sibling configured does not help', 'R- D+', false],
    ['one alternative configured', 'A- A+ A-', true],
    ['no alternative configured', 'A- A-', false],
    ['a configured alternative does not rescue an unconfigured required', 'R- A+', false],
    ['alternatives are ignored when a required one exists', 'R+ A-', true],
    ['a disabled configured sibling does not satisfy alternatives', 'A- D+', false],
  ])('%s -> %s', async (_label, spec, expected) => {
    expect(await plugin.matches(createConditionContext({ user: ann, siblings: siblings(spec) }))).toBe(expected);
  });

  it.each([
    ['no siblings', ''],
    ['configured siblings', 'R+ A+'],
  ])('does not match without an identified user (%s)', async (_label, spec) => {
    expect(await plugin.matches(createConditionContext({ siblings: siblings(spec) }))).toBe(false);
  });

  it('asks each sibling about the current user', async () => {
    const bob = new InMemoryUsers().add({ id: 'bob', email: 'bob@example.com' });
    const onlyAnn = [sibling('magic-link', 'REQUIRED', new Set(['ann']))];
    expect(await plugin.matches(createConditionContext({ user: ann, siblings: onlyAnn }))).toBe(true);
    expect(await plugin.matches(createConditionContext({ user: bob, siblings: onlyAnn }))).toBe(false);
  });
});
