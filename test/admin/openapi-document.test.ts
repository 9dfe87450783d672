import fs from 'node:fs';
import path from 'node:path';
import type { Express } from 'express';
import { ADMIN_API_DOCUMENT } from '../support/admin-api-check';
import { createAdminTestApp, type AdminTestApp } from '../support/admin-test-app';

let t: AdminTestApp;
beforeAll(async () => {
  t = await createAdminTestApp();
});
afterAll(() => t.close());

/** What `app.router` holds, as far as this test reads it (express 5 and its `router` package). */
interface Layer {
  readonly rawPath?: unknown;
  readonly route?: { readonly path: unknown; readonly methods: Record<string, boolean> };
  readonly handle: { readonly stack?: readonly Layer[] };
}

/**
 * Every route the app really serves under `/admin/api`, as `GET /path/{param}`: the express router
 * stack walked down through every mounted router, whatever file mounted it.
 */
function mountedAdminRoutes(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: readonly Layer[], prefix: string): void => {
    for (const layer of stack) {
      if (layer.route) {
        if (typeof layer.route.path !== 'string') throw new Error(`a route under ${prefix || '/'} has a path that is not a string`);
        for (const method of Object.keys(layer.route.methods).filter((m) => m !== '_all')) found.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`);
      } else if (layer.handle.stack) {
        if (typeof layer.rawPath !== 'string') throw new Error(`a router under ${prefix || '/'} is mounted at a path that is not a string`);
        walk(layer.handle.stack, layer.rawPath === '/' ? prefix : `${prefix}${layer.rawPath}`);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return found
    .filter((r) => r.includes(' /admin/api/'))
    .map((r) => r.replace(' /admin/api/', ' /').replace(/:([A-Za-z0-9_]+)/g, '{$1}'))
    .sort();
}

function documentedRoutes(document: { paths: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(document.paths)
    .flatMap(([p, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${p}`))
    .sort();
}

test('the OpenAPI document describes every route of every group: each mounted route is documented, each documented route is mounted', async () => {
  const { body } = await t.request('get', '/openapi.json').expect(200);
  expect(mountedAdminRoutes(t.app)).toEqual(documentedRoutes(body));
});

test('is public, and is the document that every admin test checks the answers against', async () => {
  const { body } = await t.request('get', '/openapi.json').expect(200);
  expect(body.openapi).toBe('3.1.0');
  expect(body).toEqual(JSON.parse(JSON.stringify(ADMIN_API_DOCUMENT)));
});

test('every $ref resolves; every operation answers JSON with a schema, and lists the codes of its refusals', () => {
  const text = JSON.stringify(ADMIN_API_DOCUMENT);
  for (const [, kind, name] of text.matchAll(/"#\/components\/([a-z]+)\/([^"]+)"/g)) {
    expect({ ref: `${kind}/${name}`, resolves: (ADMIN_API_DOCUMENT.components as Record<string, Record<string, unknown>>)[kind!]?.[name!] !== undefined }).toEqual({ ref: `${kind}/${name}`, resolves: true });
  }
  for (const [p, item] of Object.entries(ADMIN_API_DOCUMENT.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, { responses: Record<string, { content?: unknown }> }>)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        // Every answer but 204 has a body, and a refusal's body names its codes.
        expect({ operation: `${method} ${p}`, status, hasBody: response.content !== undefined }).toEqual({ operation: `${method} ${p}`, status, hasBody: status !== '204' });
        if (Number(status) >= 400) expect(JSON.stringify(response.content)).toMatch(/"enum":\["FG_[A-Z_]+"/);
      }
    }
  }
});

test('every admin test sends its admin API requests through the checked helper', () => {
  // A supertest request straight to /admin/api would skip the check of its answer.
  const direct = /request(?:\.agent)?\([^)]*\)\s*\.\s*(?:get|post|put|patch|delete)\(\s*['"`]\/admin\/api/;
  const offenders = fs
    .readdirSync(__dirname)
    .filter((file) => file.endsWith('.ts') && direct.test(fs.readFileSync(path.join(__dirname, file), 'utf8')));
  expect(offenders).toEqual([]);
});
