import { verifyEmailAction } from '../../../authenticators/verify-email';
import type { PluginDefinition } from '../../../src/engine/plugin-registry';
import { challenge, defineAuthenticator, EMPTY_CONFIG_SCHEMA, type LinkOutcome } from '../../../src/spi';
import { buildRealm, flow, required, type RealmInput } from '../../../src/testing/flow-builder';
import { FlowHarness, type HarnessLogin } from '../../../src/testing/flow-harness';
import { fixed, identify } from '../executor/fake-plugins';
import { ANN, harnessWith, setting } from '../required-actions/action-kit';

export { ANN };

/** The key (secret) of a link URL. */
export function keyOf(url: string): string {
  const key = new URL(url).searchParams.get('key');
  if (!key) throw new Error(`no key in ${url}`);
  return key;
}

/** A harness whose realm enables `verify-email` (with `config`), and Ann, unverified. */
export function verifyEmailHarness(config?: Record<string, unknown>): FlowHarness {
  const harness = harnessWith([setting('verify-email', { config })], [verifyEmailAction]);
  harness.users().add({ email: ANN, emailVerified: false });
  return harness;
}

/** The key of the newest link mailed to Ann. */
export function lastKey(harness: FlowHarness): string {
  const mail = harness.services.outbox.lastTo(ANN);
  if (!mail) throw new Error('no mail to Ann');
  return keyOf(mail.model!['link'] as string);
}

/** Signs Ann in up to her first waiting page (from a browser saying `userAgent`, when given). */
export async function signInAnn(harness: FlowHarness, userAgent?: string): Promise<HarnessLogin> {
  const login = await harness.start(userAgent === undefined ? {} : { userAgent });
  await login.submit({ email: ANN });
  return login;
}

/**
 * A flow step that waits for a link: `authenticate` issues one (kept in `issued`) and shows
 * `link-wait`; `onLink` answers with `decide()` (approve by default).
 */
export function linkStep(decide: () => LinkOutcome = () => ({ type: 'approve' })) {
  const issued: string[] = [];
  const seen: Array<{ subject: string; data: Readonly<Record<string, unknown>>; sameBrowser: boolean; note: unknown }> = [];
  const definition = defineAuthenticator({
    id: 'link-step',
    displayName: 'Link step',
    helpText: 'Waits for a link (engine tests).',
    requirements: ['REQUIRED'],
    requiresUser: true,
    configSchema: EMPTY_CONFIG_SCHEMA,
    async authenticate(ctx) {
      const link = await ctx.links.issue({ ttlSeconds: 600, subject: ctx.user!.id, data: { purpose: 'approve', authSessionId: 'forged', locale: 'fr' } });
      issued.push(link.url);
      ctx.notes.set('issued', link.tokenId);
      return challenge({ view: 'link-wait', fields: [] });
    },
    action: () => challenge({ view: 'link-wait', fields: [] }),
    onLink(ctx) {
      seen.push({ subject: ctx.link.subject, data: ctx.link.data, sameBrowser: ctx.sameBrowser, note: ctx.notes.get('issued') });
      return decide();
    },
  });
  return { plugin: definition as PluginDefinition, issued, seen };
}

/** A harness: identify, then `link-step`, then a step that succeeds (and the realm's `clients`). Ann exists. */
export function linkStepHarness(step: ReturnType<typeof linkStep>, clients: RealmInput['clients'] = []): FlowHarness {
  const realm = buildRealm({ flows: [flow('browser', [required('identify'), required('link-step'), required('after')])], clients });
  const harness = new FlowHarness({ realms: realm, plugins: [identify(), step.plugin, fixed('after', { type: 'success' })] });
  harness.users().add({ email: ANN });
  return harness;
}

/** The number the waiting tab of `login` shows (as a link's page posts it), from its last step. */
export function numberOf(login: HarnessLogin): string {
  const shown = login.last.type === 'challenge' ? login.last.approvalNumber : undefined;
  if (shown === undefined) throw new Error(`no approval number on ${JSON.stringify(login.last)}`);
  return String(shown);
}

/** Expects `pending` to be refused with registry code `code`. */
export async function expectCode(pending: Promise<unknown>, code: string): Promise<void> {
  await expect(pending).rejects.toMatchObject({ code });
}
