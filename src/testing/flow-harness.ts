import { type AuthSessionState, type ChallengeResult, type ConfirmLinkResult, FlowExecutor, loadDocuments, loadFlowsDirectory, ManualClock, MemoryAuthSessionStore, MemoryRealmSource, type PluginDefinition, type PluginErrorListener, PluginRegistry, type RealmDefinition, type RequestInfo, type StartInput, type StepResult, type TextDocument } from '../engine';
import { registerBuiltins } from '../plugins/builtins';
import { requireDeclaredApiVersion } from '../plugins/declared-api-version';
import type { AuthenticatorDefinition } from '../spi/authenticator';
import type { ConditionDefinition } from '../spi/condition';
import type { RequiredActionDefinition } from '../spi/required-action';
import { MemoryServices, type RecordedEvent } from './memory-services';
import { FIXED_NOW, type InMemoryUsers, type SentMail } from './plugin-context';

/**
 * A whole engine in memory, for testing flows and the plugins in them end to end without HTTP or a
 * database:
 *
 * ```ts
 * const harness = new FlowHarness({ realms: buildRealm({ flows: [browser] }), plugins: [identifyEmail, magicLink] });
 * harness.users().add({ email: 'ann@example.com' });
 * const login = await harness.start();
 * expect(login.challenge().view.view).toBe('identify-email');
 * await login.submit({ email: 'ann@example.com' });
 * const code = harness.lastMail('ann@example.com')?.model?.code;
 * harness.clock.advanceSeconds(3600);
 * await expect(login.submit({ code: '123456' })).rejects.toMatchObject({ code: 'FG_AUTH_SESSION_EXPIRED' });
 * ```
 *
 * The realm comes in as a resolved `RealmDefinition` (from `buildRealm`, or from flow JSON through the
 * loader), the plugins as definitions or a ready registry. The clock only moves when told to. Mail
 * is kept, unrendered, in `mail()`; nothing is sent.
 */

/**
 * A plugin definition as the harness accepts it: with its `kind`, or told apart by shape
 * (`matches`: a condition; `challenge` and `process`: a required action; else an authenticator).
 */
export type HarnessPlugin = PluginDefinition | AuthenticatorDefinition<any> | ConditionDefinition<any> | RequiredActionDefinition<any>;

/** What a harness is built from. */
export interface FlowHarnessOptions {
  /** The realm(s) to serve; `start()` uses the first unless told another. */
  readonly realms: RealmDefinition | readonly RealmDefinition[];
  /** The plugins: a ready registry, or definitions to register. */
  readonly plugins?: PluginRegistry | readonly HarnessPlugin[];
  /** Where the clock starts (ms since the epoch). Default `FIXED_NOW` (2025-01-01T00:00:00Z). */
  readonly now?: number;
  /** Passed to the executor; default 100. */
  readonly maxPluginCallsPerRequest?: number;
  /** Told about every exception a plugin throws (they are kept in `pluginErrors` either way). */
  readonly onPluginError?: PluginErrorListener;
  /**
   * Milliseconds a plugin handler may take before its step fails (`FG_PLUGIN_TIMEOUT` in
   * `pluginErrors`). Default: the server's default, 10 s; a test of a slow plugin sets a few ms.
   */
  readonly pluginTimeoutMs?: number;
}

/** An engine in memory. Its parts are public so a test can look at or change any of them. */
export class FlowHarness {
  /** The time every part sees; it only moves when a test moves it (`advance`, `advanceSeconds`, `set`). */
  readonly clock: ManualClock;
  /** The plugins the engine knows. */
  readonly registry: PluginRegistry;
  /** The realms it serves. */
  readonly realms: MemoryRealmSource;
  /** The authentication sessions, as the executor stored them. */
  readonly sessions = new MemoryAuthSessionStore();
  /** The services plugins reach through their context (users, tokens, events, mail, ...), in memory. */
  readonly services: MemoryServices;
  /** The engine itself, for calls the harness has no shortcut for. */
  readonly executor: FlowExecutor;
  /** Every exception a plugin threw, in order. */
  readonly pluginErrors: unknown[] = [];
  private readonly defaultRealm: string;

  /** Builds the engine on `options.realms` (resolved realms) with exactly `options.plugins`: no built-ins unless listed. */
  constructor(options: FlowHarnessOptions) {
    const realms = Array.isArray(options.realms) ? (options.realms as readonly RealmDefinition[]) : [options.realms as RealmDefinition];
    if (realms.length === 0) throw new Error('a flow harness needs at least one realm');
    this.defaultRealm = realms[0]!.name;
    this.clock = new ManualClock(options.now ?? FIXED_NOW);
    this.registry = options.plugins instanceof PluginRegistry ? options.plugins : registryOf(options.plugins ?? []);
    this.realms = new MemoryRealmSource(realms);
    this.services = new MemoryServices(this.clock);
    this.executor = new FlowExecutor({
      registry: this.registry,
      realms: this.realms,
      sessions: this.sessions,
      clock: this.clock,
      services: this.services,
      ...(options.maxPluginCallsPerRequest !== undefined && { maxPluginCallsPerRequest: options.maxPluginCallsPerRequest }),
      ...(options.pluginTimeoutMs !== undefined && { pluginTimeoutMs: options.pluginTimeoutMs }),
      onPluginError: (error, where) => {
        this.pluginErrors.push(error);
        options.onPluginError?.(error, where);
      },
    });
  }

  /**
   * A harness running flow JSON exactly as the server would: the files of a flows directory
   * (or in-memory documents named like files: `browser.json`, `main.realm.json`) go through the
   * same loader and checks as at boot, with the built-in plugins plus `plugins` registered.
   * `plugins` must declare their `apiVersion`, as the server requires of the config's plugins.
   */
  static fromFlows(
    source: string | readonly TextDocument[],
    options: Omit<FlowHarnessOptions, 'realms' | 'plugins'> & { readonly plugins?: readonly HarnessPlugin[] } = {},
  ): FlowHarness {
    // The author's plugins, checked as the server checks the config's `plugins`.
    for (const plugin of options.plugins ?? []) requireDeclaredApiVersion(plugin, 'FlowHarness.fromFlows');
    const registry = registryOf(options.plugins ?? []);
    registerBuiltins(registry);
    const realms = typeof source === 'string' ? loadFlowsDirectory(source, registry) : loadDocuments(source, registry);
    return new FlowHarness({ ...options, realms, plugins: registry });
  }

  /** The users of a realm (default: the first realm), to seed or inspect. */
  users(realm = this.defaultRealm): InMemoryUsers {
    return this.services.users(realm);
  }

  /** Every event recorded so far, optionally only those of one type (e.g. `LOGIN_ERROR`). */
  events(type?: string): RecordedEvent[] {
    return this.services.recordedEvents.filter((e) => type === undefined || e.type === type);
  }

  /**
   * Every mail plugins sent so far, in order, optionally only those to `to`: its template, model,
   * realm and locale, unrendered (a plugin's mail test checks what it asked for, not the wording).
   */
  mail(to?: string): SentMail[] {
    return this.services.outbox.sent.filter((m) => to === undefined || m.to === to);
  }

  /**
   * Mails sent with `withhold` (stored, never delivered: what an address without an account would
   * have got), optionally only those to `to`. They are not in `mail()`.
   */
  withheldMail(to?: string): SentMail[] {
    return this.services.outbox.withheld.filter((m) => to === undefined || m.to === to);
  }

  /** The last mail sent to `to`, if any (e.g. to read the code or link it carries from its `model`). */
  lastMail(to: string): SentMail | undefined {
    return this.services.outbox.lastTo(to);
  }

  /** Starts a sign-in (default realm, `browser` slot unless given). */
  async start(input: Partial<StartInput> = {}): Promise<HarnessLogin> {
    const result = await this.executor.start({ realm: this.defaultRealm, ...input });
    return new HarnessLogin(this, result);
  }
}

/**
 * One sign-in in a harness. Each method calls the executor with the last challenge's execution and
 * step (unless overridden, e.g. to replay an old step) and keeps the result in `last`.
 */
export class HarnessLogin {
  /** What the last call returned. */
  last: StepResult;
  /** The id of this sign-in's authentication session. */
  readonly id: string;

  constructor(
    private readonly harness: FlowHarness,
    first: StepResult,
  ) {
    this.last = first;
    this.id = first.authSessionId;
  }

  /** The last result as a challenge; throws a readable error when it is not one. */
  challenge(): ChallengeResult {
    if (this.last.type !== 'challenge') throw new Error(`expected a challenge, got ${JSON.stringify(this.last)}`);
    return this.last;
  }

  /** The view id of the last challenge, or the result type (`success` / `failure`) when the flow ended. */
  get view(): string {
    return this.last.type === 'challenge' ? this.last.view.view : this.last.type;
  }

  /** Submits `form` to the current challenge (with `choice`, one of the challenge's `choices`, where it asks first). */
  async submit(form: Record<string, string> = {}, override: { execution?: string; step?: number; choice?: string } & RequestInfo = {}): Promise<StepResult> {
    const { execution, step } = this.challenge();
    return this.keep(this.harness.executor.submit(this.id, { execution, step, form, ...override }));
  }

  /** Asks for the "try another way" chooser. */
  async tryAnotherWay(override: { execution?: string; step?: number } & RequestInfo = {}): Promise<StepResult> {
    const { execution, step } = this.challenge();
    return this.keep(this.harness.executor.tryAnotherWay(this.id, { execution, step, ...override }));
  }

  /** Chooses another way (from the chooser, or straight from the challenge's `alternatives`). */
  async select(choice: string, override: { step?: number } & RequestInfo = {}): Promise<StepResult> {
    return this.keep(this.harness.executor.select(this.id, { step: this.challenge().step, choice, ...override }));
  }

  /** Starts this sign-in again from the top. */
  async restart(request: RequestInfo = {}): Promise<StepResult> {
    return this.keep(this.harness.executor.restart(this.id, request));
  }

  /**
   * Confirms a link a plugin issued (its `url`, e.g. from a mail's model), as the link's
   * confirmation page does: in this sign-in's browser by default (the flow goes on at once and
   * `last` becomes its next step), or, with `sameBrowser: false`, in another one (the result is
   * `approved-elsewhere` or `denied`; `current()` then shows what this tab sees). In another browser
   * the person picks the number this tab showed last (`approvalNumber`), unless `choice` says
   * otherwise (a wrong one ends the sign-in).
   */
  async confirmLink(url: string, options: { sameBrowser?: boolean; choice?: string } & RequestInfo = {}): Promise<ConfirmLinkResult> {
    const { sameBrowser = true, choice, ...request } = options;
    const { state, key, browserId } = await this.linkRequest(url, sameBrowser);
    const shown = this.last?.type === 'challenge' ? this.last.approvalNumber : undefined;
    const picked = choice ?? (shown === undefined ? undefined : String(shown));
    const result = await this.harness.executor.confirmLink(state.realm, key, { ...request, browserId, ...(picked !== undefined && { choice: picked }) });
    if (result.type !== 'approved-elsewhere' && result.type !== 'denied' && result.authSessionId === this.id) this.last = result;
    return result;
  }

  /** "This wasn't me" on a link's page, opened in another browser: ends this sign-in. */
  async rejectLink(url: string, request: RequestInfo = {}): Promise<void> {
    const { state, key, browserId } = await this.linkRequest(url, false);
    await this.harness.executor.rejectLink(state.realm, key, { ...request, browserId });
  }

  /** The key of a link's `url`, and the browser id of this sign-in's browser or of another one. */
  private async linkRequest(url: string, sameBrowser: boolean): Promise<{ state: AuthSessionState; key: string; browserId: string }> {
    const key = new URL(url).searchParams.get('key');
    if (!key) throw new Error(`no link key in ${url}`);
    const state = await this.state();
    // Any id but the sign-in's own root id stands for another browser.
    return { state, key, browserId: sameBrowser ? state.rootId : `other-${state.rootId}` };
  }

  /** Re-reads the current step, as a refresh does. */
  async current(): Promise<StepResult> {
    return this.keep(this.harness.executor.current(this.id));
  }

  /** The stored authentication session. */
  async state(): Promise<AuthSessionState> {
    const state = await this.harness.sessions.get(this.id);
    if (!state) throw new Error(`authentication session '${this.id}' is gone`);
    return state;
  }

  private async keep(pending: Promise<StepResult>): Promise<StepResult> {
    this.last = await pending;
    return this.last;
  }
}

function registryOf(plugins: readonly HarnessPlugin[]): PluginRegistry {
  const registry = new PluginRegistry();
  for (const plugin of plugins) {
    if ('kind' in plugin && typeof plugin.kind === 'string') registry.register(plugin as PluginDefinition);
    else if ('matches' in plugin) registry.registerCondition(plugin);
    else if ('process' in plugin && 'challenge' in plugin) registry.registerRequiredAction(plugin);
    else registry.registerAuthenticator(plugin as AuthenticatorDefinition<any>);
  }
  return registry;
}
