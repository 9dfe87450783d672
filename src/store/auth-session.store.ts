import type { DataSource } from 'typeorm';
import type { AuthSessionState, AuthSessionStore } from '../engine';
import { FlowgateError } from '../errors';
import type { Clock } from '../spi/services';
import { exclusive } from './connection-lock';
import { AuthSessionEntity } from './entities/auth-session.entity';
import { runSql } from './sql';

/** Authentication sessions on typeorm, so any process can continue a sign-in. */
export class TypeormAuthSessionStore implements AuthSessionStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  create(state: AuthSessionState): Promise<void> {
    const row = {
      id: state.id,
      rootId: state.rootId,
      realm: state.realm,
      state: JSON.stringify(state),
      step: state.step,
      expiresAt: state.expiresAt,
      createdAt: state.createdAt,
      updatedAt: this.clock.now(),
    };
    // The hot statements of this store are constant SQL (see sql.ts): compiled once, not per time.
    return exclusive(this.dataSource, async () => {
      await runSql(
        this.dataSource,
        'INSERT INTO auth_sessions (id, root_id, realm, state, step, expires_at, created_at, updated_at) VALUES (:id, :rootId, :realm, :state, :step, :expiresAt, :createdAt, :updatedAt)',
        row,
      );
    });
  }

  get(id: string): Promise<AuthSessionState | undefined> {
    return exclusive(this.dataSource, async () => {
      const { rows } = await runSql<{ root_id: string; state: string }>(this.dataSource, 'SELECT root_id, state FROM auth_sessions WHERE id = :id', { id });
      return rows[0] && fromRow(rows[0]);
    });
  }

  listByRoot(rootId: string): Promise<AuthSessionState[]> {
    return exclusive(this.dataSource, async () => {
      // Read at every sign-in (the browser id's rotation): constant SQL (see sql.ts).
      const { rows } = await runSql<{ root_id: string; state: string }>(this.dataSource, 'SELECT root_id, state FROM auth_sessions WHERE root_id = :rootId', { rootId });
      return rows.map(fromRow);
    });
  }

  /** One conditional UPDATE of the `root_id` column, the root id `get` reports. */
  moveToRoot(ids: readonly string[], from: string, to: string): Promise<number> {
    if (ids.length === 0) return Promise.resolve(0);
    return exclusive(this.dataSource, async () => {
      if (ids.length === 1) {
        // The usual case (one tab): constant SQL. More tabs vary the statement's length anyway.
        const { affected } = await runSql(this.dataSource, 'UPDATE auth_sessions SET root_id = :to WHERE id = :id AND root_id = :from', { to, id: ids[0], from });
        return affected;
      }
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
      const { affected } = await runSql(
        this.dataSource,
        'UPDATE auth_sessions SET state = :state, step = :step, expires_at = :expiresAt, updated_at = :now WHERE id = :id AND step = :expectedStep',
        { state: JSON.stringify(state), step: state.step, expiresAt: state.expiresAt, now: this.clock.now(), id: state.id, expectedStep },
      );
      return affected === 1;
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
function fromRow(row: { root_id: string; state: string }): AuthSessionState {
  return { ...(JSON.parse(row.state) as AuthSessionState), rootId: row.root_id };
}
