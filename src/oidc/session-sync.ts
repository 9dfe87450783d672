import { oidcProviderLib, type KoaContextWithOIDC } from './provider-lib';
import { readCookie, sessionCookieName } from '../security';
import type { OidcDeps } from './oidc-deps';

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
export function sessionSyncPrompt(deps: OidcDeps, realm: string, loaders: EntityLoaders) {
  const { Check, Prompt } = oidcProviderLib().interactionPolicy;
  return new Prompt(
    { name: 'flowgate_session', requestable: false },
    new Check('flowgate_session', 'mirrors the Flowgate session', async (ctx: KoaContextWithOIDC) => {
      if (await mirrorFlowgateSession(deps, realm, ctx)) await reloadEntities(ctx, loaders);
      return Check.NO_NEED_TO_PROMPT;
    }),
  );
}

/** The provider's own lookups, run again when the session changed person (what its `loadAccount` and `loadGrant` steps did with the old one). */
export interface EntityLoaders {
  findAccount(ctx: KoaContextWithOIDC, sub: string): Promise<unknown>;
  loadExistingGrant(ctx: KoaContextWithOIDC): Promise<unknown>;
}

/** Mirrors the Flowgate session; true when the session's person changed (the provider's entities must follow). */
async function mirrorFlowgateSession(deps: OidcDeps, realm: string, ctx: KoaContextWithOIDC): Promise<boolean> {
  const session = ctx.oidc.session as unknown as ProviderSession;
  const token = readCookie(ctx.req, sessionCookieName(realm));
  const current = token === undefined ? undefined : await deps.userSessions.validate(realm, token);
  if (!current) {
    if (session.accountId === undefined) return false;
    signOut(session);
    return true;
  }
  const loginTs = Math.floor(current.createdAt / 1000);
  const changedPerson = session.accountId !== current.userId;
  if (changedPerson || session.loginTs !== loginTs) {
    // Another person (or a new sign-in) in this browser: the old one's consents do not carry over.
    if (changedPerson) delete session.authorizations;
    session.loginAccount({ accountId: current.userId, loginTs, ...(current.amr !== undefined && { amr: [...current.amr] }) });
  }
  await deps.adapters.linkSession(realm, session.uid, current.id);
  return changedPerson;
}

/** What the provider's `loadAccount` and `loadGrant` steps would have found for the session as it is now. */
async function reloadEntities(ctx: KoaContextWithOIDC, loaders: EntityLoaders): Promise<void> {
  const oidc = ctx.oidc as unknown as { session: ProviderSession & { ensureClientContainer(c: string): void; grantIdFor(c: string, v?: string): string }; entities: Record<string, unknown>; entity(k: string, v: unknown): void; client: { clientId: string }; provider: { Grant: new (p: object) => { jti?: string } } };
  const accountId = oidc.session.accountId;
  if (accountId === undefined) {
    delete oidc.entities.Account;
    delete oidc.entities.Grant;
    return;
  }
  const account = await loaders.findAccount(ctx, accountId);
  if (account === undefined) {
    delete oidc.entities.Account;
    delete oidc.entities.Grant;
    return;
  }
  oidc.entity('Account', account);
  let grant = (await loaders.loadExistingGrant(ctx)) as { jti?: string } | undefined;
  if (grant?.jti !== undefined) {
    oidc.session.ensureClientContainer(oidc.client.clientId);
    oidc.session.grantIdFor(oidc.client.clientId, grant.jti);
  } else {
    grant = new oidc.provider.Grant({ accountId, clientId: oidc.client.clientId });
  }
  oidc.entity('Grant', grant);
}

function signOut(session: ProviderSession): void {
  delete session.accountId;
  delete session.loginTs;
  delete session.amr;
  delete session.acr;
  delete session.authorizations;
  session.resetIdentifier();
}
