import type { EngineServices } from '../engine/executor/types';
import { realmRateLimits } from '../ratelimit/realm-rate-limits';
import type { EventService, RateLimitService, TokenService, UserService, UserSessionService } from '../spi/services';
import type { EventStore } from './event.store';
import type { TokenStore } from './token.store';
import type { UserStore } from './user.store';

/** Where the browser's SSO session is looked up; the login-pages layer provides the real one. */
export type UserSessionLookup = (ctx: { realm: string; browserSessionToken?: string }) => UserSessionService;

/** Until user sessions exist, no browser has one: the `cookie` step is always "attempted". */
export const NO_USER_SESSIONS: UserSessionLookup = () => ({ current: async () => undefined });

/** The services plugins use, backed by the database: what the executor runs on in production. */
export class StoreEngineServices implements EngineServices {
  constructor(
    private readonly userStore: UserStore,
    private readonly tokenStore: TokenStore,
    private readonly eventStore: EventStore,
    private readonly limiter: RateLimitService,
    private readonly sessions: UserSessionLookup = NO_USER_SESSIONS,
  ) {}

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
}
