/**
 * JSON Schema (draft 2020-12 subset understood by ajv 8) for a plugin's config. Defaults live
 * inside the schema (`default`), so the engine fills them in and the admin UI can show them.
 * Every property should carry a `description`: it is the option's documentation and the help
 * text of its field in the admin UI.
 */
export interface ConfigSchema {
  readonly type: 'object';
  /** The options, by name. */
  readonly properties: Readonly<Record<string, ConfigProperty>>;
  /** Options that must be set (usually none: prefer defaults). */
  readonly required?: readonly string[];
  /** Keep `false` so typos in flow JSON are load-time errors. Defaults to `false` when absent. */
  readonly additionalProperties?: false;
}

/** One option of a plugin config. Any further JSON Schema keyword ajv knows is allowed. */
export interface ConfigProperty {
  readonly type?: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
  /** Short human title for the admin UI. */
  readonly title?: string;
  /** What the option does, its default and when to change it. */
  readonly description?: string;
  /** Value used when the option is absent. */
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly items?: ConfigProperty;
  /**
   * On an object of texts by locale (`{ "en": "...", "de": "..." }`): the admin UI shows one text
   * box per locale the realm supports (and per locale the schema names or the value holds) instead
   * of a JSON box, and leaves empty ones out. An annotation only: validation is up to the other
   * keywords (`additionalProperties: { type: 'string' }`, `required: ['en']`, ...).
   */
  readonly 'x-localized'?: boolean;
  readonly [keyword: string]: unknown;
}

/** The schema of a plugin without options. */
export const EMPTY_CONFIG_SCHEMA: ConfigSchema = { type: 'object', properties: {}, additionalProperties: false };
