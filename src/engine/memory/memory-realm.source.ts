import type { RealmDefinition } from '../model';
import type { RealmSource } from '../ports';

/** Realms held in memory, by name: for tests, the harness, and realms loaded from files only. */
export class MemoryRealmSource implements RealmSource {
  private readonly realms = new Map<string, RealmDefinition>();

  constructor(realms: Iterable<RealmDefinition> = []) {
    for (const realm of realms) this.put(realm);
  }

  /** Adds or replaces a realm (a replaced realm's running sign-ins continue on the new definition). */
  put(realm: RealmDefinition): void {
    this.realms.set(realm.name, realm);
  }

  async getRealm(name: string): Promise<RealmDefinition | undefined> {
    return this.realms.get(name);
  }
}
