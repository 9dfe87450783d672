/**
 * Maps and sets that refuse changes. `Object.freeze` does not stop `Map#set`, and the loader's
 * results are shared by every request, so a stray write must fail loudly rather than change a
 * realm's flows under everyone's feet.
 */

function refuse(): never {
  throw new TypeError('Loaded realm definitions are read-only');
}

/** A frozen `Map` with `entries`; `set`, `delete` and `clear` throw. */
export function frozenMap<K, V>(entries: Iterable<readonly [K, V]>): ReadonlyMap<K, V> {
  const map = new Map<K, V>(entries);
  for (const method of ['set', 'delete', 'clear']) Object.defineProperty(map, method, { value: refuse });
  return Object.freeze(map);
}

/** A frozen `Set` with `values`; `add`, `delete` and `clear` throw. */
export function frozenSet<T>(values: Iterable<T>): ReadonlySet<T> {
  const set = new Set<T>(values);
  for (const method of ['add', 'delete', 'clear']) Object.defineProperty(set, method, { value: refuse });
  return Object.freeze(set);
}
