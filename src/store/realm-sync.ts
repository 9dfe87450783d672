import type { DataSource } from 'typeorm';
import type { Logger } from '../logging/logger';
import type { ClusterChannel } from './cluster-channel';
import { realmCache } from './realm-cache';

/** The channel realm changes are announced on; its payload is the realm's name. */
export const REALM_CHANGED_CHANNEL = 'flowgate_realm_changed';

/**
 * Connects this node's realm cache to the other nodes on the same database: a realm written here
 * is announced on `REALM_CHANGED_CHANNEL`, and an announcement from any node makes this one forget
 * that realm, so an admin's change applies on every node as soon as the notification arrives
 * (PostgreSQL LISTEN/NOTIFY; on SQLite, with one node, the channel stays in the process). A
 * notification can be lost (a node cut off from the database): after a reconnection every realm
 * is forgotten, and the cache's version check, once a second, covers the rest. Returns the
 * disconnection.
 */
export function shareRealmChanges(dataSource: DataSource, channel: ClusterChannel, logger: Logger): () => void {
  const cache = realmCache(dataSource);
  const stopWritten = cache.onWritten((name) => {
    channel.publish(REALM_CHANGED_CHANNEL, name).catch((err: unknown) => {
      // The other nodes still see the change through their version check, within about a second.
      logger.warn({ err, realm: name }, 'could not announce a realm change to the other nodes');
    });
  });
  const stopHeard = channel.subscribe(REALM_CHANGED_CHANNEL, (name) => cache.invalidate(name));
  const stopReconnect = channel.onReconnect(() => cache.invalidateAll());
  return () => {
    stopWritten();
    stopHeard();
    stopReconnect();
  };
}
