import type { RequiredActionSettings } from '../model';
import { deepFreeze } from '../../json/deep-freeze';
import type { PluginRegistry } from '../plugin-registry';
import { checkUserProfile } from '../profile/profile-checks';
import type { UserProfileConfig } from '../profile/profile-schema';
import { sortRequiredActions } from '../required-actions/realm-actions';
import type { Diagnostics } from '../../json/diagnostics';
import type { RealmDocument } from './flow-document';
import { joinPointer } from '../../json/json-pointer';
import type { JsonSource } from '../../json/json-source';
import { didYouMean } from './suggest';

const HOW_TO_REGISTER =
  'built-in required actions are listed in src/plugins/builtins.ts; an external one is added to the `plugins` list of the server config';

/**
 * Checks a realm file's `requiredActions` and `userProfile` beyond their schema: every action id
 * is a registered required action and its config passes the action's schema (disabled ones too,
 * so switching one on never meets a broken config), and the profile passes `checkUserProfile`.
 */
export function checkRealmSections(source: JsonSource & { value: RealmDocument }, registry: PluginRegistry, diags: Diagnostics): void {
  const doc = source.value;
  for (const [id, entry] of Object.entries(doc.requiredActions ?? {})) {
    const at = joinPointer('/requiredActions', id);
    const plugin = registry.requiredAction(id);
    if (!plugin) {
      const detail = registry.authenticator(id)
        ? `'${id}' is an authenticator: it belongs in a flow, not among the required actions`
        : registry.condition(id)
          ? `'${id}' is a condition: it belongs in a CONDITIONAL sub-flow, not among the required actions`
          : `no required action '${id}' is registered${didYouMean(id, registry.listRequiredActions().map((p) => p.definition.id))} (${HOW_TO_REGISTER})`;
      diags.at('FG_UNKNOWN_REQUIRED_ACTION', detail, source, at);
      continue;
    }
    const resolved = registry.resolveConfig(plugin, entry.config);
    if (!resolved.ok) {
      for (const problem of resolved.problems) diags.at('FG_PLUGIN_CONFIG_INVALID', problem.message, source, joinPointer(at, 'config') + problem.path);
    }
  }
  if (doc.userProfile) {
    for (const problem of checkUserProfile(doc.userProfile)) diags.at(problem.code, problem.detail, source, '/userProfile' + problem.path);
  }
}

/** The realm's required-action settings in the order they run, frozen. Configs stay as written. */
export function buildRequiredActions(doc: RealmDocument): readonly RequiredActionSettings[] {
  const settings = Object.entries(doc.requiredActions ?? {}).map(
    ([id, entry]): RequiredActionSettings => ({
      id,
      enabled: entry.enabled,
      defaultAction: entry.defaultAction,
      priority: entry.priority,
      config: entry.config === undefined ? undefined : structuredClone(entry.config),
    }),
  );
  return deepFreeze(sortRequiredActions(settings));
}

/** The realm's user profile, frozen; `undefined` when the document has none. */
export function buildUserProfile(doc: RealmDocument): UserProfileConfig | undefined {
  return doc.userProfile === undefined ? undefined : deepFreeze(structuredClone(doc.userProfile));
}
