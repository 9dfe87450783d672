import type { AuthSessionState } from '../auth-session';
import type { AuthSessionStore } from '../ports';

/**
 * Authentication sessions in a map, for tests, the harness and single-process development. Every
 * read and write copies the state, so a caller mutating its copy changes nothing until it saves,
 * exactly as with a database. `save` compares and writes in one synchronous step, so it is atomic.
 */
export class MemoryAuthSessionStore implements AuthSessionStore {
  private readonly sessions = new Map<string, AuthSessionState>();
  /** Root ids changed by `moveToRoot`, which win over the stored state's (as the database's column does). */
  private readonly roots = new Map<string, string>();

  async create(state: AuthSessionState): Promise<void> {
    if (this.sessions.has(state.id)) throw new Error(`authentication session '${state.id}' already exists`);
    this.sessions.set(state.id, structuredClone(state));
  }

  async get(id: string): Promise<AuthSessionState | undefined> {
    return this.copy(id);
  }

  async save(state: AuthSessionState, expectedStep: number): Promise<boolean> {
    const stored = this.sessions.get(state.id);
    if (!stored || stored.step !== expectedStep) return false;
    this.sessions.set(state.id, structuredClone(state));
    return true;
  }

  async delete(id: string): Promise<void> {
    this.sessions.delete(id);
    this.roots.delete(id);
  }

  async listByRoot(rootId: string): Promise<AuthSessionState[]> {
    return [...this.sessions.keys()].map((id) => this.copy(id)!).filter((state) => state.rootId === rootId);
  }

  async moveToRoot(ids: readonly string[], from: string, to: string): Promise<number> {
    const moving = ids.filter((id) => this.sessions.has(id) && this.rootOf(id) === from);
    for (const id of moving) this.roots.set(id, to);
    return moving.length;
  }

  private copy(id: string): AuthSessionState | undefined {
    const state = this.sessions.get(id);
    return state && { ...structuredClone(state), rootId: this.rootOf(id)! };
  }

  private rootOf(id: string): string | undefined {
    return this.roots.get(id) ?? this.sessions.get(id)?.rootId;
  }

  /** How many sessions are stored. */
  get size(): number {
    return this.sessions.size;
  }
}
