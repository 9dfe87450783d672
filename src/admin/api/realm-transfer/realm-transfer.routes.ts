import type { Response } from 'express';
import { documentKind, type RealmDefinition } from '../../../engine';
import { FlowgateError } from '../../../errors';
import { canonicalJson } from '../../../store/canonical-json';
import { normalizeFlow } from '../../../store/flow-tree';
import type { AdminRealmSnapshot } from '../../../store/realm-admin.store';
import { ADMIN_CLIENT_ID, ADMIN_REALM } from '../../admin-realm';
import { flowFiles, loadRealmDocuments, realmFileName, realmFiles, type FlowFile } from '../../realm-documents';
import { expectedVersion, LOADER_CODES, principalOf, REALM_PARAM, realmSnapshot, ref, requestBody, resourcePath, route, setVersion, type AdminApiDeps, type AdminRouteGroup } from '../kit';

/** A realm in the format of the flows directory: file name to document, one realm file and its flows. */
export interface RealmExportDocument {
  readonly realm: string;
  /** The realm's version (also the ETag): send it as If-Match when importing over the realm. */
  readonly version: number;
  /** `<realm>.realm.json` and one `<alias>.json` per flow, exactly as they would be on disk. */
  readonly files: Record<string, unknown>;
}

const IMPORT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['files'],
  properties: {
    realm: { type: 'string' },
    version: { type: 'integer' },
    files: {
      type: 'object',
      minProperties: 1,
      maxProperties: 500,
      propertyNames: { pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*\\.json$', maxLength: 100 },
      additionalProperties: { type: 'object' },
    },
  },
} as const;

/**
 * Export and import of a realm in the format of `flows/`: `GET …/export` gives the realm file
 * and a file per flow; `POST …/import` takes the same (an exported document as it is) and makes
 * the realm exactly that, checked as boot checks the flows directory (the loader's codes, with the
 * file and JSON path of every problem). Built-in flows stay as they are: a document may list them
 * only unchanged; so does the admin realm's `admin-console` client. An import of a realm that
 * does not exist creates it; over an existing one it needs If-Match with the realm's version.
 */
export const realmTransferGroup: AdminRouteGroup = {
  tag: 'import-export',
  routes: [
    route({
      method: 'get',
      path: '/realms/:realm/export',
      summary: 'The realm as the files of a flows directory',
      params: { realm: REALM_PARAM },
      response: { description: 'The export', schema: ref('RealmExport'), etag: true },
      errors: ['FG_UNKNOWN_REALM'],
      async handler({ deps, res, params }) {
        sendExport(res, await realmSnapshot(deps, params.realm));
      },
    }),
    route({
      method: 'post',
      path: '/realms/:realm/import',
      summary: 'Makes the realm exactly the given files (an export as it is), checked as at boot; creates it when missing',
      params: { realm: REALM_PARAM },
      request: requestBody<{ files: Record<string, unknown> }>('RealmImport', IMPORT_SCHEMA),
      response: { status: [200, 201], description: 'The realm now (201 when created)', schema: ref('RealmExport'), etag: true },
      ifMatch: 'optional',
      errors: ['FG_ADMIN_REALM_MISMATCH', 'FG_ADMIN_FLOW_BUILT_IN', 'FG_ADMIN_REALM_PROTECTED', 'FG_ADMIN_REALM_EXISTS', ...LOADER_CODES],
      async handler({ deps, req, res, params: { realm }, body: { files } }) {
        const { realmDoc, flows } = splitFiles(realm, files);
        const exists = (await deps.realmAdmin.snapshot(realm)) !== undefined;
        let before: AdminRealmSnapshot | undefined;
        let after: AdminRealmSnapshot;
        if (exists) {
          const expected = expectedVersion(req);
          ({ before, after } = await deps.realmAdmin.change(realm, (current) => {
            if (current.version !== expected) throw new FlowgateError('FG_ADMIN_VERSION_CONFLICT', `the realm's version is ${current.version}`);
            return { def: importedRealm(deps, current.def, realmDoc, flows), result: undefined };
          }));
        } else {
          after = await deps.realmAdmin.create(loadRealmDocuments(realmDoc, flows.map((f) => ({ ...f, builtIn: false })), deps.registry));
        }
        await deps.audit.record({
          actor: principalOf(res),
          action: 'realm.import',
          resource: resourcePath('realms', realm),
          realm,
          ...(before && { before: realmFiles(before.def) }),
          after: realmFiles(after.def),
        });
        sendExport(res, after, exists ? 200 : 201);
      },
    }),
  ],
  schemas: {
    RealmExport: {
      type: 'object',
      additionalProperties: false,
      required: ['realm', 'version', 'files'],
      properties: {
        realm: { type: 'string' },
        version: { type: 'integer', description: "The realm's version (also the ETag): send it as If-Match when importing over the realm." },
        files: { type: 'object', additionalProperties: { type: 'object' }, description: '`<realm>.realm.json` and one `<alias>.json` per flow, exactly as they would be on disk.' },
      },
    },
  },
};

type ImportedFlow = { readonly doc: unknown; readonly file: string; readonly builtIn: boolean };

/** The realm file (which must be the URL's realm) and the flow files of an import. */
function splitFiles(realm: string, files: Record<string, unknown>): { realmDoc: unknown; flows: ImportedFlow[] } {
  const realmNames = Object.keys(files).filter((name) => documentKind(name) === 'realm');
  if (realmNames.length !== 1) {
    throw new FlowgateError('FG_ADMIN_INVALID_BODY', `needs exactly one realm file (<name>.realm.json); found ${realmNames.length}`, { path: '/files' });
  }
  const realmName = realmNames[0]!;
  const realmDoc = files[realmName];
  if ((realmDoc as { realm?: unknown }).realm !== realm) {
    throw new FlowgateError('FG_ADMIN_REALM_MISMATCH', `the realm file is for '${String((realmDoc as { realm?: unknown }).realm)}', the URL for '${realm}'`, { path: `/files/${realmName.replace(/~/g, '~0')}/realm` });
  }
  const flows = Object.entries(files)
    .filter(([name]) => documentKind(name) === 'flow')
    .map(([file, doc]) => ({ file, doc, builtIn: false }));
  return { realmDoc, flows };
}

/**
 * The realm as the import makes it: the document's realm file and flows, plus the built-in flows
 * it does not list (kept), loaded together. A built-in flow it lists must come out unchanged.
 */
function importedRealm(deps: AdminApiDeps, current: RealmDefinition, realmDoc: unknown, flows: ImportedFlow[]): RealmDefinition {
  const aliasOf = (doc: unknown): unknown => (doc as { alias?: unknown }).alias;
  const listed = new Set(flows.map((f) => aliasOf(f.doc)));
  const kept: FlowFile[] = [...flowFiles(current)].filter(([alias, file]) => file.builtIn && !listed.has(alias)).map(([, file]) => file);
  const imported = flows.map((f) => ({ ...f, builtIn: typeof aliasOf(f.doc) === 'string' && current.builtInFlows.has(aliasOf(f.doc) as string) }));
  const def = loadRealmDocuments(realmDoc, [...imported, ...kept], deps.registry);
  const managed = (d: RealmDefinition) => canonicalJson(d.clients.find((c) => c.clientId === ADMIN_CLIENT_ID) ?? null);
  if (current.name === ADMIN_REALM && managed(def) !== managed(current)) {
    throw new FlowgateError('FG_ADMIN_REALM_PROTECTED', `the '${ADMIN_CLIENT_ID}' client is managed by Flowgate: an import must keep it as it is`, { file: realmFileName(ADMIN_REALM) });
  }
  for (const f of imported.filter((i) => i.builtIn)) {
    const alias = aliasOf(f.doc) as string;
    if (canonicalJson(normalizeFlow(def.flows.get(alias)!)) !== canonicalJson(normalizeFlow(current.flows.get(alias)!))) {
      throw new FlowgateError('FG_ADMIN_FLOW_BUILT_IN', `'${alias}' is built-in: an import may list it only unchanged (copy it to change it)`, { file: f.file });
    }
  }
  return def;
}

function sendExport(res: Response, snapshot: AdminRealmSnapshot, status = 200): void {
  const document: RealmExportDocument = { realm: snapshot.def.name, version: snapshot.version, files: realmFiles(snapshot.def) };
  setVersion(res, snapshot.version);
  res.status(status).json(document);
}
