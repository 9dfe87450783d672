// Helpers of this folder's tests (not a test file itself: it has none).
import { FlowHarness, type ConfirmLinkResult, type HarnessLogin, type StepResult } from '../../src/plugin-kit';

/** Ann, who has an account in most tests. */
export const ANN = 'ann@example.com';
/** The id of a browser other than the one signing in (as the `fg_browser` cookie would carry it). */
export const OTHER_BROWSER = 'AAAAAAAAAAAAAAAAAAAAAA';

/**
 * A harness running the realm as the server would load it (`FlowHarness.fromFlows`): realm `main`
 * ("Test realm", `update-profile` enabled), browser flow identify-email (unless `identify: false`)
 * then magic-link with `config`, then `after` when given (a later step, to show the flow goes on).
 */
export function magicLinkHarness(config: Record<string, unknown> = {}, options: { readonly identify?: boolean; readonly after?: string } = {}): FlowHarness {
  const executions = [
    ...(options.identify === false ? [] : [{ authenticator: 'identify-email', requirement: 'REQUIRED' }]),
    { authenticator: 'magic-link', requirement: 'REQUIRED', config },
    ...(options.after !== undefined ? [{ authenticator: options.after, requirement: 'REQUIRED' }] : []),
  ];
  return FlowHarness.fromFlows([
    {
      file: 'main.realm.json',
      text: JSON.stringify({ realm: 'main', displayName: 'Test realm', bindings: { browser: 'browser' }, requiredActions: { 'update-profile': { enabled: true } } }),
    },
    { file: 'browser.json', text: JSON.stringify({ alias: 'browser', executions }) },
  ]);
}

/** A sign-in of `email` up to the waiting page. */
export async function toWaitingPage(harness: FlowHarness, email = ANN): Promise<HarnessLogin> {
  const login = await harness.start();
  await login.submit({ email });
  if (login.view !== 'magic-link') throw new Error(`expected the waiting page, got ${login.view}`);
  return login;
}

/** The newest mail to `to`, as the plugin sent it (unrendered). */
export function lastMail(harness: FlowHarness, to = ANN): { readonly link: string; readonly code: string | undefined; readonly model: Record<string, unknown> } {
  const mail = harness.services.outbox.lastTo(to);
  if (!mail?.model) throw new Error(`no mail to ${to}`);
  const code = mail.model['code'];
  return { link: String(mail.model['link']), code: code === undefined ? undefined : String(code), model: mail.model };
}

/** The key (secret) of the newest link mailed to `to`. */
export function lastKey(harness: FlowHarness, to = ANN): string {
  const key = new URL(lastMail(harness, to).link).searchParams.get('key');
  if (!key) throw new Error('no key in the link');
  return key;
}

/**
 * Confirms the newest link to `to` in the browser signing in (`same`) or another one, where the
 * person picks `choice`: by default the number the waiting tab shows, when it shows one.
 */
export async function confirm(harness: FlowHarness, login: HarnessLogin, where: 'same' | 'other', to = ANN, choice = shownNumber(login)): Promise<ConfirmLinkResult> {
  const browserId = where === 'same' ? (await login.state()).rootId : OTHER_BROWSER;
  return harness.executor.confirmLink('main', lastKey(harness, to), { browserId, ...(choice !== undefined && { choice }) });
}

/** The number the waiting tab of `login` showed last (`approvalNumber`), as a link's page posts it. */
export function shownNumber(login: HarnessLogin): string | undefined {
  const shown = login.last.type === 'challenge' ? login.last.approvalNumber : undefined;
  return shown === undefined ? undefined : String(shown);
}

/** A code of the same shape that is surely not `code`. */
export function wrongCode(code: string): string {
  return code.replace(/\d/g, (d) => String((Number(d) + 1) % 10));
}

/** The message keys of a step's messages. */
export function messageTexts(result: StepResult | ConfirmLinkResult): string[] {
  return result.type === 'challenge' ? (result.view.messages ?? []).map((m) => m.text) : [];
}

/** The LOGIN_ERROR reasons recorded so far, in order. */
export function loginErrors(harness: FlowHarness): (string | undefined)[] {
  return harness.events('LOGIN_ERROR').map((e) => e.error);
}
