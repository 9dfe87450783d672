import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadServerConfig } from '../config/server-config';
import { adminApiDepsFrom, createContainer, disposeContainer } from '../composition/container';
import { createLogger } from '../logging/logger';
import { runScript } from './run-script';
import { DEFAULT_PUBLISH_AHEAD_SECONDS, rotateRealmKeys } from '../oidc/key-rotation';

/**
 * `node scripts/rotate-keys.js <realm> [--publish-ahead <seconds>]`: rotates a realm's token
 * signing keys, as `POST /admin/api/realms/<realm>/keys/rotate` does. Running servers pick the new
 * keys up within a minute. Whoever can run this can read the server's database and secret anyway.
 */
async function main(): Promise<number> {
  const args = commandLine();
  if (!args) {
    process.stderr.write('usage: node scripts/rotate-keys.js <realm> [--publish-ahead <seconds, 0 to 86400>]\n');
    return 2;
  }
  const { realm, ahead } = args;
  const container = await createContainer(loadServerConfig(), createLogger('warn'));
  try {
    const deps = adminApiDepsFrom(container);
    const def = await deps.realms.getRealm(realm);
    if (!def) {
      process.stderr.write(`flowgate: there is no realm '${realm}'\n`);
      return 1;
    }
    const kids = await rotateRealmKeys(deps.signingKeys, def, ahead);
    process.stdout.write(`New signing keys of '${realm}' (published now, signing in ${ahead} s): ${kids.join(', ')}\n`);
    return 0;
  } finally {
    await disposeContainer(container);
  }
}

/** The realm and the publish-ahead seconds, or `undefined` for a command line that is not one. */
function commandLine(): { realm: string; ahead: number } | undefined {
  let parsed;
  try {
    parsed = parseArgs({ options: { 'publish-ahead': { type: 'string' } }, allowPositionals: true, strict: true });
  } catch {
    return undefined; // an unknown option, or one without its value
  }
  const [realm, ...extra] = parsed.positionals;
  const ahead = parsed.values['publish-ahead'] === undefined ? DEFAULT_PUBLISH_AHEAD_SECONDS : Number(parsed.values['publish-ahead']);
  if (realm === undefined || extra.length > 0 || !Number.isInteger(ahead) || ahead < 0 || ahead > 86400) return undefined;
  return { realm, ahead };
}

runScript(main);
