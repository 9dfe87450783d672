import { createConditionContext, InMemoryUsers, resolvePluginConfig } from '../../src/plugin-kit';
import { conditionUserAttribute as plugin } from './condition-user-attribute.condition';

const users = new InMemoryUsers([
  { id: 'sales', email: 'sales@example.com', attributes: { department: ['sales'] } },
  { id: 'multi', email: 'multi@example.com', attributes: { department: ['support', 'sales'] } },
  { id: 'upper', email: 'upper@example.com', attributes: { department: ['Sales'] } },
  { id: 'empty', email: 'empty@example.com', attributes: { department: [] } },
  { id: 'none', email: 'none@example.com' },
]);

async function matches(userId: string | undefined, config: Record<string, unknown>): Promise<boolean> {
  const user = userId === undefined ? undefined : await users.findById(userId);
  return plugin.matches(createConditionContext({ user, config: resolvePluginConfig(plugin, config) }));
}

const sales = { attribute: 'department', expectedValue: 'sales' };

describe('condition-user-attribute', () => {
  it.each([
    ['the only value equals', 'sales', sales, true],
    ['one of several values equals', 'multi', sales, true],
    ['values differ in case only', 'upper', sales, false],
    ['the attribute has no values', 'empty', sales, false],
    ['the user lacks the attribute', 'none', sales, false],
    ['negated: the value equals', 'sales', { ...sales, negate: true }, false],
    ['negated: one of several equals', 'multi', { ...sales, negate: true }, false],
    ['negated: values differ in case', 'upper', { ...sales, negate: true }, true],
    ['negated: the user lacks the attribute', 'none', { ...sales, negate: true }, true],
    ['expecting the empty string, no value is empty', 'sales', { attribute: 'department', expectedValue: '' }, false],
  ])('%s -> %s', async (_label, userId, config, expected) => {
    expect(await matches(userId, config)).toBe(expected);
  });

  it.each([
    ['plain', sales],
    ['negated', { ...sales, negate: true }],
  ])('never matches without an identified user (%s)', async (_label, config) => {
    expect(await matches(undefined, config)).toBe(false);
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'does not read %s from the prototype',
    async (attribute) => {
      expect(await matches('sales', { attribute, expectedValue: 'x' })).toBe(false);
      expect(await matches('sales', { attribute, expectedValue: 'x', negate: true })).toBe(true);
    },
  );

  it('defaults negate to false', () => {
    expect(resolvePluginConfig(plugin, sales)).toEqual({ ...sales, negate: false });
  });

  it.each([
    ['no attribute', { expectedValue: 'sales' }],
    ['no expected value', { attribute: 'department' }],
    ['an empty attribute name', { attribute: '', expectedValue: 'sales' }],
    ['a non-boolean negate', { ...sales, negate: 'yes' }],
    ['an unknown option', { ...sales, not: true }],
  ])('refuses a config with %s', (_label, config) => {
    expect(() => resolvePluginConfig(plugin, config)).toThrow(expect.objectContaining({ code: 'FG_PLUGIN_CONFIG_INVALID' }));
  });
});
