/**
 * Passkeys (WebAuthn credentials) of a realm's users, and the relying party the realm is to them.
 * Since plugin API 1.4. The verification itself (signatures, origins, challenges) is the plugin's:
 * the engine only stores what a verified registration produced and finds it again.
 */

/** What a verified registration stores. */
export interface NewPasskey {
  readonly userId: string;
  /** The credential id the authenticator chose, base64url. Unique across the server. */
  readonly credentialId: string;
  /** The COSE public key, base64url. */
  readonly publicKey: string;
  /** The authenticator's signature counter at the last use (0 for authenticators that keep none). */
  readonly counter: number;
  /** How the browser may reach the authenticator (`internal`, `hybrid`, `usb`, ...), as it reported. */
  readonly transports: readonly string[];
  /** The authenticator model's AAGUID (all zeros when it does not say). */
  readonly aaguid: string;
  /** Whether the authenticator said the credential is backed up (synced to other devices). */
  readonly backedUp: boolean;
  /** Whether the credential may live on several devices (a synced passkey). */
  readonly multiDevice: boolean;
  /** The name the person gave it, e.g. `MacBook`: at most `MAX_PASSKEY_LABEL_LENGTH` characters; longer labels are cut. */
  readonly label: string;
}

/** One stored passkey of a user: what its registration stored, and where and when. Nothing here is secret: a public key and facts about it. */
export interface PasskeyView extends NewPasskey {
  /** Row id: what the account page and the admin API name a passkey by. */
  readonly id: string;
  readonly realm: string;
  /** When it was registered, and last used to sign in (ms since the epoch). */
  readonly createdAt: number;
  readonly lastUsedAt: number | undefined;
}

/** Longest passkey name, in characters. */
export const MAX_PASSKEY_LABEL_LENGTH = 64;

/** The passkeys of the current realm. */
export interface PasskeyService {
  /** The passkey with this credential id in the current realm, if any (a removed one is gone). */
  findByCredentialId(credentialId: string): Promise<PasskeyView | undefined>;
  /** A user's passkeys, newest first. */
  listForUser(userId: string): Promise<PasskeyView[]>;
  /** Stores a verified registration. Fails with `FG_PASSKEY_EXISTS` when the credential id is taken. */
  add(input: NewPasskey): Promise<PasskeyView>;
  /**
   * Records a sign-in with passkey `id`: its new counter, backed-up state and the time. Returns false
   * when it is gone, or when `counter` is not above the stored one although either is non-zero (two
   * sign-ins raced with one assertion, or a cloned authenticator): then nothing changes.
   */
  recordUse(id: string, use: { counter: number; backedUp: boolean }): Promise<boolean>;
}

/**
 * The WebAuthn relying party a realm is: the `rpId` its passkeys are bound to and the origins its
 * pages are served from. Derived from the server's `publicUrl`, overridable per realm
 * (`settings.passkeys`); checked at load, so every origin lies within `id`.
 */
export interface RelyingParty {
  /** The RP ID: a registrable domain the origins are on, e.g. `example.com` or `localhost`. */
  readonly id: string;
  /** The name shown by authenticators when a passkey is made: the realm's display name. */
  readonly name: string;
  /** The origins a ceremony may come from, e.g. `https://login.example.com`. */
  readonly origins: readonly string[];
}
