import type { Request, Response } from 'express';
import { exportRealm, type WrittenRealmDocument } from '../../engine';
import { FlowgateError, FlowgateErrors } from '../../errors';
import type { AdminRealmSnapshot } from '../../store/realm-admin.store';
import { flowFiles, loadRealmDocuments, realmFileName } from '../realm-documents';
import type { AdminApiDeps } from './admin-deps';
import { principalOf } from './principal';
import { expectedVersion } from './versions';

/**
 * Realm-level changes through the admin API: read the realm, check `If-Match` against its version,
 * change its realm document (settings, clients, bindings, required actions, user profile), load
 * the result exactly as boot loads `flows/`, write it, audit it. Flow edits have their own path
 * (`flows/flow-changes.ts`); both go through `RealmAdminStore.change`, one transaction each.
 */

/** The realm with its versions; 404 `FG_UNKNOWN_REALM` when there is none. */
export async function realmSnapshot(deps: AdminApiDeps, realm: string): Promise<AdminRealmSnapshot> {
  const snapshot = await deps.realmAdmin.snapshot(realm);
  if (!snapshot) throw new FlowgateError('FG_UNKNOWN_REALM', `realm '${realm}'`);
  return snapshot;
}

/** Where the loader's errors about the realm document are reported in the request body instead. */
export interface PointerRebase {
  /** Pointer prefix in the realm document, e.g. `/clients/2`. */
  readonly from: string;
  /** The same place in the request body, e.g. `''` for a body that is the client. */
  readonly to: string;
}

/** How to change a realm's document. */
export interface RealmDocumentChange {
  readonly realm: string;
  /** Audit action, e.g. `client.update`. */
  readonly action: string;
  /** Audit resource, e.g. `realms/main/clients/web`. */
  readonly resource: string;
  /**
   * The realm document as it should be, from the current one (a copy: change it freely; options
   * left out take their defaults when it is loaded). Throw a
   * coded error to refuse (a missing client: 404). `rebase` (optional) says where the loader's
   * errors under a part of the document belong in the request.
   */
  change(doc: WrittenRealmDocument & Record<string, unknown>, current: AdminRealmSnapshot): { doc: WrittenRealmDocument; rebase?: PointerRebase };
  /** What the audit records of the realm, before and after; default the realm document. */
  view?(snapshot: AdminRealmSnapshot): unknown;
  /** When false, no `If-Match` is needed (creations that conflict on their own key). Default true. */
  readonly versioned?: boolean;
}

/**
 * Applies a realm document change: `If-Match` with the realm's version (428 missing, 409 stale,
 * checked inside the transaction), the loader's checks (400 with its codes, pointers rebased into
 * the request body), the write, and the audit entry. Returns the realm as it is now.
 */
export async function changeRealmDocument(deps: AdminApiDeps, req: Request, res: Response, change: RealmDocumentChange): Promise<AdminRealmSnapshot> {
  const expected = change.versioned === false ? undefined : expectedVersion(req);
  const { before, after } = await deps.realmAdmin.change(change.realm, (current) => {
    if (expected !== undefined && current.version !== expected) {
      throw new FlowgateError('FG_ADMIN_VERSION_CONFLICT', `the realm's version is ${current.version}`);
    }
    const { doc, rebase } = change.change(structuredClone(exportRealm(current.def)) as WrittenRealmDocument & Record<string, unknown>, current);
    try {
      return { def: loadRealmDocuments(doc, flowFiles(current.def).values(), deps.registry), result: undefined };
    } catch (err) {
      throw rebaseErrors(err, realmFileName(change.realm), rebase);
    }
  });
  const view = change.view ?? ((s: AdminRealmSnapshot) => exportRealm(s.def));
  await deps.audit.record({ actor: principalOf(res), action: change.action, resource: change.resource, realm: change.realm, before: view(before), after: view(after) });
  return after;
}

/**
 * The loader's errors with pointers into one part of `file` moved to where that part is in the
 * request (and without the file name, which means nothing to the caller then). Other errors keep
 * their file and pointer. Anything that is not a coded error passes through.
 */
function rebaseErrors(err: unknown, file: string, rebase: PointerRebase | undefined): unknown {
  if (rebase === undefined) return err;
  const errors = err instanceof FlowgateErrors ? err.errors : err instanceof FlowgateError ? [err] : undefined;
  if (!errors) return err;
  const moved = errors.map((e) => {
    const path = e.location?.path;
    if (e.location?.file !== file || path === undefined || !(path === rebase.from || path.startsWith(`${rebase.from}/`))) return e;
    return new FlowgateError(e.code, e.detail, { path: rebase.to + path.slice(rebase.from.length) });
  });
  return new FlowgateErrors(moved);
}
