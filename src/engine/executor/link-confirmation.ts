import { FlowgateError, isFlowgateError } from '../../errors';
import type { AuthSessionState } from '../auth-session';
import { LINK_TOKEN_PURPOSE, linkTarget, type LinkTarget } from '../links/link-service';
import type { ConfirmLinkInput, ConfirmLinkResult, LinkPreview } from '../links/link-types';
import type { FlowNode, RealmDefinition } from '../model';
import { FAULT_CODES, FLOW_ERRORS } from './flow-errors';
import type { FlowRun } from './flow-run';
import { approvalChoices, approvalMatches } from './link-approval';
import { callOnLink, describeLink, LINK_PAGE_ENDS, linkRefusal, markApproved, moveSignIn, recordLinkRefusal, resolveLinkHandler, type LinkHandler } from './link-steps';
import { randomId, type Opened, type SessionSteps } from './session-steps';
import type { RequestInfo, StepResult } from './types';

// How often a link confirmation re-reads its sign-in when the tab changed it at the same moment.
const LINK_CLAIM_ATTEMPTS = 3;

/** A used-up link's sign-in, its step claimed, with the run that goes on from it. */
interface Consumed extends Opened {
  readonly handler: LinkHandler;
  readonly target: LinkTarget;
  readonly request: RequestInfo;
  readonly run: FlowRun;
}

/** What a LOGIN_ERROR about a link's execution names. */
function subjectOf(handler: LinkHandler): { id: string; provider: string } {
  return { id: handler.info.id, provider: handler.plugin };
}

/**
 * Links a plugin mailed for a waiting sign-in: what the link's page shows, and what confirming it
 * does to the sign-in it leads back to. The executor's `inspect` and `confirmLink`.
 */
export class LinkConfirmation {
  constructor(private readonly steps: SessionSteps) {}

  /**
   * What a link's confirmation page shows. Changes nothing (GET and HEAD of a link, which mail
   * scanners follow too). Throws `FG_LINK_NOT_FOUND`, `FG_LINK_EXPIRED`, `FG_LINK_USED`, or
   * `FG_LINK_SIGN_IN_OVER` when its sign-in finished, expired or no longer waits for it. Opened in
   * another browser than the sign-in's (`browserId`), the preview also says where and when that
   * sign-in started and, when confirming would approve its waiting tab, the numbers to pick from.
   */
  async inspect(realmName: string, secret: string, input: Pick<ConfirmLinkInput, 'browserId'> = {}): Promise<LinkPreview> {
    const realm = await this.steps.realm(realmName);
    const found = await this.steps.deps.services.tokens(realm.name).inspect(LINK_TOKEN_PURPOSE, secret);
    if (!found.ok) throw linkRefusal(found.reason);
    const target = linkTarget(found.token);
    if (!target) throw new FlowgateError('FG_LINK_NOT_FOUND');
    const { state, handler } = await this.linkSession(realm, target);
    const elsewhere = input.browserId !== state.rootId;
    const choices = elsewhere && handler.crossBrowser === 'approve-waiting' ? approvalChoices(state, handler.info.id) : undefined;
    return {
      realm: realm.name,
      plugin: handler.plugin,
      description: describeLink(this.steps.env, handler, target, realm.name),
      expiresAt: found.token.expiresAt,
      ...(target.locale !== undefined && realm.settings.supportedLocales.includes(target.locale) && { locale: target.locale }),
      ...(state.redirectUri !== undefined && { redirectUri: state.redirectUri }),
      ...(elsewhere && { origin: { startedAt: state.createdAt, ...(state.userAgent !== undefined && { userAgent: state.userAgent }), ...(state.place !== undefined && { place: state.place }) } }),
      ...(choices && { choices: [...choices] }),
    };
  }

  /**
   * "This wasn't me": consumes the link (so it cannot be confirmed after all) and ends the sign-in
   * it leads back to as `sign_in_rejected` (LOGIN_ERROR recorded, about the user that sign-in
   * identified); its waiting tab then shows `FG_SIGN_IN_REJECTED`. No plugin runs: whatever the
   * link would have done, the person said the sign-in is not theirs. Refusals as for `confirm`.
   */
  async reject(realmName: string, secret: string, input: ConfirmLinkInput = {}): Promise<void> {
    const { state, flow, handler, run } = await this.consume(realmName, secret, input);
    const end = LINK_PAGE_ENDS.rejected;
    await this.steps.commit(state, flow, await run.failSignIn(end.error, { message: end.message, code: end.code, subject: subjectOf(handler) }));
  }

  /**
   * Confirms a link: consumes it (of concurrent confirmations exactly one gets past this), then the
   * issuing plugin's `onLink` decides. On approve the waiting execution is done (an authenticator
   * succeeds, with the user `onLink` set if it did; a required action succeeds: removed from the
   * user, its event recorded). In the browser that is signing in (`browserId` is the sign-in's root
   * id) the flow goes on at once and its next step is returned. From any other browser, an
   * authenticator's link that approves the waiting tab needs `choice` to be the number that tab
   * shows, checked before `onLink`: otherwise the sign-in ends as `approval_mismatch` (the link is
   * spent). Approved, the result is `approved-elsewhere` and the waiting tab goes on the next time
   * it is shown (`current`), or,
   * when `onLink` asked to `continueHere`, the sign-in moves to this browser (a new tab of it, whose
   * next step is returned) and the waiting tab ends with `FG_SIGN_IN_MOVED`. Refusals as for
   * `inspect`; an expired or used link is also recorded (LOGIN_ERROR `expired` / `used`).
   */
  async confirm(realmName: string, secret: string, input: ConfirmLinkInput = {}): Promise<ConfirmLinkResult> {
    const { state, realm, flow, handler, target, run, request } = await this.consume(realmName, secret, input);
    const sameBrowser = input.browserId !== undefined && input.browserId === state.rootId;
    const numbered = !sameBrowser && handler.crossBrowser === 'approve-waiting';
    if (numbered && !approvalMatches(state, handler.info.id, input.choice)) {
      // The pick spent the link: a second guess would need a new mail, which the person would see.
      const end = LINK_PAGE_ENDS.mismatch;
      return this.steps.commit(state, flow, await run.failSignIn(end.error, { message: end.message, code: end.code, subject: subjectOf(handler) }));
    }
    const outcome = await callOnLink(this.steps.env, run, handler, target, sameBrowser);
    // The guarantee does not rest on the plugin's word: approving the waiting tab from another
    // browser takes the number, whatever the plugin declared.
    const here = !sameBrowser && outcome?.type === 'approve' && outcome.continueHere === true && input.browserId !== undefined;
    const unmatched = !sameBrowser && !numbered && !here && handler.kind === 'authenticator' && outcome?.type === 'approve';
    if (!outcome || unmatched) {
      return this.steps.commit(state, flow, await run.failSignIn(FLOW_ERRORS.pluginError, { code: FAULT_CODES[FLOW_ERRORS.pluginError], subject: subjectOf(handler) }));
    }
    if (outcome.type === 'deny') {
      await this.steps.save(state);
      return { type: 'denied', authSessionId: state.id, message: outcome.message };
    }
    if (handler.kind === 'authenticator') {
      state.statuses[handler.info.id] = 'SUCCESS';
      // What the step proved counts as when it succeeds in the flow (the ID token's amr, triggers).
      const amr = this.steps.env.registry.authenticator(handler.plugin)?.definition.amr;
      if (amr !== undefined && !state.amr?.includes(amr)) state.amr = [...(state.amr ?? []), amr];
    } else if (!(await run.completeRequiredAction(handler.plugin))) throw new FlowgateError('FG_LINK_SIGN_IN_OVER', 'the required action no longer runs');
    if (sameBrowser) return this.steps.commit(state, flow, await this.steps.goOn(run, state));
    if (here) return this.continueIn(input.browserId!, state, realm, flow, request);
    markApproved(state, handler.info.id);
    await this.steps.save(state);
    return { type: 'approved-elsewhere', authSessionId: state.id };
  }

  /**
   * Sign-in-here: the approved sign-in goes on in the browser that confirmed its link, as a new tab
   * of that browser; the waiting tab's row (its step already claimed) ends as moved. The moved
   * sign-in is stored once its step is settled, like a new one.
   */
  private async continueIn(browserId: string, state: AuthSessionState, realm: RealmDefinition, flow: FlowNode, request: RequestInfo): Promise<StepResult> {
    const moved = moveSignIn(state, browserId, { id: randomId(), tabId: randomId() });
    await this.steps.save(state);
    const end = await this.steps.goOn(this.steps.run(moved, realm, flow, request), moved);
    await this.steps.deps.sessions.create(moved);
    return this.steps.result(moved, flow, end);
  }

  /** Uses up a link and claims the step of the sign-in it leads back to, ready to run. */
  private async consume(realmName: string, secret: string, input: ConfirmLinkInput): Promise<Consumed> {
    const realm = await this.steps.realm(realmName);
    const consumed = await this.steps.deps.services.tokens(realm.name).consume(LINK_TOKEN_PURPOSE, secret);
    if (!consumed.ok) {
      await recordLinkRefusal(this.steps.env, realm.name, consumed.reason, input.ip);
      throw linkRefusal(consumed.reason);
    }
    const target = linkTarget(consumed.token);
    if (!target) throw new FlowgateError('FG_LINK_NOT_FOUND');
    const opened = await this.claimLinkSession(realm, target);
    // The confirming browser's request, as any request's (its address, session, browser id and
    // known device); the number it picked is the link page's business, not the plugins'.
    const { choice: _choice, ...request }: ConfirmLinkInput = input;
    return { ...opened, target, request, run: this.steps.run(opened.state, realm, opened.flow, request) };
  }

  /** The sign-in a link leads back to, if it still waits for it; `FG_LINK_SIGN_IN_OVER` otherwise. */
  private async linkSession(realm: RealmDefinition, target: LinkTarget): Promise<Opened & { handler: LinkHandler }> {
    const state = await this.steps.deps.sessions.get(target.authSessionId);
    if (!state || state.realm !== realm.name || state.result || this.steps.deps.clock.now() >= state.expiresAt) {
      throw new FlowgateError('FG_LINK_SIGN_IN_OVER');
    }
    const flow = realm.flows.get(state.flowAlias);
    const handler = flow && resolveLinkHandler(this.steps.env, realm, flow, state, target);
    if (!flow || !handler) throw new FlowgateError('FG_LINK_SIGN_IN_OVER', 'the sign-in no longer waits for this link');
    return { state, realm, flow, handler };
  }

  /** `linkSession` with its step claimed; read again (a few times) when the tab changed it at the same moment. */
  private async claimLinkSession(realm: RealmDefinition, target: LinkTarget): Promise<Opened & { handler: LinkHandler }> {
    for (let attempt = 1; ; attempt++) {
      const opened = await this.linkSession(realm, target);
      try {
        await this.steps.claim(opened.state);
        return opened;
      } catch (err) {
        if (attempt >= LINK_CLAIM_ATTEMPTS || !isFlowgateError(err, 'FG_STALE_STEP')) throw err;
      }
    }
  }
}
