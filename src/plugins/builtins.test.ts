import { createAjv } from '../json/ajv';
import { PluginRegistry } from '../engine/plugin-registry';
import { BUILTIN_PLUGINS, registerBuiltins } from './builtins';

const EXPECTED_IDS = [
  'cookie',
  'identify-email',
  'magic-link',
  'email-otp',
  'passkey',
  'allow-access',
  'deny-access',
  'condition-user-configured',
  'condition-user-attribute',
  'update-profile',
  'terms-and-conditions',
  'verify-email',
  'register-passkey',
];

describe('built-in plugins', () => {
  it('lists the expected plugins once each', () => {
    const ids = BUILTIN_PLUGINS.map((p) => p.id);
    expect(ids).toEqual(EXPECTED_IDS);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('register in a fresh registry, each under its kind', () => {
    const registry = new PluginRegistry();
    registerBuiltins(registry);
    for (const plugin of BUILTIN_PLUGINS) {
      const registered =
        plugin.kind === 'authenticator'
          ? registry.authenticator(plugin.id)
          : plugin.kind === 'condition'
            ? registry.condition(plugin.id)
            : registry.requiredAction(plugin.id);
      expect(registered?.source).toBe('built-in');
    }
    expect(registry.listAuthenticators()).toHaveLength(7);
    expect(registry.listConditions()).toHaveLength(2);
    expect(registry.listRequiredActions()).toHaveLength(4);
  });

  it('cannot be registered twice', () => {
    const registry = new PluginRegistry();
    registerBuiltins(registry);
    expect(() => registerBuiltins(registry)).toThrow(expect.objectContaining({ code: 'FG_DUPLICATE_PLUGIN_ID' }));
  });

  it('only allow requirements a plugin of their kind may have', () => {
    for (const plugin of BUILTIN_PLUGINS) {
      if (plugin.kind !== 'authenticator') continue;
      expect(plugin.requirements).toContain('DISABLED');
      expect(plugin.requirements).not.toContain('CONDITIONAL');
    }
  });

  describe.each(BUILTIN_PLUGINS.map((p) => [p.id, p] as const))('%s config schema', (_id, plugin) => {
    const properties = Object.entries(plugin.configSchema.properties);

    it('compiles strictly', () => {
      expect(() => createAjv().compile({ additionalProperties: false, ...plugin.configSchema })).not.toThrow();
    });

    it('documents every option', () => {
      for (const [name, property] of properties) {
        expect({ name, description: typeof property.description === 'string' && property.description.trim().length > 10 }).toEqual({
          name,
          description: true,
        });
      }
    });

    it('has defaults valid against their own option', () => {
      for (const [name, property] of properties) {
        if (!('default' in property)) continue;
        // Wrapped in an object: ajv's strict mode refuses a `default` at a schema's root.
        const validate = createAjv().compile({ type: 'object', properties: { [name]: property } });
        expect({ name, valid: validate({ [name]: structuredClone(property.default) }), errors: validate.errors }).toEqual({
          name,
          valid: true,
          errors: null,
        });
      }
    });

    it('has options that are either required or defaulted', () => {
      const required = new Set(plugin.configSchema.required ?? []);
      for (const [name, property] of properties) {
        expect({ name, settled: required.has(name) || 'default' in property }).toEqual({ name, settled: true });
      }
    });
  });
});
