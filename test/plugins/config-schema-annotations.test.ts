import { PluginRegistry } from '../../src/engine/plugin-registry';
import { challenge, defineRequiredAction, success, type ConfigSchema } from '../../src/plugin-kit';
import { registerBuiltins } from '../../src/plugins/builtins';

/** A required action whose config is a text by locale, marked for the admin UI. */
function actionWith(configSchema: ConfigSchema) {
  return defineRequiredAction({
    id: 'notice',
    displayName: 'Notice',
    helpText: 'Shows a notice.',
    configSchema,
    challenge: () => challenge({ view: 'notice', fields: [] }),
    process: () => success(),
  });
}

// `mark` as a plugin written in JavaScript might set it: the type allows only a boolean.
const localized = (mark: unknown): ConfigSchema =>
  ({ type: 'object', properties: { text: { type: 'object', 'x-localized': mark, additionalProperties: { type: 'string' } } } }) as ConfigSchema;

test('"x-localized" marks a text by locale for the admin UI and changes nothing in what a config may be', () => {
  const registry = new PluginRegistry();
  registry.registerRequiredAction(actionWith(localized(true)));
  const { validateConfig } = registry.requiredAction('notice')!;
  expect(validateConfig({ text: { en: 'Hello', de: 'Hallo' } })).toBe(true);
  expect(validateConfig({ text: { en: 1 } })).toBe(false);
});

test('"x-localized" other than a boolean is a malformed config schema, refused at boot', () => {
  expect(() => new PluginRegistry().registerRequiredAction(actionWith(localized('yes')))).toThrow(
    expect.objectContaining({ code: 'FG_PLUGIN_INVALID', message: expect.stringContaining('x-localized') }),
  );
});

test("the terms' text is marked, so the admin UI shows a field per locale", () => {
  const registry = new PluginRegistry();
  registerBuiltins(registry);
  const schema = registry.requiredAction('terms-and-conditions')!.definition.configSchema;
  expect(schema.properties['text']).toMatchObject({ type: 'object', 'x-localized': true });
});
