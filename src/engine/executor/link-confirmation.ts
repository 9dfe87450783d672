import { FlowgateError, isFlowgateError } from '../../errors';
import type { AuthSessionState } from '../auth-session';
import { LINK_TOKEN_PURPOSE, linkTarget, type LinkTarget } from '../links/link-service';
import type { ConfirmLinkInput, ConfirmLinkResult, LinkPreview } from '../links/link-types';
import type { FlowNode, RealmDefinition } from '../model';
import { FAULT_CODES, FLOW_ERRORS } from './flow-errors';
import { callOnLink, describeLink, linkRefusal, markApproved, moveSignIn, recordLinkRefusal, resolveLinkHandler, type LinkHandler } from './link-steps';
import { randomId, type Opened, type SessionSteps } from './session-steps';
import type { RequestInfo, StepResult } from './types';

// How often a link confirmation re-reads its sign-in when the tab changed it at the same moment.
const LINK_CLAIM_ATTEMPTS = 3;

/**
 * Links a plugin mailed for a waiting sign-in: what the link's page shows, and what confirming it
 * does to the sign-in it leads back to. The executor's `inspect` and `confirmLink`.
 */
export class LinkConfirmation {
  constructor(private readonly steps: SessionSteps) {}

  /**
   * What a link's confirmation page shows. Changes nothing (GET and HEAD of a link, which mail
   * scanners follow too). Throws `FG_LINK_NOT_FOUND`, `FG_LINK_EXPIRED`, `FG_LINK_USED`, or
   * `FG_LINK_SIGN_IN_OVER` when its sign-in finished, expired or no longer waits for it.
   */
  async inspect(realmName: string, secret: string): Promise<LinkPreview> {
    const realm = await this.steps.realm(realmName);
    const found = await this.steps.deps.services.tokens(realm.name).inspect(LINK_TOKEN_PURPOSE, secret);
    if (!found.ok) throw linkRefusal(found.reason);
    const target = linkTarget(found.token);
    if (!target) throw new FlowgateError('FG_LINK_NOT_FOUND');
    const { state, handler } = await this.linkSession(realm, target);
    return {
      realm: realm.name,
      plugin: handler.plugin,
      description: describeLink(this.steps.env, handler, target, realm.name),
      expiresAt: found.token.expiresAt,
      ...(target.locale !== undefined && realm.settings.supportedLocales.includes(target.locale) && { locale: target.locale }),
      ...(state.redirectUri !== undefined && { redirectUri: state.redirectUri }),
    };
  }

  /**
   * Confirms a link: consumes it (of concurrent confirmations exactly one gets past this), then the
   * issuing plugin's `onLink` decides. On approve the waiting execution is done (an authenticator
   * succeeds, with the user `onLink` set if it did; a required action succeeds: removed from the
   * user, its event recorded). In the browser that is signing in (`browserId` is the sign-in's root
   * id) the flow goes on at once and its next step is returned. From any other browser the result
   * is `approved-elsewhere` and the waiting tab goes on the next time it is shown (`current`), or,
   * when `onLink` asked to `continueHere`, the sign-in moves to this browser (a new tab of it, whose
   * next step is returned) and the waiting tab ends with `FG_SIGN_IN_MOVED`. Refusals as for
   * `inspect`; an expired or used link is also recorded (LOGIN_ERROR `expired` / `used`).
   */
  async confirm(realmName: string, secret: string, input: ConfirmLinkInput = {}): Promise<ConfirmLinkResult> {
    const realm = await this.steps.realm(realmName);
    const consumed = await this.steps.deps.services.tokens(realm.name).consume(LINK_TOKEN_PURPOSE, secret);
    if (!consumed.ok) {
      await recordLinkRefusal(this.steps.env, realm.name, consumed.reason, input.ip);
      throw linkRefusal(consumed.reason);
    }
    const target = linkTarget(consumed.token);
    if (!target) throw new FlowgateError('FG_LINK_NOT_FOUND');
    const { state, flow, handler } = await this.claimLinkSession(realm, target);
    const request: RequestInfo = input;
    const run = this.steps.run(state, realm, flow, request);
    const sameBrowser = input.browserId !== undefined && input.browserId === state.rootId;
    const outcome = await callOnLink(this.steps.env, run, handler, target, sameBrowser);
    if (!outcome) {
      const subject = { id: handler.info.id, provider: handler.plugin };
      return this.steps.commit(state, flow, await run.failSignIn(FLOW_ERRORS.pluginError, { code: FAULT_CODES[FLOW_ERRORS.pluginError], subject }));
    }
    if (outcome.type === 'deny') {
      await this.steps.save(state);
      return { type: 'denied', authSessionId: state.id, message: outcome.message };
    }
    if (handler.kind === 'authenticator') state.statuses[handler.info.id] = 'SUCCESS';
    else if (!(await run.completeRequiredAction(handler.plugin))) throw new FlowgateError('FG_LINK_SIGN_IN_OVER', 'the required action no longer runs');
    if (sameBrowser) return this.steps.commit(state, flow, await this.steps.goOn(run, state));
    if (outcome.continueHere && input.browserId !== undefined) return this.continueIn(input.browserId, state, realm, flow, request);
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

  /** Goes on after the execution showing was approved by a link: claims the step, then runs the rest. */


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
