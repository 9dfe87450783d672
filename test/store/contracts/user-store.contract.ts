import { ManualClock } from '../../../src/engine/clock';
import { isFlowgateError } from '../../../src/errors';
import type { UserService } from '../../../src/spi/services';

/** A fresh `UserService` of `realm`, with no users, dating what it creates by `clock`; and how to dispose of it. */
export type UserServiceFactory = (clock: ManualClock, realm: string) => Promise<{ readonly users: UserService; close(): Promise<void> }>;

/** Not the fakes' `FIXED_NOW`, so a service that ignores its clock shows. */
const T0 = Date.UTC(2025, 5, 2, 9);
const REALM = 'main';

/** The error code a call rejects with, its text for any other error, or `resolved`. */
const outcomeOf = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'resolved',
    (err: unknown) => (isFlowgateError(err) ? err.code : String(err)),
  );

/**
 * What `UserService` promises (src/spi/services.ts), as tests any implementation must pass: the
 * store plugins get on a server, and the in-memory fake their tests run on. Call it inside a
 * describe block; each test gets a new service from `make`. Only what the SPI says is tested:
 * defaults it leaves open and the order of pending actions are each implementation's own.
 */
export function userServiceContract(make: UserServiceFactory): void {
  let clock: ManualClock;
  let users: UserService;
  let close: () => Promise<void>;

  beforeEach(async () => {
    clock = new ManualClock(T0);
    ({ users, close } = await make(clock, REALM));
  });
  afterEach(() => close());

  it('creates a user with a normalised email, dated now, and finds it by id and by any spelling of the email', async () => {
    clock.advance(5000);
    const created = await users.create({ email: '  Ann.Example@Example.COM ', emailVerified: false, attributes: { firstName: ['Ann'] } });
    expect(created).toEqual({
      id: expect.any(String),
      realm: REALM,
      email: 'ann.example@example.com',
      emailVerified: false,
      enabled: true,
      attributes: { firstName: ['Ann'] },
      requiredActions: [],
      createdAt: T0 + 5000,
    });
    expect(await users.findById(created.id)).toEqual(created);
    expect(await users.findByEmail('ANN.EXAMPLE@example.com')).toEqual(created);
    expect(await users.findByEmail(' ann.example@EXAMPLE.com')).toEqual(created);
    expect(await users.findByEmail('ann.example@example.org')).toBeUndefined();
    expect(await users.findByEmail('not an email')).toBeUndefined();
    expect(await users.findById('no-such-id')).toBeUndefined();
    expect((await users.create({ email: 'bob@example.com', emailVerified: true })).emailVerified).toBe(true);
  });

  it('refuses a second user with the same email, in any spelling, with FG_USER_EXISTS', async () => {
    const ann = await users.create({ email: 'ann@example.com' });
    expect(await outcomeOf(users.create({ email: 'ANN@example.com ' }))).toBe('FG_USER_EXISTS');
    // Composed and decomposed spellings (NFC) are one address.
    await users.create({ email: 'jos\u00e9@example.com' });
    expect(await outcomeOf(users.create({ email: 'jose\u0301@example.com' }))).toBe('FG_USER_EXISTS');
    expect(await users.findByEmail('ann@example.com')).toEqual(ann);
  });

  it('takes a full-width spelling (NFKC) and an IDNA domain in any form as the same address', async () => {
    const ann = await users.create({ email: 'ann@b\u00fccher.de' });
    expect(ann.email).toBe('ann@xn--bcher-kva.de');
    expect(await outcomeOf(users.create({ email: '\uff41\uff4e\uff4e@XN--BCHER-KVA.de' }))).toBe('FG_USER_EXISTS');
    expect((await users.findByEmail('ANN@B\u00dcCHER.DE'))?.id).toBe(ann.id);
  });

  it('refuses a new address that only looks like an existing one (TR39 skeleton) with FG_EMAIL_CONFUSABLE', async () => {
    await users.create({ email: 'ann@example.com' });
    expect(await outcomeOf(users.create({ email: 'ann@\u0435xample.com' }))).toBe('FG_EMAIL_CONFUSABLE');
    expect(await outcomeOf(users.create({ email: '\u0430nn@example.com' }))).toBe('FG_EMAIL_CONFUSABLE');
    expect(await users.findByEmail('ann@\u0435xample.com')).toBeUndefined();
    expect(await outcomeOf(users.create({ email: 'anna@example.com' }))).toBe('resolved');
  });

  it('lets exactly one of many concurrent creates of one email win', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => outcomeOf(users.create({ email: 'race@example.com' }))));
    expect(results.filter((r) => r === 'resolved')).toHaveLength(1);
    expect(results.filter((r) => r === 'FG_USER_EXISTS')).toHaveLength(9);
  });

  it('stores multi-valued attributes in order and replaces or removes them one at a time', async () => {
    // An attribute with no values does not exist, at creation as after `setAttribute(name, [])`.
    const { id, attributes } = await users.create({ email: 'ann@example.com', attributes: { groups: ['b', 'a', 'c'], empty: [] } });
    expect(attributes).toEqual({ groups: ['b', 'a', 'c'] });
    expect((await users.findById(id))?.attributes).toEqual({ groups: ['b', 'a', 'c'] });
    await users.setAttribute(id, 'groups', ['z']);
    await users.setAttribute(id, 'lastName', ['Smith', 'Jones']);
    expect((await users.findById(id))?.attributes).toEqual({ groups: ['z'], lastName: ['Smith', 'Jones'] });
    await users.setAttribute(id, 'groups', []);
    expect((await users.findById(id))?.attributes).toEqual({ lastName: ['Smith', 'Jones'] });
  });

  it('adds and removes pending required actions idempotently', async () => {
    const { id } = await users.create({ email: 'ann@example.com' });
    await users.addRequiredAction(id, 'verify-email');
    clock.advance(1000);
    await users.addRequiredAction(id, 'update-profile');
    await users.addRequiredAction(id, 'verify-email');
    expect([...((await users.findById(id))?.requiredActions ?? [])].sort()).toEqual(['update-profile', 'verify-email']);
    await users.removeRequiredAction(id, 'verify-email');
    await users.removeRequiredAction(id, 'verify-email');
    expect((await users.findById(id))?.requiredActions).toEqual(['update-profile']);
    await users.removeRequiredAction(id, 'update-profile');
    expect((await users.findById(id))?.requiredActions).toEqual([]);
  });

  it('marks the email verified, changing nothing else', async () => {
    const ann = await users.create({ email: 'ann@example.com', emailVerified: false, attributes: { firstName: ['Ann'] } });
    await users.markEmailVerified(ann.id);
    expect(await users.findById(ann.id)).toEqual({ ...ann, emailVerified: true });
  });
}
