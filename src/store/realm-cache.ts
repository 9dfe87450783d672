import type { DataSource } from 'typeorm';
import type { RealmDefinition } from '../engine';
import { exclusive } from './connection-lock';

/** How often a node asks the database whether a realm changed elsewhere (another node, the CLI). */
export const REALM_VERSION_CHECK_MS = 1_000;

/** Realm definitions held at most; past it the least recently used is dropped. */
export const REALM_CACHE_MAX = 256;

/** What the database says about a realm: its row id (new when re-created) and its version. */
interface Stamp {
  readonly id: string;
  readonly version: number;
}

interface Entry {
  readonly stamp: Stamp;
  readonly def: RealmDefinition;
}

/**
 * The per-node cache of realm configuration (definition, flows, bindings, clients), one per data
 * source, so that every store on it shares it. Without it each request rebuilt the realm from
 * seven tables (about 60 % of a sign-in's SQL statements).
 *
 * Two ways an entry goes stale, one seam for each:
 * - a write in this process: every realm write path calls `invalidate(name)` once its transaction
 *   ended (and a notification from another node may call it too);
 * - a write elsewhere: at most once per `REALM_VERSION_CHECK_MS` one small query reads every
 *   realm's id and version (both change with every write that changes a realm), and entries whose
 *   stamp differs are dropped. So a change made by another process applies within about a second.
 *
 * The definitions are deeply frozen (`toDefinition`), so sharing them between requests is safe.
 */
export class RealmCache {
  private readonly entries = new Map<string, Entry>();
  /** Loads in progress, by realm name. */
  private readonly loading = new Map<string, Promise<RealmDefinition | undefined>>();
  /** Every realm's stamp, as of `checkedAt`. */
  private stamps = new Map<string, Stamp>();
  private checkedAt = -Infinity;
  private checking: Promise<void> | undefined;
  /** Bumped by `invalidate`: a load that started before it must not be stored. */
  private generation = 0;
  private readonly writeListeners = new Set<(name: string) => void>();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * The realm `name`, from the cache or from `load` (which reads it with its stamp). `undefined`
   * when there is no such realm.
   */
  async get(name: string, load: () => Promise<{ def: RealmDefinition; stamp: Stamp } | undefined>): Promise<RealmDefinition | undefined> {
    await this.check();
    // An invalidation while the stamps were being read may not be in them: read them again.
    if (this.checkedAt === -Infinity) await this.check();
    const stamp = this.stamps.get(name);
    if (stamp === undefined) return undefined;
    const hit = this.entries.get(name);
    if (hit !== undefined && sameStamp(hit.stamp, stamp)) {
      // Map order is insertion order: re-inserting marks it most recently used.
      this.entries.delete(name);
      this.entries.set(name, hit);
      return hit.def;
    }
    // Requests that miss at the same moment (after a change) share one load.
    let pending = this.loading.get(name);
    if (pending === undefined) {
      const started = this.loadAndRemember(name, load);
      pending = started.finally(() => {
        if (this.loading.get(name) === started) this.loading.delete(name);
      });
      this.loading.set(name, started);
    }
    return pending;
  }

  private async loadAndRemember(name: string, load: () => Promise<{ def: RealmDefinition; stamp: Stamp } | undefined>): Promise<RealmDefinition | undefined> {
    const generation = this.generation;
    const loaded = await load();
    if (loaded === undefined) return undefined;
    if (generation === this.generation) {
      // Read after the stamps were: at least as new as them.
      this.stamps.set(name, loaded.stamp);
      this.remember(name, { stamp: loaded.stamp, def: loaded.def });
    }
    return loaded.def;
  }

  /**
   * THE seam for realm changes: forgets realm `name`, so the next read loads it from the database.
   * Every write of a realm in this process calls it after its transaction; a notification from
   * another node (e.g. PostgreSQL LISTEN/NOTIFY) should call it too. Also re-reads the stamps at
   * the next read, which is how a created or deleted realm is seen at once.
   */
  invalidate(name: string): void {
    this.generation++;
    this.entries.delete(name);
    this.loading.delete(name);
    this.checkedAt = -Infinity;
  }

  /**
   * A realm of this node was written (its transaction ended): forgets it as `invalidate` does, and
   * tells the `onWritten` listeners, which announce the change to the other nodes.
   */
  written(name: string): void {
    this.invalidate(name);
    for (const listener of this.writeListeners) listener(name);
  }

  /** Calls `listener` with the name of each realm this node writes; returns the removal. */
  onWritten(listener: (name: string) => void): () => void {
    this.writeListeners.add(listener);
    return () => this.writeListeners.delete(listener);
  }

  /** Forgets every realm (announcements of changes may have been missed, e.g. while cut off). */
  invalidateAll(): void {
    this.generation++;
    this.entries.clear();
    this.loading.clear();
    this.checkedAt = -Infinity;
  }

  private remember(name: string, entry: Entry): void {
    this.entries.delete(name);
    this.entries.set(name, entry);
    if (this.entries.size > REALM_CACHE_MAX) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Reads every realm's stamp when the last reading is older than the check interval. */
  private check(): Promise<void> {
    if (performance.now() - this.checkedAt < REALM_VERSION_CHECK_MS) return Promise.resolve();
    this.checking ??= this.readStamps().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async readStamps(): Promise<void> {
    const startedAt = performance.now();
    const generation = this.generation;
    const rows = await exclusive(this.dataSource, () => this.dataSource.query('SELECT id, name, version FROM realms'));
    const stamps = new Map<string, Stamp>();
    for (const row of rows as Array<{ id: string; name: string; version: number | string }>) stamps.set(row.name, { id: row.id, version: Number(row.version) });
    this.stamps = stamps;
    for (const [name, entry] of this.entries) if (!sameStamp(entry.stamp, stamps.get(name))) this.entries.delete(name);
    // An invalidation during the read may not be in these rows: read again next time.
    if (generation === this.generation) this.checkedAt = startedAt;
  }
}

function sameStamp(a: Stamp, b: Stamp | undefined): boolean {
  return b !== undefined && a.id === b.id && a.version === b.version;
}

const caches = new WeakMap<DataSource, RealmCache>();

/** The realm cache of `dataSource` (one per data source, so one per node). */
export function realmCache(dataSource: DataSource): RealmCache {
  let cache = caches.get(dataSource);
  if (cache === undefined) {
    cache = new RealmCache(dataSource);
    caches.set(dataSource, cache);
  }
  return cache;
}
