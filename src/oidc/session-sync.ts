import { interactionPolicy, type KoaContextWithOIDC } from './provider-lib';
import { readCookie, sessionCookieName } from '../security';
import type { OidcDeps } from './oidc-deps';

const { Check, Prompt } = interactionPolicy;

/** The provider session's fields this module writes (the provider's `Session` model). */
interface ProviderSession {
  uid: string;
  accountId?: string;
  loginTs?: number;
  amr?: string[];
  acr?: string;
  authorizations?: unknown;
  touched?: boolean;
  loginAccount(details: { accountId: string; loginTs?: number; amr?: string[]; acr?: string }): void;
  resetIdentifier(): void;
}

/**
 * One session for the person: before the provider decides whether to ask anyone to sign in, its
 * session is made to mirror the realm's Flowgate session in this browser (the `fg_session_<realm>`
 * cookie). A browser signed in on Flowgate's pages is signed in for apps too (`prompt=none`
 * answers with a code); a browser whose Flowgate session has ended (signed out, revoked, expired,
 * its user disabled) is signed out for apps, and its provider session gets a new id.
 *
 * It is a prompt that never asks anything, placed first in the policy: prompts are checked in
 * order, and this is the one hook the provider runs on every authorization request (and its
 * resume) after loading its session and before the `login` prompt reads it.
 */
export function sessionSyncPrompt(deps: OidcDeps, realm: string) {
  return new Prompt(
    { name: 'flowgate_session', requestable: false },
    new Check('flowgate_session', 'mirrors the Flowgate session', async (ctx: KoaContextWithOIDC) => {
      await mirrorFlowgateSession(deps, realm, ctx);
      return Check.NO_NEED_TO_PROMPT;
    }),
  );
}

async function mirrorFlowgateSession(deps: OidcDeps, realm: string, ctx: KoaContextWithOIDC): Promise<void> {
  const session = ctx.oidc.session as unknown as ProviderSession;
  const token = readCookie(ctx.req, sessionCookieName(realm));
  const current = token === undefined ? undefined : await deps.userSessions.validate(realm, token);
  if (!current) {
    if (session.accountId !== undefined) signOut(session);
    return;
  }
  const loginTs = Math.floor(current.createdAt / 1000);
  if (session.accountId !== current.userId || session.loginTs !== loginTs) {
    // Another person (or a new sign-in) in this browser: the old one's consents do not carry over.
    if (session.accountId !== undefined && session.accountId !== current.userId) delete session.authorizations;
    session.loginAccount({ accountId: current.userId, loginTs, ...(current.amr !== undefined && { amr: [...current.amr] }) });
  }
  await deps.adapters.linkSession(realm, session.uid, current.id);
}

function signOut(session: ProviderSession): void {
  delete session.accountId;
  delete session.loginTs;
  delete session.amr;
  delete session.acr;
  delete session.authorizations;
  session.resetIdentifier();
}
