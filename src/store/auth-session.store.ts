import type { DataSource } from 'typeorm';
import type { AuthSessionState, AuthSessionStore } from '../engine';
import { FlowgateError } from '../errors';
import type { Clock } from '../spi/services';
import { exclusive } from './connection-lock';
import { AuthSessionEntity } from './entities/auth-session.entity';
import { asRow } from './entities/columns';

/** Authentication sessions on typeorm, so any process can continue a sign-in. */
export class TypeormAuthSessionStore implements AuthSessionStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  create(state: AuthSessionState): Promise<void> {
    const row: AuthSessionEntity = {
      id: state.id,
      rootId: state.rootId,
      realm: state.realm,
      state,
      step: state.step,
      expiresAt: state.expiresAt,
      createdAt: state.createdAt,
      updatedAt: this.clock.now(),
    };
    return exclusive(this.dataSource, async () => {
      await this.dataSource.manager.insert(AuthSessionEntity, asRow(row));
    });
  }

  get(id: string): Promise<AuthSessionState | undefined> {
    return exclusive(this.dataSource, async () => {
      const row = await this.dataSource.manager.findOne(AuthSessionEntity, { where: { id } });
      return row ? withRoot(row) : undefined;
    });
  }

  listByRoot(rootId: string): Promise<AuthSessionState[]> {
    return exclusive(this.dataSource, async () => {
      const rows = await this.dataSource.manager.find(AuthSessionEntity, { where: { rootId } });
      return rows.map(withRoot);
    });
  }

  /** One conditional UPDATE of the `root_id` column, the root id `get` reports. */
  moveToRoot(ids: readonly string[], from: string, to: string): Promise<number> {
    if (ids.length === 0) return Promise.resolve(0);
    return exclusive(this.dataSource, async () => {
      const result = await this.dataSource.manager
        .createQueryBuilder()
        .update(AuthSessionEntity)
        .set({ rootId: to })
        .where('id IN (:...ids) AND root_id = :from', { ids, from })
        .execute();
      if (typeof result.affected !== 'number') throw new FlowgateError('FG_DATABASE_DRIVER', 'no count of affected rows');
      return result.affected;
    });
  }

  /**
   * One conditional UPDATE: it changes the row only while the stored step is still `expectedStep`,
   * and the affected-row count says whether it did. Of several saves from one step, only those
   * that advance the step exclude each other (the executor's claim); a save that keeps the step
   * (its commit after the claim) relies on that claim having been won.
   */
  async save(state: AuthSessionState, expectedStep: number): Promise<boolean> {
    return exclusive(this.dataSource, async () => {
      const result = await this.dataSource.manager
        .createQueryBuilder()
        .update(AuthSessionEntity)
        .set(asRow<Partial<AuthSessionEntity>>({ state, step: state.step, expiresAt: state.expiresAt, updatedAt: this.clock.now() }))
        .where('id = :id AND step = :expectedStep', { id: state.id, expectedStep })
        .execute();
      if (typeof result.affected !== 'number') throw new FlowgateError('FG_DATABASE_DRIVER', 'no count of affected rows');
      return result.affected === 1;
    });
  }

  delete(id: string): Promise<void> {
    return exclusive(this.dataSource, async () => {
      await this.dataSource.manager.delete(AuthSessionEntity, { id });
    });
  }

  /** Deletes sessions that expired before `now`; returns how many. */
  deleteExpired(now: number): Promise<number> {
    return exclusive(this.dataSource, async () => {
      const result = await this.dataSource.manager
        .createQueryBuilder()
        .delete()
        .from(AuthSessionEntity)
        .where('expires_at < :now', { now })
        .execute();
      return result.affected ?? 0;
    });
  }
}

/** The stored state with the row's root id, which `moveToRoot` changes without rewriting the state. */
function withRoot(row: AuthSessionEntity): AuthSessionState {
  return { ...row.state, rootId: row.rootId };
}
