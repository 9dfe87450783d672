import { bruteForceProtector, type BruteForceRecordStore, type BruteForceSettings, type EngineServices, linkUrl, type RealmDefinition, relyingPartyOf } from '../engine';
import type { PasskeyService, RelyingParty } from '../spi/passkeys';
import type { PasskeyStore } from '../store/passkey.store';
import type { BruteForceProtector } from '../spi/brute-force';
import type { Clock } from '../spi/services';
import { realmRateLimits } from '../ratelimit/realm-rate-limits';
import { FlowgateError } from '../errors';
import type { MailService } from '../mail/mail.service';
import type { EventService, MailSender, RateLimitService, SecretService, TokenService, UserService, UserSessionService } from '../spi/services';
import { keyedHasher } from '../security/keyed-hash';
import type { EventStore } from '../store/event.store';
import { NO_USER_SESSIONS, type UserSessionLookup } from '../store/user-session.store';
import type { TokenStore } from '../store/token.store';
import type { UserStore } from '../store/user.store';



/** How plugins' mail and links leave the server: the outbox, and the public URL links are built under. */
export interface OutgoingMail {
  readonly mail: Pick<MailService, 'enqueue'>;
  /** Where people reach Flowgate (`publicUrl` of the server config). */
  readonly publicUrl: string;
}

/** What the database-backed services are built from. Optional parts fail loudly when used without being given. */
export interface StoreEngineServicesDeps {
  readonly users: UserStore;
  readonly tokens: TokenStore;
  readonly events: EventStore;
  readonly limiter: RateLimitService;
  /** SSO lookup; default: no browser has a session. */
  readonly sessions?: UserSessionLookup;
  /** Mail and link URLs for plugins. */
  readonly outgoing?: OutgoingMail;
  /** Per-user failure records for brute-force protection. */
  readonly bruteForce?: { readonly store: BruteForceRecordStore; readonly clock: Clock };
  /** Key (derived from the server secret) behind plugins' `secrets.keyedHash`. */
  readonly secretKey?: Buffer;
  /** Users' passkeys. */
  readonly passkeys?: PasskeyStore;
}

/** The services plugins use, backed by the database: what the executor runs on in production. */
export class StoreEngineServices implements EngineServices {
  private readonly userStore: UserStore;
  private readonly tokenStore: TokenStore;
  private readonly eventStore: EventStore;
  private readonly limiter: RateLimitService;
  private readonly sessions: UserSessionLookup;
  private readonly outgoing: OutgoingMail | undefined;
  private readonly bruteForceRecords: StoreEngineServicesDeps['bruteForce'];
  private readonly secretKey: Buffer | undefined;
  private readonly passkeyStore: PasskeyStore | undefined;

  constructor(deps: StoreEngineServicesDeps) {
    this.userStore = deps.users;
    this.tokenStore = deps.tokens;
    this.eventStore = deps.events;
    this.limiter = deps.limiter;
    this.sessions = deps.sessions ?? NO_USER_SESSIONS;
    this.outgoing = deps.outgoing;
    this.bruteForceRecords = deps.bruteForce;
    this.secretKey = deps.secretKey;
    this.passkeyStore = deps.passkeys;
  }

  passkeys(realm: string): PasskeyService {
    const store = this.passkeyStore;
    const missing = (): never => {
      throw new FlowgateError('FG_CONFIG_INVALID', 'no passkey store was given to the engine services');
    };
    return store ? store.forRealm(realm) : { findByCredentialId: missing, listForUser: missing, add: missing, recordUse: missing };
  }

  relyingParty(realm: RealmDefinition): RelyingParty {
    if (!this.outgoing) throw new FlowgateError('FG_CONFIG_INVALID', 'no public URL was given to the engine services');
    return relyingPartyOf(realm, this.outgoing.publicUrl);
  }

  users(realm: string): UserService {
    return this.userStore.forRealm(realm);
  }

  tokens(realm: string): TokenService {
    return this.tokenStore.forRealm(realm);
  }

  events(ctx: { realm: string; clientId?: string; ip?: string }): EventService {
    return this.eventStore.forContext(ctx);
  }

  userSessions(ctx: { realm: string; browserSessionToken?: string }): UserSessionService {
    return this.sessions(ctx);
  }

  rateLimits(realm: string): RateLimitService {
    return realmRateLimits(this.limiter, realm);
  }

  mail(ctx: { realm: string; locale: string }): MailSender {
    const outgoing = this.outgoing;
    return {
      send: async (input) => {
        if (!outgoing) throw new FlowgateError('FG_CONFIG_INVALID', 'no mail service was given to the engine services');
        // Realm and locale last: a plugin sends in its own sign-in's realm and language only.
        return outgoing.mail.enqueue({ ...input, realm: ctx.realm, locale: ctx.locale });
      },
    };
  }

  bruteForce(realm: string, settings: BruteForceSettings): BruteForceProtector {
    // Never a silent in-memory fallback: counts that vanish on restart or differ per node protect nobody.
    if (!this.bruteForceRecords) throw new FlowgateError('FG_CONFIG_INVALID', 'no brute-force store was given to the engine services');
    return bruteForceProtector(this.bruteForceRecords.store, this.bruteForceRecords.clock, realm, settings);
  }

  secrets(): SecretService {
    if (!this.secretKey) throw new FlowgateError('FG_CONFIG_INVALID', 'no secret key was given to the engine services');
    return keyedHasher(this.secretKey);
  }

  linkUrl(realm: string, secret: string): string {
    if (!this.outgoing) throw new FlowgateError('FG_CONFIG_INVALID', 'no public URL was given to the engine services');
    return linkUrl(this.outgoing.publicUrl, realm, secret);
  }
}
