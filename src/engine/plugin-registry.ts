import type { ValidateFunction } from 'ajv';
import { createAjv, ajvErrorPath, describeAjvError } from '../json/ajv';
import { FlowgateError } from '../errors';
import { deepFreeze } from '../json/deep-freeze';
import { PLUGIN_API_VERSION } from '../spi/api-version';
import { FAILURE_REASON_PATTERN, FAILURE_REASONS_SINCE } from '../spi/failure-reasons';
import type { AuthenticatorDefinition } from '../spi/authenticator';
import type { ConditionDefinition } from '../spi/condition';
import type { PluginDefinition } from '../spi/plugin';
import type { RequiredActionDefinition } from '../spi/required-action';
import { AMR_PATTERN } from '../spi/authenticator';

export type { PluginDefinition } from '../spi/plugin';

/** What a plugin module contributes, as registered: the definition and where it came from. */
export interface RegisteredPlugin<D> {
  readonly definition: D;
  /** `built-in` or the path / package name it was loaded from; named in error messages. */
  readonly source: string;
  /** Validates a config and fills in defaults (mutates its argument: pass a copy). */
  readonly validateConfig: ValidateFunction;
}

/** One problem with a config against a plugin's schema. */
export interface ConfigProblem {
  /** JSON Pointer inside the config object. */
  readonly path: string;
  readonly message: string;
}

/** What a plugin id looks like: kebab-case, starting with a letter (`magic-link`, `condition-user-attribute`). */
export const PLUGIN_ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

const VERSION_PATTERN = /^(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})$/;

/**
 * Whether a plugin built for plugin API `pluginVersion` runs on an engine implementing
 * `engineVersion` (default: this engine's `PLUGIN_API_VERSION`): the same major version, and a minor
 * version no newer than the engine's (a plugin built for 1.2 may use what 1.1 lacks). False for
 * anything that is not a `major.minor` string.
 */
export function isCompatibleApiVersion(pluginVersion: unknown, engineVersion: string = PLUGIN_API_VERSION): boolean {
  const plugin = typeof pluginVersion === 'string' ? VERSION_PATTERN.exec(pluginVersion) : null;
  const engine = VERSION_PATTERN.exec(engineVersion);
  if (!plugin || !engine) return false;
  return plugin[1] === engine[1] && Number(plugin[2]) <= Number(engine[2]);
}

/**
 * Every authenticator, condition and required action the engine knows, by id. Ids are unique
 * across all three kinds, so a flow file can never be ambiguous; a duplicate is a boot error.
 */
export class PluginRegistry {
  private readonly ajv = createAjv();
  private readonly authenticators = new Map<string, RegisteredPlugin<AuthenticatorDefinition<any>>>();
  private readonly conditions = new Map<string, RegisteredPlugin<ConditionDefinition<any>>>();
  private readonly requiredActions = new Map<string, RegisteredPlugin<RequiredActionDefinition<any>>>();
  private readonly sources = new Map<string, string>();

  /**
   * Registers an authenticator from `source` (`built-in`, or the path or package name it was loaded
   * from). Throws `FG_PLUGIN_INVALID`, `FG_PLUGIN_API_VERSION` or `FG_DUPLICATE_PLUGIN_ID`.
   */
  registerAuthenticator(definition: AuthenticatorDefinition<any>, source = 'built-in'): void {
    this.checkCommon(definition, source);
    if (typeof definition.authenticate !== 'function') {
      throw new FlowgateError('FG_PLUGIN_INVALID', `authenticator '${definition.id}' from ${source} has no authenticate()`);
    }
    if (!Array.isArray(definition.requirements) || definition.requirements.length === 0) {
      throw new FlowgateError('FG_PLUGIN_INVALID', `authenticator '${definition.id}' from ${source} allows no requirement`);
    }
    this.authenticators.set(definition.id, this.compile(definition, source));
  }

  /** Registers a condition; see `registerAuthenticator`. */
  registerCondition(definition: ConditionDefinition<any>, source = 'built-in'): void {
    this.checkCommon(definition, source);
    if (typeof definition.matches !== 'function') {
      throw new FlowgateError('FG_PLUGIN_INVALID', `condition '${definition.id}' from ${source} has no matches()`);
    }
    this.conditions.set(definition.id, this.compile(definition, source));
  }

  /** Registers a required action; see `registerAuthenticator`. */
  registerRequiredAction(definition: RequiredActionDefinition<any>, source = 'built-in'): void {
    this.checkCommon(definition, source);
    if (typeof definition.challenge !== 'function' || typeof definition.process !== 'function') {
      throw new FlowgateError('FG_PLUGIN_INVALID', `required action '${definition.id}' from ${source} needs challenge() and process()`);
    }
    this.requiredActions.set(definition.id, this.compile(definition, source));
  }

  /** Registers any kind of plugin. */
  register(plugin: PluginDefinition, source = 'built-in'): void {
    const { kind, ...definition } = plugin;
    if (kind === 'authenticator') this.registerAuthenticator(definition as AuthenticatorDefinition<any>, source);
    else if (kind === 'condition') this.registerCondition(definition as ConditionDefinition<any>, source);
    else if (kind === 'required-action') this.registerRequiredAction(definition as RequiredActionDefinition<any>, source);
    else throw new FlowgateError('FG_PLUGIN_INVALID', `unknown plugin kind '${String(kind)}' from ${source}`);
  }

  /** The authenticator with this id, if any. */
  authenticator(id: string): RegisteredPlugin<AuthenticatorDefinition<any>> | undefined {
    return this.authenticators.get(id);
  }

  /** The condition with this id, if any. */
  condition(id: string): RegisteredPlugin<ConditionDefinition<any>> | undefined {
    return this.conditions.get(id);
  }

  /** The required action with this id, if any. */
  requiredAction(id: string): RegisteredPlugin<RequiredActionDefinition<any>> | undefined {
    return this.requiredActions.get(id);
  }

  /**
   * All authenticators, in registration order: the built-ins, then external plugins in the order of
   * the `plugins` option, each with its `source`. The admin catalog lists them from here.
   */
  listAuthenticators(): RegisteredPlugin<AuthenticatorDefinition<any>>[] {
    return [...this.authenticators.values()];
  }

  /** All conditions, in registration order (see `listAuthenticators`). */
  listConditions(): RegisteredPlugin<ConditionDefinition<any>>[] {
    return [...this.conditions.values()];
  }

  /** All required actions, in registration order (see `listAuthenticators`). */
  listRequiredActions(): RegisteredPlugin<RequiredActionDefinition<any>>[] {
    return [...this.requiredActions.values()];
  }

  /**
   * Validates `config` against the plugin's schema and returns a deep-frozen copy with defaults
   * filled in, or the problems found (paths relative to the config object).
   */
  resolveConfig(
    plugin: RegisteredPlugin<unknown>,
    config: Readonly<Record<string, unknown>> | undefined,
  ): { ok: true; config: Readonly<Record<string, unknown>> } | { ok: false; problems: ConfigProblem[] } {
    const copy = structuredClone(config ?? {}) as Record<string, unknown>;
    if (plugin.validateConfig(copy)) return { ok: true, config: deepFreeze(copy) };
    return {
      ok: false,
      problems: (plugin.validateConfig.errors ?? []).map((e) => ({ path: ajvErrorPath(e), message: describeAjvError(e) })),
    };
  }

  private checkCommon(definition: { id?: unknown; apiVersion?: unknown; configSchema?: unknown; failureReasons?: unknown; amr?: unknown }, source: string): void {
    if (typeof definition.id !== 'string' || !PLUGIN_ID_PATTERN.test(definition.id)) {
      throw new FlowgateError('FG_PLUGIN_INVALID', `plugin id ${JSON.stringify(definition.id)} from ${source} must be kebab-case`);
    }
    // A definition without a version is the engine's own (a built-in, or a plain object in a test);
    // plugins from outside must declare one (plugins/declared-api-version.ts), checked here.
    if (definition.apiVersion !== undefined && !isCompatibleApiVersion(definition.apiVersion)) {
      throw new FlowgateError(
        'FG_PLUGIN_API_VERSION',
        `plugin '${definition.id}' from ${source} was built for plugin API ${JSON.stringify(definition.apiVersion)}; ` +
          `this Flowgate implements plugin API ${PLUGIN_API_VERSION} and runs plugins built for ${PLUGIN_API_VERSION.split('.')[0]}.0 to ${PLUGIN_API_VERSION}`,
      );
    }
    const existing = this.sources.get(definition.id);
    if (existing !== undefined) {
      throw new FlowgateError('FG_DUPLICATE_PLUGIN_ID', `plugin id '${definition.id}' from ${source} is already registered by ${existing}`);
    }
    checkFailureReasons(definition, source);
    if (definition.amr !== undefined && (typeof definition.amr !== 'string' || !AMR_PATTERN.test(definition.amr))) {
      throw new FlowgateError('FG_PLUGIN_INVALID', `plugin '${definition.id}' from ${source}: amr must be a short lower-case word such as 'otp', not ${JSON.stringify(definition.amr)}`);
    }
    const schema = definition.configSchema as { type?: unknown } | undefined;
    if (!schema || schema.type !== 'object') {
      throw new FlowgateError('FG_PLUGIN_INVALID', `plugin '${definition.id}' from ${source} needs a configSchema of type 'object'`);
    }
    this.sources.set(definition.id, source);
  }

  private compile<D extends { id: string; configSchema: object }>(definition: D, source: string): RegisteredPlugin<D> {
    try {
      // additionalProperties defaults to false: a typo in a flow's config must be a load error.
      const schema = { additionalProperties: false, ...definition.configSchema };
      return { definition, source, validateConfig: this.ajv.compile(schema) };
    } catch (err) {
      this.sources.delete(definition.id);
      throw new FlowgateError('FG_PLUGIN_INVALID', `config schema of '${definition.id}' from ${source}: ${(err as Error).message}`, undefined, { cause: err });
    }
  }
}

/**
 * A plugin's `failureReasons`: a list of distinct snake_case reasons when given, and given by every
 * plugin written for plugin API 1.1 or later (a 1.0 plugin may fail with any reason). Conditions
 * never fail, so a list on one is refused as a mistake.
 */
function checkFailureReasons(definition: { id?: unknown; apiVersion?: unknown; failureReasons?: unknown; matches?: unknown }, source: string): void {
  const reasons = definition.failureReasons;
  const id = String(definition.id);
  if (reasons === undefined) {
    const needs = typeof definition.matches !== 'function' && typeof definition.apiVersion === 'string' && isCompatibleApiVersion(FAILURE_REASONS_SINCE, definition.apiVersion);
    if (needs) throw new FlowgateError('FG_PLUGIN_INVALID', `plugin '${id}' from ${source} is written for plugin API ${definition.apiVersion}, which needs its failureReasons listed`);
    return;
  }
  if (typeof definition.matches === 'function') throw new FlowgateError('FG_PLUGIN_INVALID', `condition '${id}' from ${source} lists failureReasons, but conditions never fail`);
  const list = Array.isArray(reasons) ? reasons : [];
  const bad = list.find((reason) => typeof reason !== 'string' || reason.length > 100 || !FAILURE_REASON_PATTERN.test(reason));
  if (!Array.isArray(reasons) || bad !== undefined || new Set(list).size !== list.length) {
    throw new FlowgateError('FG_PLUGIN_INVALID', `plugin '${id}' from ${source}: failureReasons must be distinct snake_case reasons${bad === undefined ? '' : `, not ${JSON.stringify(bad)}`}`);
  }
}
