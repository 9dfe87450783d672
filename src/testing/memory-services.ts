import { randomBytes } from 'node:crypto';
import { keyedHasher } from '../security/keyed-hash';
import { bruteForceProtector, type BruteForceSettings, type EngineServices, linkUrl, MemoryBruteForceStore, type RealmDefinition, relyingPartyOf } from '../engine';
import type { RelyingParty } from '../spi/passkeys';
import { InMemoryPasskeys } from './in-memory-passkeys';
import type { BruteForceProtector } from '../spi/brute-force';
import { MemoryRateLimitStore } from '../ratelimit/memory-rate-limit.store';
import { realmRateLimits } from '../ratelimit/realm-rate-limits';
import { RateLimiter } from '../ratelimit/rate-limiter.service';
import type { Clock, EventInput, EventService, MailSender, RateLimitService, SecretService, UserSessionService, UserSessionView } from '../spi/services';
import { InMemoryMail, InMemoryTokens, InMemoryUsers, TEST_PUBLIC_URL } from './plugin-context';

/** An event as the in-memory services recorded it: what the plugin or engine said, and where. */
export interface RecordedEvent extends EventInput {
  readonly realm: string;
  readonly clientId?: string;
  readonly ip?: string;
  /** When it was recorded, on the services' clock. */
  readonly time: number;
}

/**
 * The services plugins use (users, tokens, events, SSO sessions) held in memory, one set per realm,
 * for the flow harness and engine tests. Test doubles: nothing here is fit for production.
 */
export class MemoryServices implements EngineServices {
  /** Every event recorded, in order, across realms. */
  readonly recordedEvents: RecordedEvent[] = [];
  private readonly usersByRealm = new Map<string, InMemoryUsers>();
  private readonly tokensByRealm = new Map<string, InMemoryTokens>();
  private readonly passkeysByRealm = new Map<string, InMemoryPasskeys>();
  private readonly sessions = new Map<string, UserSessionView & { readonly realm: string }>();

  /** The one limiter behind every realm's `rateLimits`, on the services' clock. */
  readonly rateLimiter: RateLimiter;
  /** Every mail plugins sent (`outbox.sent`), unrendered. */
  readonly outbox = new InMemoryMail();
  private readonly hasher = keyedHasher(randomBytes(32));
  /** The brute-force records behind every realm's `bruteForce`, on the services' clock. */
  readonly bruteForceRecords = new MemoryBruteForceStore();

  /** `publicUrl`: what link URLs are built under. Default `TEST_PUBLIC_URL`. */
  constructor(
    private readonly clock: Clock,
    private readonly publicUrl: string = TEST_PUBLIC_URL,
  ) {
    this.rateLimiter = new RateLimiter(new MemoryRateLimitStore(), clock);
  }

  mail(ctx: { realm: string; locale: string }): MailSender {
    return this.outbox.sender(ctx);
  }

  linkUrl(realm: string, secret: string): string {
    return linkUrl(this.publicUrl, realm, secret);
  }

  bruteForce(realm: string, settings: BruteForceSettings): BruteForceProtector {
    return bruteForceProtector(this.bruteForceRecords, this.clock, realm, settings);
  }

  /** Keyed hashes under a key made for this instance (a server would derive it from its secret). */
  secrets(): SecretService {
    return this.hasher;
  }

  rateLimits(realm: string): RateLimitService {
    return realmRateLimits(this.rateLimiter, realm);
  }

  passkeys(realm: string): InMemoryPasskeys {
    return getOrCreate(this.passkeysByRealm, realm, () => new InMemoryPasskeys(realm, this.clock));
  }

  relyingParty(realm: RealmDefinition): RelyingParty {
    return relyingPartyOf(realm, this.publicUrl);
  }

  users(realm: string): InMemoryUsers {
    return getOrCreate(this.usersByRealm, realm, () => new InMemoryUsers([], realm, this.clock));
  }

  tokens(realm: string): InMemoryTokens {
    return getOrCreate(this.tokensByRealm, realm, () => new InMemoryTokens(this.clock));
  }

  events(ctx: { realm: string; clientId?: string; ip?: string }): EventService {
    return {
      record: async (event) => {
        this.recordedEvents.push({ ...event, ...ctx, time: this.clock.now() });
      },
    };
  }

  userSessions(ctx: { realm: string; browserSessionToken?: string }): UserSessionService {
    return {
      current: async () => {
        const session = ctx.browserSessionToken === undefined ? undefined : this.sessions.get(ctx.browserSessionToken);
        return session && session.realm === ctx.realm ? { id: session.id, userId: session.userId, authenticatedAt: session.authenticatedAt } : undefined;
      },
    };
  }

  /** Creates a user session (as a finished sign-in would) and returns the browser's cookie value for it. */
  createUserSession(realm: string, userId: string): string {
    const token = randomBytes(16).toString('base64url');
    this.sessions.set(token, { id: `session-${this.sessions.size + 1}`, realm, userId, authenticatedAt: this.clock.now() });
    return token;
  }

  /** Revokes the user session behind a cookie value. */
  revokeUserSession(token: string): void {
    this.sessions.delete(token);
  }
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = create()));
  return value;
}
