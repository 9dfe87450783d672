import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadServerConfig } from '../config/server-config';
import { adminApiDepsFrom, createContainer, disposeContainer } from '../composition/container';
import { FlowgateError, FlowgateErrors } from '../errors';
import { createLogger } from '../logging/logger';
import { DEFAULT_PUBLISH_AHEAD_SECONDS, rotateRealmKeys } from '../oidc/key-rotation';

/**
 * `node scripts/rotate-keys.js <realm> [--publish-ahead <seconds>]`: rotates a realm's token
 * signing keys, as `POST /admin/api/realms/<realm>/keys/rotate` does. Running servers pick the new
 * keys up within a minute. Whoever can run this can read the server's database and secret anyway.
 */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ options: { 'publish-ahead': { type: 'string' } }, allowPositionals: true, strict: true });
  const [realm] = positionals;
  const ahead = values['publish-ahead'] === undefined ? DEFAULT_PUBLISH_AHEAD_SECONDS : Number(values['publish-ahead']);
  if (realm === undefined || positionals.length !== 1 || !Number.isInteger(ahead) || ahead < 0 || ahead > 86400) {
    process.stderr.write('usage: node scripts/rotate-keys.js <realm> [--publish-ahead <seconds, 0 to 86400>]\n');
    return 2;
  }
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

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const text = err instanceof FlowgateErrors || err instanceof FlowgateError ? err.message : ((err as Error)?.stack ?? String(err));
    process.stderr.write(`flowgate: ${text}\n`);
    process.exit(1);
  },
);
