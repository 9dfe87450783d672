import type { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { FlowgateError } from '../errors';
import type { Logger } from '../logging/logger';

/**
 * Messages between the nodes that share one database: a node publishes on a channel, every node
 * (itself included) that subscribed to it hears it. On PostgreSQL this is LISTEN/NOTIFY; on
 * SQLite, which has one node, it stays in the process. Delivery is best-effort: a node that was
 * cut off from the database misses what was sent meanwhile, so whoever caches something must also
 * re-read it on `onReconnect` (and keep a periodic version check as the fallback).
 */
export interface ClusterChannel {
  /** Sends `payload` (at most `MAX_PAYLOAD_BYTES`) to every subscriber of `channel` on every node. */
  publish(channel: string, payload: string): Promise<void>;
  /** Calls `handler` with each payload published on `channel`; returns the unsubscribe. */
  subscribe(channel: string, handler: (payload: string) => void): () => void;
  /** Calls `handler` after the node was cut off and listens again: messages may have been missed. */
  onReconnect(handler: () => void): () => void;
  /** Stops listening (and reconnecting). */
  close(): Promise<void>;
}

/** PostgreSQL's limit on a NOTIFY payload is just under 8000 bytes. */
export const MAX_PAYLOAD_BYTES = 7999;

/** Channel names: identifiers, so they need no quoting in LISTEN and fit PostgreSQL's 63 bytes. */
const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Wait before reconnecting the listening connection, doubling up to the cap. */
const RECONNECT_FIRST_MS = 100;
const RECONNECT_MAX_MS = 2000;

function check(channel: string, payload?: string): void {
  if (!CHANNEL_NAME.test(channel)) throw new FlowgateError('FG_STORE_INVALID_ARGUMENT', `channel name ${JSON.stringify(channel)}`);
  if (payload !== undefined && Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
    throw new FlowgateError('FG_STORE_INVALID_ARGUMENT', `payload of ${Buffer.byteLength(payload)} bytes on ${channel}`);
  }
}

/** Handlers by channel; a throwing handler is logged and does not stop the others. */
class Subscribers {
  private readonly byChannel = new Map<string, Set<(payload: string) => void>>();
  private readonly reconnect = new Set<() => void>();
  constructor(private readonly logger: Logger) {}

  add(channel: string, handler: (payload: string) => void): { first: boolean; remove: () => boolean } {
    const set = this.byChannel.get(channel) ?? new Set();
    const first = set.size === 0;
    set.add(handler);
    this.byChannel.set(channel, set);
    return {
      first,
      remove: () => {
        set.delete(handler);
        if (set.size > 0) return false;
        this.byChannel.delete(channel);
        return true;
      },
    };
  }
  channels(): string[] {
    return [...this.byChannel.keys()];
  }
  deliver(channel: string, payload: string): void {
    for (const handler of this.byChannel.get(channel) ?? []) this.safely(() => handler(payload), channel);
  }
  addReconnect(handler: () => void): () => void {
    this.reconnect.add(handler);
    return () => void this.reconnect.delete(handler);
  }
  reconnected(): void {
    for (const handler of this.reconnect) this.safely(handler, 'reconnect');
  }
  private safely(work: () => void, what: string): void {
    try {
      work();
    } catch (err) {
      this.logger.error({ err, channel: what }, 'cluster channel: a subscriber failed');
    }
  }
}

/** One node, one process (SQLite): messages go straight to this process's subscribers. */
export class LocalChannel implements ClusterChannel {
  private readonly subscribers: Subscribers;
  constructor(logger: Logger) {
    this.subscribers = new Subscribers(logger);
  }
  async publish(channel: string, payload: string): Promise<void> {
    check(channel, payload);
    // Asynchronous like the PostgreSQL one, so callers do not come to rely on synchronous delivery.
    queueMicrotask(() => this.subscribers.deliver(channel, payload));
  }
  subscribe(channel: string, handler: (payload: string) => void): () => void {
    check(channel);
    return this.subscribers.add(channel, handler).remove;
  }
  onReconnect(handler: () => void): () => void {
    return this.subscribers.addReconnect(handler);
  }
  async close(): Promise<void> {}
}

/**
 * PostgreSQL LISTEN/NOTIFY. Publishing is a `pg_notify` through the data source's pool. Listening
 * needs a connection of its own that stays open (a pooled one would be handed to others), which
 * is opened at the first subscription and, when it breaks (the server restarted, the network
 * failed), opened again with backoff until the server answers; then every channel is listened to
 * again and the `onReconnect` handlers run.
 */
export class PostgresChannel implements ClusterChannel {
  private readonly subscribers: Subscribers;
  private client: Client | undefined;
  private connecting: Promise<void> | undefined;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private delayMs = RECONNECT_FIRST_MS;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
  ) {
    this.subscribers = new Subscribers(logger);
  }

  async publish(channel: string, payload: string): Promise<void> {
    check(channel, payload);
    await this.dataSource.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  subscribe(channel: string, handler: (payload: string) => void): () => void {
    check(channel);
    const { first, remove } = this.subscribers.add(channel, handler);
    if (first) void this.listen(channel);
    return () => {
      if (remove()) void this.client?.query(`UNLISTEN ${channel}`).catch(() => undefined);
    };
  }

  onReconnect(handler: () => void): () => void {
    return this.subscribers.addReconnect(handler);
  }

  /** Resolves once the listening connection is up (for tests and for callers that must not miss the first message). */
  async ready(): Promise<void> {
    if (this.client) return;
    await (this.connecting ?? this.connect(false));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async listen(channel: string): Promise<void> {
    if (!this.client) return void (await (this.connecting ?? this.connect(false)));
    await this.client.query(`LISTEN ${channel}`).catch((err) => this.lost(err));
  }

  private connect(again: boolean): Promise<void> {
    this.connecting = (async () => {
      const { url, ssl } = this.dataSource.options as { url?: string; ssl?: unknown };
      // Loaded here, not at the top: a SQLite node never needs the PostgreSQL client at all.
      const { Client: PgClient } = require('pg') as typeof import('pg');
      const client = new PgClient({ connectionString: url, ssl: ssl as never, application_name: 'flowgate-listen' });
      client.on('notification', (msg) => this.subscribers.deliver(msg.channel, msg.payload ?? ''));
      client.on('error', (err) => this.lost(err, client));
      client.on('end', () => this.lost(undefined, client));
      try {
        await client.connect();
        for (const channel of this.subscribers.channels()) await client.query(`LISTEN ${channel}`);
      } catch (err) {
        await client.end().catch(() => undefined);
        this.connecting = undefined;
        this.retry(err);
        return;
      }
      if (this.closed) return void (await client.end().catch(() => undefined));
      this.client = client;
      this.connecting = undefined;
      this.delayMs = RECONNECT_FIRST_MS;
      if (again) {
        this.logger.info('cluster channel: listening again');
        this.subscribers.reconnected();
      }
    })();
    return this.connecting;
  }

  /** The listening connection broke: drop it and reconnect (once, however many events report it). */
  private lost(err: unknown, client?: Client): void {
    if (client !== undefined && client !== this.client) return;
    const old = this.client;
    this.client = undefined;
    if (old) void old.end().catch(() => undefined);
    if (this.closed || this.connecting || this.retryTimer) return;
    this.logger.warn({ err }, 'cluster channel: the listening connection broke; reconnecting');
    this.retry(err);
  }

  private retry(err: unknown): void {
    if (this.closed) return;
    this.logger.debug({ err, delayMs: this.delayMs }, 'cluster channel: cannot listen yet');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect(true);
    }, this.delayMs);
    this.retryTimer.unref();
    this.delayMs = Math.min(this.delayMs * 2, RECONNECT_MAX_MS);
  }
}

/** The channel for `dataSource`'s engine. */
export function createClusterChannel(dataSource: DataSource, logger: Logger): ClusterChannel {
  return dataSource.options.type === 'postgres' ? new PostgresChannel(dataSource, logger) : new LocalChannel(logger);
}
