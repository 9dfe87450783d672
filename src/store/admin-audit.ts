
/** One audited admin change: who changed what, before and after. */
export interface AdminAuditEntry {
  readonly id: string;
  /** When (ms since the epoch). */
  readonly time: number;
  /** The admin's user id in realm `admin`, and their email at the time. */
  readonly actorId: string;
  readonly actorEmail: string;
  /** `session` (the console) or `token` (an API token). */
  readonly via: 'session' | 'token';
  /** The API token's id, for changes made with one. */
  readonly tokenId?: string;
  /** What was done, dotted: `flow.create`, `realm.update`, `client.delete`, `token.revoke`. */
  readonly action: string;
  /** What it was done to, as a path: `realms/main/flows/browser-copy`. */
  readonly resource: string;
  /** The realm it concerns, when it concerns one. */
  readonly realm?: string;
  /** The resource as it was (absent for a creation) and as it became (absent for a deletion). */
  readonly before?: unknown;
  readonly after?: unknown;
}

/** Who made a change: the admin API's caller (its `AdminPrincipal`), as the audit keeps it. */
export interface AuditActor {
  /** The admin's user id in realm `admin`. */
  readonly userId: string;
  readonly email: string;
  readonly via: 'session' | 'token';
  readonly tokenId?: string;
}

/** What to record: the rest (id, time, actor's fields) is filled in. */
export interface AdminAuditRecord {
  readonly actor: AuditActor;
  readonly action: string;
  readonly resource: string;
  readonly realm?: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** Which entries to list, newest first. Every field narrows the result. */
export interface AdminAuditFilter {
  readonly realm?: string;
  /** The actor's user id. */
  readonly actor?: string;
  /** A resource, or a prefix of one ending in `/` (`realms/main/`). */
  readonly resource?: string;
  /** Earliest time, inclusive, and latest, exclusive (ms since the epoch). */
  readonly from?: number;
  readonly to?: number;
  /** Entries to skip (paging). Default 0. */
  readonly first?: number;
  /** At most this many. Default 100, capped at 1000. */
  readonly max?: number;
}

/** Admin audit: who changed what, before and after (stored; listed by the audit endpoint). */
export interface AdminAudit {
  record(entry: AdminAuditRecord): Promise<void>;
  list(filter: AdminAuditFilter): Promise<AdminAuditEntry[]>;
}
