import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { isoCBOR } from '@simplewebauthn/server/helpers';

const b64u = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest();
const u32 = (n: number): Buffer => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(n);
  return out;
};

/** Flags of authenticator data: user present, user verified, attested credential data. */
const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

interface SoftCredential {
  readonly id: Buffer;
  readonly key: KeyObject;
  readonly userHandle: string;
  counter: number;
}

/**
 * A software WebAuthn authenticator (ES256, attestation `none`) for tests without a browser: it
 * makes real key pairs and real signatures, and can be told to misbehave (another origin, another RP
 * ID, a counter that goes back, another challenge) so each check of the server is exercised.
 */
export class SoftAuthenticator {
  private readonly credentials: SoftCredential[] = [];

  /** `counterStep`: how much the counter grows per use (0: an authenticator that keeps none, as synced passkeys). */
  constructor(private readonly counterStep = 1) {}

  register(options: PublicKeyCredentialCreationOptionsJSON, origin: string, tweak: { rpId?: string; challenge?: string } = {}): RegistrationResponseJSON {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const cose = new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]);
    const id = randomBytes(16);
    const credential: SoftCredential = { id, key: privateKey, userHandle: options.user.id, counter: 0 };
    this.credentials.push(credential);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(id.length);
    const authData = Buffer.concat([sha256(tweak.rpId ?? options.rp.id!), Buffer.from([UP | UV | AT]), u32(0), Buffer.alloc(16), idLength, id, Buffer.from(isoCBOR.encode(cose))]);
    const clientData = JSON.stringify({ type: 'webauthn.create', challenge: tweak.challenge ?? options.challenge, origin, crossOrigin: false });
    const attestation = isoCBOR.encode(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', new Uint8Array(authData)]]) as never);
    return {
      id: b64u(id),
      rawId: b64u(id),
      type: 'public-key',
      response: { clientDataJSON: b64u(Buffer.from(clientData)), attestationObject: b64u(attestation), transports: ['internal'] },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** Signs `options` with the first credential it allows (or the newest one), as a browser would. */
  assert(
    options: PublicKeyCredentialRequestOptionsJSON,
    origin: string,
    tweak: { rpId?: string; challenge?: string; counter?: number; credentialId?: string; userVerified?: boolean } = {},
  ): AuthenticationResponseJSON {
    const allowed = (options.allowCredentials ?? []).map((c) => c.id);
    const credential = tweak.credentialId
      ? this.credentials.find((c) => b64u(c.id) === tweak.credentialId)
      : [...this.credentials].reverse().find((c) => allowed.length === 0 || allowed.includes(b64u(c.id)));
    if (!credential) throw new Error('no credential for these options');
    credential.counter = tweak.counter ?? credential.counter + this.counterStep;
    const flags = UP | (tweak.userVerified === false ? 0 : UV);
    const authData = Buffer.concat([sha256(tweak.rpId ?? options.rpId!), Buffer.from([flags]), u32(credential.counter)]);
    const clientData = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: tweak.challenge ?? options.challenge, origin, crossOrigin: false }));
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientData)]), credential.key);
    return {
      id: b64u(credential.id),
      rawId: b64u(credential.id),
      type: 'public-key',
      response: { clientDataJSON: b64u(clientData), authenticatorData: b64u(authData), signature: b64u(signature), userHandle: credential.userHandle },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }
}
