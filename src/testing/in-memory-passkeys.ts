import { randomUUID } from 'node:crypto';
import { FlowgateError } from '../errors';
import { MAX_PASSKEY_LABEL_LENGTH, type NewPasskey, type PasskeyService, type PasskeyView } from '../spi/passkeys';
import type { Clock } from '../spi/services';

/**
 * Passkeys held in memory, one instance per realm, with the store's rules: a credential id is
 * unique, the counter only moves forward (or stays at zero). A test double for the harness and fake
 * contexts; `all()` shows what a plugin stored.
 */
export class InMemoryPasskeys implements PasskeyService {
  private readonly rows = new Map<string, PasskeyView>();

  constructor(
    private readonly realm: string,
    private readonly clock: Clock,
  ) {}

  /** Every passkey stored, oldest first. */
  all(): PasskeyView[] {
    return [...this.rows.values()];
  }

  /** Removes passkey `id` (as the account page would). */
  remove(id: string): void {
    this.rows.delete(id);
  }

  async findByCredentialId(credentialId: string): Promise<PasskeyView | undefined> {
    return this.all().find((p) => p.credentialId === credentialId);
  }

  async listForUser(userId: string): Promise<PasskeyView[]> {
    return this.all().filter((p) => p.userId === userId).reverse();
  }

  async add(input: NewPasskey): Promise<PasskeyView> {
    if (await this.findByCredentialId(input.credentialId)) throw new FlowgateError('FG_PASSKEY_EXISTS');
    const view: PasskeyView = {
      ...input,
      transports: [...input.transports],
      label: input.label.trim().slice(0, MAX_PASSKEY_LABEL_LENGTH) || 'Passkey',
      id: randomUUID(),
      realm: this.realm,
      createdAt: this.clock.now(),
      lastUsedAt: undefined,
    };
    this.rows.set(view.id, view);
    return view;
  }

  async recordUse(id: string, use: { counter: number; backedUp: boolean }): Promise<boolean> {
    const row = this.rows.get(id);
    if (!row || !(row.counter < use.counter || (row.counter === 0 && use.counter === 0))) return false;
    this.rows.set(id, { ...row, counter: use.counter, backedUp: use.backedUp, lastUsedAt: this.clock.now() });
    return true;
  }
}
