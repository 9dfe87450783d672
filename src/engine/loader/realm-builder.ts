import { DEFAULT_BRUTE_FORCE_SETTINGS } from '../brute-force/brute-force-settings';
import { deepFreeze } from '../../json/deep-freeze';
import type { PluginRegistry } from '../plugin-registry';
import type { FlowNode, RealmDefinition } from '../model';
import type { Diagnostics } from '../../json/diagnostics';
import type { FlowCatalog } from './flow-catalog';
import type { RealmDocument } from './flow-document';
import { frozenMap, frozenSet } from './frozen';
import { joinPointer } from '../../json/json-pointer';
import type { JsonSource } from '../../json/json-source';
import { buildRequiredActions, buildUserProfile, checkRealmSections } from './realm-sections';
import { buildClient, checkClient } from './client-settings';
import { relyingPartyProblems } from '../passkeys/relying-party';

type RealmSource = JsonSource & { value: RealmDocument };

/**
 * Checks what a realm file's schema cannot: realm names and client ids are unique, bindings and
 * client overrides name flow files, clients pass `checkClient`, the default locale is a supported one, required actions are
 * registered with valid configs and the user profile is sound.
 */
export function checkRealms(sources: readonly RealmSource[], catalog: FlowCatalog, registry: PluginRegistry, diags: Diagnostics): void {
  const realms = new Map<string, RealmSource>();
  for (const source of sources) {
    const doc = source.value;
    const first = realms.get(doc.realm);
    if (first) diags.at('FG_DUPLICATE_REALM', `realm '${doc.realm}' is also declared by ${first.file}`, source, '/realm');
    else realms.set(doc.realm, source);

    if (!doc.settings.supportedLocales.includes(doc.settings.defaultLocale)) {
      diags.at(
        'FG_REALM_SCHEMA',
        `defaultLocale '${doc.settings.defaultLocale}' must be one of supportedLocales (${doc.settings.supportedLocales.join(', ')})`,
        source,
        '/settings/defaultLocale',
      );
    }
    for (const [slot, alias] of Object.entries(doc.bindings)) {
      const reason = catalog.unknownReason(alias);
      if (reason) diags.at('FG_UNKNOWN_FLOW', `binding '${slot}': ${reason}`, source, joinPointer('/bindings', slot));
    }
    const clients = new Map<string, number>();
    doc.clients.forEach((client, i) => {
      const at = joinPointer('/clients', i);
      const firstIndex = clients.get(client.clientId);
      if (firstIndex !== undefined) {
        diags.at('FG_DUPLICATE_CLIENT', `client '${client.clientId}' is also at /clients/${firstIndex}`, source, joinPointer(at, 'clientId'));
      } else {
        clients.set(client.clientId, i);
      }
      checkClient(client, at, source, diags);
      for (const [slot, alias] of Object.entries(client.flowOverrides)) {
        const reason = catalog.unknownReason(alias);
        if (reason) diags.at('FG_UNKNOWN_FLOW', `override '${slot}' of client '${client.clientId}': ${reason}`, source, joinPointer(at, 'flowOverrides', slot));
      }
    });
    checkRealmSections(source, registry, diags);
    checkPasskeySettings(source, diags);
  }
}

/** The frozen model of a checked realm file, with the directory's flows. */
export function buildRealm(doc: RealmDocument, flows: ReadonlyMap<string, FlowNode>, builtIn: ReadonlySet<string>): RealmDefinition {
  // Left out when the file says nothing, so a realm that does not use them has the same model as before.
  const requiredActions = buildRequiredActions(doc);
  const userProfile = buildUserProfile(doc);
  return Object.freeze({
    name: doc.realm,
    displayName: doc.displayName ?? doc.realm,
    settings: deepFreeze({
      loginTimeoutSeconds: doc.settings.loginTimeoutSeconds,
      defaultLocale: doc.settings.defaultLocale,
      supportedLocales: [...doc.settings.supportedLocales],
      ...(doc.settings.bruteForce && { bruteForce: { ...DEFAULT_BRUTE_FORCE_SETTINGS, ...doc.settings.bruteForce } }),
      ...(doc.settings.resourceServers && doc.settings.resourceServers.length > 0 && { resourceServers: doc.settings.resourceServers.map((r) => ({ ...r, scopes: [...r.scopes] })) }),
      ...(doc.settings.passkeys && { passkeys: { ...doc.settings.passkeys } }),
    }),
    bindings: deepFreeze({ ...doc.bindings }),
    clients: deepFreeze(doc.clients.map(buildClient)),
    flows: frozenMap(flows),
    builtInFlows: frozenSet(builtIn),
    ...(requiredActions.length > 0 && { requiredActions }),
    ...(userProfile && { userProfile }),
  });
}

/**
 * A realm that names both its RP ID and its origins can be checked without the server's `publicUrl`;
 * the rest is checked at boot (`assertRelyingParty`), when the URL is known.
 */
function checkPasskeySettings(source: RealmSource, diags: Diagnostics): void {
  const passkeys = source.value.settings.passkeys;
  if (passkeys?.rpId === undefined || passkeys.origins === undefined) return;
  for (const [setting, problem] of relyingPartyProblems({ id: passkeys.rpId, origins: passkeys.origins })) {
    diags.at('FG_PASSKEY_RELYING_PARTY', `settings.passkeys.${setting}: ${problem}`, source, joinPointer('/settings/passkeys', setting));
  }
}
