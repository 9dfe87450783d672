import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadServerConfig } from '../config/server-config';
import { adminApiDepsFrom, createContainer, disposeContainer } from '../composition/container';
import { createLogger } from '../logging/logger';
import { runScript } from './run-script';
import { ADMIN_REALM } from '../admin/admin-realm';
import { ensureAdminUser, listAdmins } from '../admin/bootstrap/admin-setup';
import { issueBootstrapLink } from '../admin/bootstrap/bootstrap-link';

/**
 * `node scripts/admin-link.js [--email <address>]`: prints a one-time sign-in link to the admin
 * console. With `--email` (or `FLOWGATE_ADMIN_EMAIL`) that address is made an administrator first;
 * otherwise the link is for the first administrator. Whoever can run this can read the server's
 * database and secret anyway, so it grants nothing they could not take.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { email: { type: 'string' } }, strict: true });
  const config = loadServerConfig();
  const container = await createContainer(config, createLogger('warn'));
  try {
    const deps = adminApiDepsFrom(container);
    if (!(await deps.realms.getRealm(ADMIN_REALM))) {
      process.stderr.write('flowgate: the admin realm does not exist yet: start Flowgate once first\n');
      return 1;
    }
    const email = values.email ?? config.adminEmail;
    const admin = email !== undefined ? (await ensureAdminUser(deps.users, email)).user : (await listAdmins(deps.dataSource))[0];
    if (!admin) {
      process.stderr.write('flowgate: there is no administrator yet: name one with --email you@example.com\n');
      return 1;
    }
    const link = await issueBootstrapLink(deps.tokens, config.publicUrl, admin.id);
    process.stdout.write(`Sign in to the admin console as ${admin.email} within 15 minutes (the link works once):\n${link.url}\n`);
    return 0;
  } finally {
    await disposeContainer(container);
  }
}

runScript(main);
