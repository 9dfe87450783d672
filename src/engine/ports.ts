import type { AuthSessionState } from './auth-session';
import type { RealmDefinition } from './model';

/**
 * What the engine needs from storage. The typeorm store implements these; tests may too. Keeping
 * them here means the engine depends on no ORM.
 */

/** Persists authentication sessions. */
export interface AuthSessionStore {
  /** Stores a new session. */
  create(state: AuthSessionState): Promise<void>;
  /** The session with this id, if it exists (expired ones included: the caller decides). */
  get(id: string): Promise<AuthSessionState | undefined>;
  /**
   * Saves `state` if nobody saved this session since it was read at `expectedStep`; returns false
   * (and changes nothing) when someone did. This keeps two concurrent POSTs from both advancing.
   */
  save(state: AuthSessionState, expectedStep: number): Promise<boolean>;
  /** Removes a session. */
  delete(id: string): Promise<void>;
  /** Every session (tab) of the browser whose root id is `rootId`. */
  listByRoot(rootId: string): Promise<AuthSessionState[]>;
  /**
   * Gives the sessions `ids` the root id `to`, each only while its root id is still `from`; returns
   * how many moved. The root id is kept apart from the rest of the state, so a concurrent `save`
   * of a tab (holding a copy read before the move) does not move it back.
   */
  moveToRoot(ids: readonly string[], from: string, to: string): Promise<number>;
}

/** Reads realms (flows, bindings, clients, settings) as the engine runs them. */
export interface RealmSource {
  getRealm(name: string): Promise<RealmDefinition | undefined>;
}
