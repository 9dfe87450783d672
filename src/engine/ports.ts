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
}

/** Reads realms (flows, bindings, clients, settings) as the engine runs them. */
export interface RealmSource {
  getRealm(name: string): Promise<RealmDefinition | undefined>;
}
