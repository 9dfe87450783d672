import { createHash } from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { hasErrorCode, type PasskeyView, type PluginContext, type UserView } from '../../src/spi';
import { PASSKEY_ERRORS as E } from './messages';

/** What a passkey sign-in proves (RFC 8176): possession of a hardware-secured key; with user verification, also of the person. */
export const PASSKEY_AMR = 'hwk';

/** Token purpose of WebAuthn challenges: single-use, short-lived, bound to one step of one sign-in. */
export const CHALLENGE_PURPOSE = 'passkey-challenge';

/** The longest credential JSON accepted (a form value); real ones are well under 2 kB. */
export const MAX_CREDENTIAL_JSON = 4000;

type Ceremony = 'webauthn.get' | 'webauthn.create';

/**
 * The WebAuthn library, loaded on the first ceremony rather than at boot: with its certificate and
 * CBOR parsers it is one of the larger module trees, and neither the boot nor a realm whose flows
 * offer no passkey needs it.
 */
let webauthnLib: typeof import('@simplewebauthn/server') | undefined;
// Kept once loaded: require() resolves the package name again on every call.
const webauthn = (): typeof import('@simplewebauthn/server') => (webauthnLib ??= require('@simplewebauthn/server') as typeof import('@simplewebauthn/server'));

/** A copy of `buffer` on its own ArrayBuffer, as the WebAuthn library's types want. */
const bytes = (buffer: Buffer): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(buffer.length);
  out.set(buffer);
  return out;
};

/** A failed ceremony: the reason recorded on the event. */
export interface CeremonyFailure {
  readonly ok: false;
  readonly reason: (typeof E)[keyof typeof E];
}

/**
 * A fresh challenge for this step of this sign-in: a single-use token whose secret is the challenge
 * itself, so using it is the token store's atomic consume (one winner, across processes).
 */
async function issueChallenge(ctx: PluginContext<unknown>, ceremony: Ceremony, ttlSeconds: number): Promise<Uint8Array<ArrayBuffer>> {
  const token = await ctx.tokens.issue({
    purpose: CHALLENGE_PURPOSE,
    subject: ctx.authSession.id,
    ttlSeconds,
    data: { authSessionId: ctx.authSession.id, execution: ctx.execution.id, ceremony },
  });
  return bytes(Buffer.from(token.secret, 'base64url'));
}

/** Options to sign in: the user's own passkeys when `user` is given, else any discoverable one. */
export async function authenticationOptions(
  ctx: PluginContext<unknown>,
  settings: { userVerification: 'required' | 'preferred'; timeoutSeconds: number },
  allow: readonly PasskeyView[] = [],
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return webauthn().generateAuthenticationOptions({
    rpID: ctx.relyingParty.id,
    challenge: await issueChallenge(ctx, 'webauthn.get', settings.timeoutSeconds),
    timeout: settings.timeoutSeconds * 1000,
    userVerification: settings.userVerification,
    allowCredentials: allow.map((p) => ({ id: p.credentialId, transports: [...p.transports] })),
  });
}

/** Options to register a discoverable passkey for `user`, excluding the ones they have. */
export async function registrationOptions(
  ctx: PluginContext<unknown>,
  user: UserView,
  settings: { userVerification: 'required' | 'preferred'; timeoutSeconds: number; attestation: 'none' | 'direct' },
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await ctx.passkeys.listForUser(user.id);
  return webauthn().generateRegistrationOptions({
    rpName: ctx.relyingParty.name,
    rpID: ctx.relyingParty.id,
    userName: user.email,
    userDisplayName: user.email,
    // The user handle names the account without saying anything about the person.
    userID: bytes(Buffer.from(user.id, 'utf8')),
    challenge: await issueChallenge(ctx, 'webauthn.create', settings.timeoutSeconds),
    timeout: settings.timeoutSeconds * 1000,
    attestationType: settings.attestation,
    excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: [...p.transports] })),
    authenticatorSelection: { residentKey: 'required', userVerification: settings.userVerification },
  });
}

/** What the browser sent, checked for shape, with its client data decoded. */
interface ParsedCredential<R> {
  readonly ok: true;
  readonly response: R;
  readonly clientData: { readonly type: string; readonly challenge: string; readonly origin: string };
}

const B64URL = /^[A-Za-z0-9_-]*$/;
const isB64 = (value: unknown, max = MAX_CREDENTIAL_JSON): value is string => typeof value === 'string' && value.length <= max && B64URL.test(value);

/** Parses the credential field: a JSON `PublicKeyCredential` of the expected ceremony, or `malformed_credential`. */
function parseCredential<R>(raw: string | undefined, ceremony: Ceremony): ParsedCredential<R> | CeremonyFailure {
  const malformed: CeremonyFailure = { ok: false, reason: E.malformed };
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_CREDENTIAL_JSON) return malformed;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return malformed;
  }
  const c = json as { id?: unknown; rawId?: unknown; type?: unknown; response?: Record<string, unknown> };
  if (typeof c !== 'object' || c === null || !isB64(c.id, 1400) || c.id === '' || c.rawId !== c.id || c.type !== 'public-key') return malformed;
  const r = c.response;
  if (typeof r !== 'object' || r === null || !isB64(r.clientDataJSON)) return malformed;
  const needed = ceremony === 'webauthn.get' ? ['authenticatorData', 'signature'] : ['attestationObject'];
  if (!needed.every((key) => isB64(r[key]))) return malformed;
  let clientData: unknown;
  try {
    clientData = JSON.parse(Buffer.from(r.clientDataJSON as string, 'base64url').toString('utf8'));
  } catch {
    return malformed;
  }
  const d = clientData as { type?: unknown; challenge?: unknown; origin?: unknown };
  if (typeof d !== 'object' || d === null || d.type !== ceremony || !isB64(d.challenge, 200) || typeof d.origin !== 'string') return malformed;
  return { ok: true, response: json as R, clientData: { type: ceremony, challenge: d.challenge, origin: d.origin } };
}

/** Uses up the challenge the client data names; it must be this step's of this sign-in, for this ceremony. */
async function consumeChallenge(ctx: PluginContext<unknown>, challenge: string, ceremony: Ceremony): Promise<boolean> {
  // Looked at before it is used up: another sign-in's challenge must not be burnt by whoever holds it.
  const seen = await ctx.tokens.inspect(CHALLENGE_PURPOSE, challenge);
  if (!seen.ok) return false;
  const data = seen.token.data;
  if (data.authSessionId !== ctx.authSession.id || data.execution !== ctx.execution.id || data.ceremony !== ceremony) return false;
  return (await ctx.tokens.consume(CHALLENGE_PURPOSE, challenge)).ok;
}

/** The checks before any key is looked at, in order: shape, challenge, origin. */
async function precheck<R>(ctx: PluginContext<unknown>, raw: string | undefined, ceremony: Ceremony): Promise<ParsedCredential<R> | CeremonyFailure> {
  const parsed = parseCredential<R>(raw, ceremony);
  if (!parsed.ok) return parsed;
  if (!(await consumeChallenge(ctx, parsed.clientData.challenge, ceremony))) return { ok: false, reason: E.invalidChallenge };
  if (!ctx.relyingParty.origins.includes(parsed.clientData.origin)) return { ok: false, reason: E.wrongOrigin };
  return parsed;
}

/** A verified sign-in: the passkey used and its user. */
export interface VerifiedAssertion {
  readonly ok: true;
  readonly passkey: PasskeyView;
  readonly user: UserView;
}

/**
 * Verifies an assertion (sign-in) and records the use. `expectedUser`, when given, must own the
 * passkey. Whatever fails, the reason is for the event only: the person is told the same.
 */
export async function verifyAssertion(
  ctx: PluginContext<unknown>,
  raw: string | undefined,
  settings: { userVerification: 'required' | 'preferred' },
  expectedUser?: UserView,
): Promise<VerifiedAssertion | CeremonyFailure> {
  const parsed = await precheck<AuthenticationResponseJSON>(ctx, raw, 'webauthn.get');
  if (!parsed.ok) return parsed;
  const authData = Buffer.from(parsed.response.response.authenticatorData, 'base64url');
  const rpIdHash = createHash('sha256').update(ctx.relyingParty.id).digest();
  if (authData.length < 37 || !authData.subarray(0, 32).equals(rpIdHash)) return { ok: false, reason: E.wrongRpId };

  const passkey = await ctx.passkeys.findByCredentialId(parsed.response.id);
  const user = passkey && (await ctx.users.findById(passkey.userId));
  // A discoverable credential names its user too; it must be the passkey's owner.
  const handle = parsed.response.response.userHandle;
  if (!passkey || !user || !user.enabled || (handle !== undefined && handle !== Buffer.from(user.id, 'utf8').toString('base64url'))) {
    return { ok: false, reason: E.unknownCredential };
  }
  if (expectedUser && expectedUser.id !== user.id) return { ok: false, reason: E.wrongUser };

  let verified;
  try {
    verified = await webauthn().verifyAuthenticationResponse({
      response: parsed.response,
      expectedChallenge: parsed.clientData.challenge,
      expectedOrigin: [...ctx.relyingParty.origins],
      expectedRPID: ctx.relyingParty.id,
      credential: { id: passkey.credentialId, publicKey: bytes(Buffer.from(passkey.publicKey, 'base64url')), counter: passkey.counter, transports: [...passkey.transports] as never },
      requireUserVerification: settings.userVerification === 'required',
    });
  } catch (error) {
    return { ok: false, reason: /counter/i.test(String((error as Error)?.message)) ? E.counterRegressed : E.invalidSignature };
  }
  if (!verified.verified) return { ok: false, reason: E.invalidSignature };
  const info = verified.authenticationInfo;
  // One conditional write: of two requests racing with one assertion only one gets here with `true`.
  if (!(await ctx.passkeys.recordUse(passkey.id, { counter: info.newCounter, backedUp: info.credentialBackedUp }))) return { ok: false, reason: E.counterRegressed };
  return { ok: true, passkey, user };
}

/** Verifies a registration for `user` and stores the passkey under `label`. */
export async function verifyRegistration(
  ctx: PluginContext<unknown>,
  raw: string | undefined,
  user: UserView,
  label: string,
  settings: { userVerification: 'required' | 'preferred' },
): Promise<{ readonly ok: true; readonly passkey: PasskeyView } | CeremonyFailure> {
  const parsed = await precheck<RegistrationResponseJSON>(ctx, raw, 'webauthn.create');
  if (!parsed.ok) return parsed;
  let verified;
  try {
    verified = await webauthn().verifyRegistrationResponse({
      response: parsed.response,
      expectedChallenge: parsed.clientData.challenge,
      expectedOrigin: [...ctx.relyingParty.origins],
      expectedRPID: ctx.relyingParty.id,
      requireUserVerification: settings.userVerification === 'required',
    });
  } catch (error) {
    return { ok: false, reason: /rp ?id/i.test(String((error as Error)?.message)) ? E.wrongRpId : E.invalidRegistration };
  }
  if (!verified.verified) return { ok: false, reason: E.invalidRegistration };
  const info = verified.registrationInfo;
  try {
    const passkey = await ctx.passkeys.add({
      userId: user.id,
      credentialId: info.credential.id,
      publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
      counter: info.credential.counter,
      transports: (info.credential.transports ?? []).map(String),
      aaguid: info.aaguid,
      backedUp: info.credentialBackedUp,
      multiDevice: info.credentialDeviceType === 'multiDevice',
      label,
    });
    return { ok: true, passkey };
  } catch (error) {
    if (hasErrorCode(error, 'FG_PASSKEY_EXISTS')) return { ok: false, reason: E.exists };
    throw error;
  }
}
