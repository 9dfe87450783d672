import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './server-process';

/**
 * What a benchmarked server starts from: the shipped flows with their send budgets raised, a config
 * that lifts the per-IP rate limits; the seeded databases are `databases.ts`'s.
 */

/** The mail steps' options the bench overrides; everything else is the shipped flow's. */
const MAIL_STEP_OVERRIDES: Record<string, Record<string, unknown>> = {
  // All sign-ins come from 127.0.0.1 (one network) and reuse a population of addresses: the
  // per-address and per-network budgets would refuse mail within the first minutes.
  'magic-link': { maxSendsPerHour: 1000, maxSendsPerNetworkPerHour: 1000, maxSendsPerBrowserPerHour: 100 },
  // The shipped email-otp step mails only addresses with an account; new users sign up here too,
  // as they do with the magic link, so "new user" means the same thing for both methods.
  'email-otp': { maxSendsPerHour: 1000, maxSendsPerNetworkPerHour: 1000, maxSendsPerBrowserPerHour: 100, forceCreateUser: true },
};

/** The address of the i-th user of the population (returning users sign in as these). */
export function populationEmail(i: number): string {
  return `user-${i}@bench.example.com`;
}

/**
 * Copies the shipped flows to `to` with the mail steps' overrides merged into their config, and the
 * passkey offer after a sign-in by mail switched off: the benchmark measures mail sign-ins, and a
 * declined offer would be one more request per sign-in than in earlier runs.
 */
export function prepareFlows(to: string): void {
  fs.cpSync(path.join(ROOT, 'flows'), to, { recursive: true });
  const realmFile = path.join(to, 'main.realm.json');
  const realm = JSON.parse(fs.readFileSync(realmFile, 'utf8')) as { requiredActions?: Record<string, { enabled?: boolean }> };
  if (realm.requiredActions?.['register-passkey']) realm.requiredActions['register-passkey'].enabled = false;
  fs.writeFileSync(realmFile, JSON.stringify(realm, null, 2));
  for (const name of fs.readdirSync(to)) {
    if (!name.endsWith('.json') || name.endsWith('.schema.json') || name.endsWith('.realm.json')) continue;
    const file = path.join(to, name);
    const flow = JSON.parse(fs.readFileSync(file, 'utf8')) as { executions: Execution[] };
    overrideMailSteps(flow.executions);
    fs.writeFileSync(file, JSON.stringify(flow, null, 2));
  }
}

interface Execution {
  authenticator?: string;
  config?: Record<string, unknown>;
  flow?: string | { executions: Execution[] };
}

function overrideMailSteps(executions: Execution[]): void {
  for (const execution of executions) {
    const override = execution.authenticator && MAIL_STEP_OVERRIDES[execution.authenticator];
    if (override) execution.config = { ...execution.config, ...override };
    if (execution.flow && typeof execution.flow === 'object') overrideMailSteps(execution.flow.executions);
  }
}

/**
 * The server config: per-IP limits out of the way (every client is 127.0.0.1), everything else at
 * its default (log level `info`: a JSON line per request, as in production).
 */
export function writeConfig(file: string): void {
  fs.writeFileSync(file, JSON.stringify({ loginStartsPerMinute: 1_000_000, loginPostsPerMinute: 1_000_000 }, null, 2));
}
