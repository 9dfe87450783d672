import { randomBytes } from 'node:crypto';
import { FlowgateError } from '../errors';
import type {
  Clock,
  IssuedToken,
  MailSender,
  Notes,
  SendMailInput,
  TokenRecord,
  TokenRejection,
  TokenService,
  UserService,
  UserView,
} from '../spi/services';
import { normalizeEmail } from '../spi/email';
import { emailSkeleton } from '../util/email-skeleton';

/*
 * In-memory stand-ins for the services a plugin context offers, for unit tests. Test doubles only:
 * the token fake keeps secrets in clear and nothing here is safe for production.
 */

/** The fields of a user to seed; everything but `email` has a default. */
export interface UserSeed {
  /** Defaults to `user-<n>`. */
  id?: string;
  /** Stored normalised, like the real store does. */
  email: string;
  /** Defaults to `true`. */
  emailVerified?: boolean;
  /** Defaults to `true`. */
  enabled?: boolean;
  /** Profile attributes; none by default. */
  attributes?: Record<string, string[]>;
  /** Pending required action ids; none by default. */
  requiredActions?: string[];
  /** Defaults to `FIXED_NOW`. */
  createdAt?: number;
}

/** The instant fake contexts' clocks start at: 2025-01-01T00:00:00Z, so tests never depend on the date. */
export const FIXED_NOW = Date.UTC(2025, 0, 1);

/** A realm's users in a map; lookups by email normalise like the real store. */
export class InMemoryUsers implements UserService {
  private readonly byId = new Map<string, UserView>();
  private counter = 0;

  /** Users of `realm`, starting with `seeds`; `clock` dates those `create` makes (without one, `FIXED_NOW`, like the seeds). */
  constructor(
    seeds: readonly UserSeed[] = [],
    private readonly realm = 'test',
    private readonly clock?: Clock,
  ) {
    for (const seed of seeds) this.add(seed);
  }

  /** Adds a user and returns it. */
  add(seed: UserSeed): UserView {
    const user: UserView = {
      id: seed.id ?? `user-${++this.counter}`,
      realm: this.realm,
      email: normalizeEmail(seed.email),
      emailVerified: seed.emailVerified ?? true,
      enabled: seed.enabled ?? true,
      attributes: seed.attributes ?? {},
      requiredActions: seed.requiredActions ?? [],
      createdAt: seed.createdAt ?? FIXED_NOW,
    };
    this.byId.set(user.id, user);
    return user;
  }

  /** Deletes a user (e.g. to test a session that outlived its account). */
  remove(id: string): void {
    this.byId.delete(id);
  }

  async findById(id: string): Promise<UserView | undefined> {
    return this.byId.get(id);
  }

  async findByEmail(email: string): Promise<UserView | undefined> {
    const wanted = normalizeEmail(email);
    return [...this.byId.values()].find((u) => u.email === wanted);
  }

  async create(input: { email: string; emailVerified?: boolean; attributes?: Record<string, string[]> }): Promise<UserView> {
    // Checked and added with no await in between, so of concurrent creates of one email exactly one
    // wins, as with the store's unique index.
    const email = normalizeEmail(input.email);
    if ([...this.byId.values()].some((u) => u.email === email)) throw new FlowgateError('FG_USER_EXISTS', input.email);
    const skeleton = emailSkeleton(email);
    if ([...this.byId.values()].some((u) => emailSkeleton(u.email) === skeleton)) throw new FlowgateError('FG_EMAIL_CONFUSABLE', input.email);
    // An attribute without values does not exist (see `setAttribute`); the caller keeps its arrays.
    const attributes = Object.fromEntries(
      Object.entries(input.attributes ?? {})
        .filter(([, values]) => values.length > 0)
        .map(([name, values]) => [name, [...values]]),
    );
    return this.add({ ...input, attributes, ...(this.clock && { createdAt: this.clock.now() }) });
  }

  async markEmailVerified(userId: string): Promise<void> {
    this.patch(userId, { emailVerified: true });
  }

  async setAttribute(userId: string, name: string, values: string[]): Promise<void> {
    const { [name]: _old, ...rest } = this.get(userId).attributes;
    this.patch(userId, { attributes: values.length > 0 ? { ...rest, [name]: [...values] } : rest });
  }

  async addRequiredAction(userId: string, actionId: string): Promise<void> {
    const actions = this.get(userId).requiredActions;
    if (!actions.includes(actionId)) this.patch(userId, { requiredActions: [...actions, actionId] });
  }

  async removeRequiredAction(userId: string, actionId: string): Promise<void> {
    this.patch(userId, { requiredActions: this.get(userId).requiredActions.filter((a) => a !== actionId) });
  }

  private get(id: string): UserView {
    const user = this.byId.get(id);
    if (!user) throw new Error(`no user '${id}'`);
    return user;
  }

  private patch(id: string, changes: Partial<UserView>): void {
    this.byId.set(id, { ...this.get(id), ...changes });
  }
}

/** Single-use tokens in a map, expiring on the given clock. */
export class InMemoryTokens implements TokenService {
  private readonly bySecret = new Map<string, { -readonly [K in keyof TokenRecord]: TokenRecord[K] }>();
  private counter = 0;

  constructor(private readonly clock: Clock) {}

  async issue(input: { purpose: string; subject: string; ttlSeconds: number; data?: Record<string, unknown> }): Promise<IssuedToken> {
    const secret = randomBytes(32).toString('base64url');
    const token = {
      id: `token-${++this.counter}`,
      purpose: input.purpose,
      subject: input.subject,
      data: { ...input.data },
      expiresAt: this.clock.now() + input.ttlSeconds * 1000,
      consumedAt: null,
    };
    this.bySecret.set(secret, token);
    return { id: token.id, secret, expiresAt: token.expiresAt };
  }

  async inspect(purpose: string, secret: string): Promise<{ ok: true; token: TokenRecord } | { ok: false; reason: TokenRejection }> {
    const token = this.bySecret.get(secret);
    if (!token || token.purpose !== purpose) return { ok: false, reason: 'not_found' };
    if (token.consumedAt !== null) return { ok: false, reason: 'consumed' };
    if (this.clock.now() >= token.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, token: { ...token } };
  }

  async consume(purpose: string, secret: string): ReturnType<TokenService['consume']> {
    // Checked and marked with no await in between, so of concurrent callers exactly one wins, as with the store.
    const token = this.bySecret.get(secret);
    if (!token || token.purpose !== purpose) return { ok: false, reason: 'not_found' };
    if (token.consumedAt !== null) return { ok: false, reason: 'consumed' };
    if (this.clock.now() >= token.expiresAt) return { ok: false, reason: 'expired' };
    token.consumedAt = this.clock.now();
    return { ok: true, token: { ...token } };
  }

  async revokeAll(purpose: string, subject: string): Promise<number> {
    // Counts what it made unusable: an expired token already was, and stays `expired`, as in the store.
    const now = this.clock.now();
    let revoked = 0;
    for (const token of this.bySecret.values()) {
      if (token.purpose === purpose && token.subject === subject && token.consumedAt === null && now < token.expiresAt) {
        token.consumedAt = now;
        revoked++;
      }
    }
    return revoked;
  }
}

/** Notes in a map; `entries()` shows what the plugin kept. */
export class InMemoryNotes implements Notes {
  private readonly values: Map<string, unknown>;
  constructor(initial: Record<string, unknown> = {}) {
    this.values = new Map(Object.entries(initial));
  }
  get<T = unknown>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  set(key: string, value: unknown): void {
    // Notes are stored as JSON by the engine: fail here on what would not survive that trip.
    this.values.set(key, JSON.parse(JSON.stringify(value)) as unknown);
  }
  remove(key: string): void {
    this.values.delete(key);
  }
  /** Every note, as a plain object. */
  entries(): Record<string, unknown> {
    return Object.fromEntries(this.values);
  }
}

/** A mail a plugin sent through a fake or in-memory `MailSender`, with the realm and locale the engine filled in. */
export interface SentMail extends SendMailInput {
  readonly realm: string;
  readonly locale: string;
}

/**
 * Mail kept in a list instead of sent: `sent` holds every mail, in order; `withheld` the ones sent
 * with `withhold` (which a real outbox stores but never delivers). Nothing is rendered.
 */
export class InMemoryMail {
  /** Every mail sent, in order, across realms. */
  readonly sent: SentMail[] = [];
  /** Every withheld mail, in order: what an unknown address would have got. */
  readonly withheld: SentMail[] = [];

  /** The sender a plugin of `realm` sees, in `locale`. */
  sender(ctx: { realm: string; locale: string }): MailSender {
    return {
      send: async (input) => {
        const list = input.withhold === true ? this.withheld : this.sent;
        list.push({ ...input, realm: ctx.realm, locale: ctx.locale });
        return { id: `mail-${this.sent.length + this.withheld.length}` };
      },
    };
  }

  /** The last mail sent to `to`, if any. */
  lastTo(to: string): SentMail | undefined {
    return [...this.sent].reverse().find((m) => m.to === to);
  }
}

/** The public URL in-memory link URLs are built under. */
export const TEST_PUBLIC_URL = 'https://flowgate.test';
