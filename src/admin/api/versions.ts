import type { Request, Response } from 'express';
import { FlowgateError } from '../../errors';

/**
 * Optimistic concurrency for the admin API: a versioned resource is sent with its version as a
 * weak ETag (`W/"7"`, also `version` in the body), and a write must name the version it read in
 * `If-Match`. A stale write is refused instead of silently overwriting someone else's change.
 */

/** ETag `W/"<version>"` on the response. */
export function setVersion(res: Response, version: number): void {
  res.setHeader('ETag', etag(version));
}

/** The weak ETag of `version`. */
function etag(version: number): string {
  return `W/"${version}"`;
}

/**
 * Requires `If-Match` on writes of versioned resources: missing (or `*`, which would match any
 * version) -> 428 `FG_ADMIN_VERSION_REQUIRED`; naming another version -> 409
 * `FG_ADMIN_VERSION_CONFLICT`. Weak and strong forms (`W/"7"`, `"7"`) are both accepted, and a
 * list matches when any entry does.
 */
function checkVersion(req: Request, current: number): void {
  const expected = ifMatchVersions(req);
  if (!expected.includes(current)) {
    throw new FlowgateError('FG_ADMIN_VERSION_CONFLICT', `the current version is ${current}`);
  }
}

/**
 * The versions `If-Match` names. Throws `FG_ADMIN_VERSION_REQUIRED` when there is none (missing,
 * `*`, or nothing that reads as a version), so a write never goes ahead blind.
 */
function ifMatchVersions(req: Request): number[] {
  const header = req.get('if-match');
  const versions: number[] = [];
  for (const part of (header ?? '').split(',')) {
    const match = /^\s*(?:W\/)?"(\d{1,15})"\s*$/.exec(part);
    if (match) versions.push(Number(match[1]));
  }
  if (versions.length === 0) {
    throw new FlowgateError('FG_ADMIN_VERSION_REQUIRED', header === undefined ? 'If-Match is missing' : 'If-Match names no version (send the ETag you read)');
  }
  return versions;
}

/** The one version `If-Match` names, for writes checked inside a transaction. */
export function expectedVersion(req: Request): number {
  const versions = ifMatchVersions(req);
  if (versions.length > 1) throw new FlowgateError('FG_ADMIN_VERSION_REQUIRED', 'If-Match must name exactly one version');
  return versions[0]!;
}
