import type request from 'supertest';
import { TYPES } from '../../src/composition/container';
import type { AdminAuditStore, TypeormRealmStore } from '../../src/store';
import { createAdminTestApp, type AdminTestApp } from '../support/admin-test-app';

let t: AdminTestApp;
beforeAll(async () => {
  t = await createAdminTestApp();
});
afterAll(() => t.close());

const FLOWS = '/realms/main/flows';
const exec = (alias: string, id: string): string => `${FLOWS}/${alias}/executions/${encodeURIComponent(id)}`;
const etagOf = (res: request.Response): string => String(res.headers['etag']);

/** A fresh copy of the built-in browser flow to edit, with its ETag. */
async function copyOfBrowser(alias: string): Promise<{ etag: string; body: Record<string, unknown> }> {
  const res = await t.api('post', `${FLOWS}/browser/copy`).send({ alias }).expect(201);
  return { etag: etagOf(res), body: res.body };
}

describe('flows: list and read', () => {
  test('lists the realm flows with built-in status, version and usage', async () => {
    const { body } = await t.api('get', FLOWS).expect(200);
    const browser = body.flows.find((f: { alias: string }) => f.alias === 'browser');
    expect(browser).toEqual({
      alias: 'browser',
      description: expect.any(String),
      builtIn: true,
      version: 1,
      usage: { bindings: ['browser'], clients: [], flows: [] },
    });
    expect(body.flows.find((f: { alias: string }) => f.alias === 'locked').usage.clients).toEqual([{ clientId: 'locked', slot: 'browser' }]);
  });

  test('gets a flow as a tree with execution ids, as the loader names them, and its version as ETag', async () => {
    const res = await t.api('get', `${FLOWS}/browser`).expect(200);
    expect(res.headers['etag']).toBe('W/"1"');
    expect(res.body).toMatchObject({
      alias: 'browser',
      builtIn: true,
      version: 1,
      executions: [
        { id: 'browser/cookie', authenticator: 'cookie', requirement: 'ALTERNATIVE' },
        {
          id: 'browser/forms',
          requirement: 'ALTERNATIVE',
          flow: {
            alias: 'forms',
            executions: [
              { id: 'browser/forms/identify-email', authenticator: 'identify-email', requirement: 'REQUIRED' },
              { id: 'browser/forms/fixed-code', authenticator: 'fixed-code', requirement: 'REQUIRED' },
            ],
          },
        },
        { id: 'browser/refuse', flow: { alias: 'refuse' } },
      ],
    });
  });

  test('an unknown flow or realm is 404 with its code', async () => {
    expect((await t.api('get', `${FLOWS}/nope`).expect(404)).body.code).toBe('FG_ADMIN_FLOW_NOT_FOUND');
    expect((await t.api('get', '/realms/nope/flows').expect(404)).body.code).toBe('FG_UNKNOWN_REALM');
  });
});

describe('built-in flows are read-only', () => {
  test('edits, renames and deletes of a built-in flow are 409 FG_ADMIN_FLOW_BUILT_IN', async () => {
    const ifMatch = 'W/"1"';
    const attempts = [
      t.api('patch', exec('browser', 'browser/cookie')).set('If-Match', ifMatch).send({ requirement: 'DISABLED' }),
      t.api('post', `${FLOWS}/browser/rename`).set('If-Match', ifMatch).send({ alias: 'other' }),
      t.api('delete', `${FLOWS}/browser`).set('If-Match', ifMatch),
    ];
    for (const attempt of attempts) expect((await attempt.expect(409)).body.code).toBe('FG_ADMIN_FLOW_BUILT_IN');
  });

  test('copying is the way to change one: the copy is admin-made, its sub-flows renamed, its ids keep their keys', async () => {
    const { body, etag } = await copyOfBrowser('browser-copy');
    expect(etag).toBe('W/"1"');
    expect(body).toMatchObject({
      alias: 'browser-copy',
      builtIn: false,
      version: 1,
      usage: { bindings: [], clients: [], flows: [] },
      executions: [
        { id: 'browser-copy/cookie' },
        { id: 'browser-copy/forms', alias: 'forms', flow: { alias: 'browser-copy-forms', executions: [{ id: 'browser-copy/forms/identify-email' }, { id: 'browser-copy/forms/fixed-code' }] } },
        { id: 'browser-copy/refuse', alias: 'refuse', flow: { alias: 'browser-copy-refuse' } },
      ],
    });
    const again = await t.api('post', `${FLOWS}/browser/copy`).send({ alias: 'browser-copy' }).expect(409);
    expect(again.body.code).toBe('FG_ADMIN_FLOW_EXISTS');
  });
});

describe('executions', () => {
  test('add an authenticator at a position, set its requirement and config, move it, remove it; each bumps the version', async () => {
    let { etag } = await copyOfBrowser('edit-me');
    const add = await t
      .api('post', `${FLOWS}/edit-me/executions`)
      .set('If-Match', etag)
      .send({ parent: 'edit-me/forms', position: 1, execution: { authenticator: 'allow-access', requirement: 'REQUIRED' } })
      .expect(200);
    expect(add.headers['etag']).toBe('W/"2"');
    expect(add.body.executions[1].flow.executions.map((e: { id: string }) => e.id)).toEqual([
      'edit-me/forms/identify-email',
      'edit-me/forms/allow-access',
      'edit-me/forms/fixed-code',
    ]);
    etag = etagOf(add);

    const patched = await t.api('patch', exec('edit-me', 'edit-me/cookie')).set('If-Match', etag).send({ requirement: 'DISABLED' }).expect(200);
    expect(patched.body.executions[0]).toEqual({ id: 'edit-me/cookie', authenticator: 'cookie', requirement: 'DISABLED' });
    etag = etagOf(patched);

    const configured = await t
      .api('patch', exec('edit-me', 'edit-me/refuse/deny-access'))
      .set('If-Match', etag)
      .send({ config: { message: 'error.linkExpired' } })
      .expect(200);
    expect(configured.body.executions[2].flow.executions[0].config).toEqual({ message: 'error.linkExpired' });
    etag = etagOf(configured);

    const moved = await t.api('post', `${exec('edit-me', 'edit-me/forms/allow-access')}/move`).set('If-Match', etag).send({ position: 0 }).expect(200);
    expect(moved.body.executions[1].flow.executions.map((e: { id: string }) => e.id)).toEqual([
      'edit-me/forms/allow-access',
      'edit-me/forms/identify-email',
      'edit-me/forms/fixed-code',
    ]);
    etag = etagOf(moved);

    const removed = await t.api('delete', exec('edit-me', 'edit-me/forms/allow-access')).set('If-Match', etag).expect(200);
    expect(removed.body.executions[1].flow.executions).toHaveLength(2);
    expect(removed.body.version).toBe(6);
  });

  test('an invalid edit is refused with the loader\'s code and the JSON path into the flow document, and saves nothing', async () => {
    const { etag } = await copyOfBrowser('invalid-edits');
    const requirement = await t.api('patch', exec('invalid-edits', 'invalid-edits/cookie')).set('If-Match', etag).send({ requirement: 'REQUIRED' }).expect(400);
    expect(requirement.body).toMatchObject({ code: 'FG_MIXED_REQUIREMENTS', path: '/executions', file: 'invalid-edits.json' });

    const conditional = await t.api('patch', exec('invalid-edits', 'invalid-edits/cookie')).set('If-Match', etag).send({ requirement: 'CONDITIONAL' }).expect(400);
    expect(conditional.body).toMatchObject({ code: 'FG_CONDITIONAL_NOT_SUBFLOW', path: '/executions/0/requirement' });

    const config = await t.api('patch', exec('invalid-edits', 'invalid-edits/refuse/deny-access')).set('If-Match', etag).send({ config: { nope: true } }).expect(400);
    expect(config.body).toMatchObject({ code: 'FG_PLUGIN_CONFIG_INVALID', path: '/executions/2/flow/executions/0/config/nope' });

    const unknown = await t
      .api('post', `${FLOWS}/invalid-edits/executions`)
      .set('If-Match', etag)
      .send({ execution: { authenticator: 'no-such-thing', requirement: 'ALTERNATIVE' } })
      .expect(400);
    expect(unknown.body).toMatchObject({ code: 'FG_UNKNOWN_AUTHENTICATOR', path: '/executions/3/authenticator' });

    const empty = await t.api('delete', exec('invalid-edits', 'invalid-edits/refuse/deny-access')).set('If-Match', etag).expect(400);
    expect(empty.body.code).toBe('FG_FLOW_EMPTY');

    const after = await t.api('get', `${FLOWS}/invalid-edits`).expect(200);
    expect(after.body.version).toBe(1);
  });

  test('a stale version is 409 FG_ADMIN_VERSION_CONFLICT; no If-Match is 428 FG_ADMIN_VERSION_REQUIRED', async () => {
    const { etag } = await copyOfBrowser('versioned');
    await t.api('patch', exec('versioned', 'versioned/cookie')).set('If-Match', etag).send({ requirement: 'DISABLED' }).expect(200);
    const stale = await t.api('patch', exec('versioned', 'versioned/cookie')).set('If-Match', etag).send({ requirement: 'ALTERNATIVE' }).expect(409);
    expect(stale.body.code).toBe('FG_ADMIN_VERSION_CONFLICT');
    const missing = await t.api('patch', exec('versioned', 'versioned/cookie')).send({ requirement: 'ALTERNATIVE' }).expect(428);
    expect(missing.body.code).toBe('FG_ADMIN_VERSION_REQUIRED');
    const star = await t.api('patch', exec('versioned', 'versioned/cookie')).set('If-Match', '*').send({ requirement: 'ALTERNATIVE' }).expect(428);
    expect(star.body.code).toBe('FG_ADMIN_VERSION_REQUIRED');
    expect((await t.api('get', `${FLOWS}/versioned`)).body.executions[0].requirement).toBe('DISABLED');
  });

  test('unknown executions, and executions of a referenced flow, are 404 FG_ADMIN_EXECUTION_NOT_FOUND', async () => {
    const { etag } = await copyOfBrowser('ids');
    const missing = await t.api('patch', exec('ids', 'ids/nope')).set('If-Match', etag).send({ requirement: 'DISABLED' }).expect(404);
    expect(missing.body.code).toBe('FG_ADMIN_EXECUTION_NOT_FOUND');
    const withRef = await t
      .api('post', `${FLOWS}/ids/executions`)
      .set('If-Match', etag)
      .send({ execution: { flow: 'locked', requirement: 'ALTERNATIVE' } })
      .expect(200);
    expect(withRef.body.executions[3]).toEqual({ id: 'ids/locked', flow: 'locked', requirement: 'ALTERNATIVE' });
    const inside = await t.api('patch', exec('ids', 'ids/locked/deny-access')).set('If-Match', etagOf(withRef)).send({ requirement: 'DISABLED' }).expect(404);
    expect(inside.body.code).toBe('FG_ADMIN_EXECUTION_NOT_FOUND');
    const position = await t
      .api('post', `${FLOWS}/ids/executions`)
      .set('If-Match', etagOf(withRef))
      .send({ position: 9, execution: { authenticator: 'cookie', alias: 'cookie-2', requirement: 'ALTERNATIVE' } })
      .expect(400);
    expect(position.body).toMatchObject({ code: 'FG_ADMIN_INVALID_BODY', path: '/position' });
  });

  test('editing a flow that another references rewrites the referencing flow too, so it runs the new version', async () => {
    const base = await t.api('post', FLOWS).send({ alias: 'shared', executions: [{ authenticator: 'allow-access', requirement: 'REQUIRED' }] }).expect(201);
    await t.api('post', FLOWS).send({ alias: 'outer', executions: [{ flow: 'shared', requirement: 'REQUIRED' }] }).expect(201);
    await t.api('post', `${FLOWS}/shared/executions`).set('If-Match', etagOf(base)).send({ execution: { authenticator: 'cookie', requirement: 'DISABLED' } }).expect(200);
    const realm = await t.container.get(TYPES.RealmStore).getRealm('main');
    const outer = realm!.flows.get('outer')!;
    expect(outer.executions[0]).toMatchObject({ kind: 'flow', flow: { executions: [{ id: 'outer/shared/allow-access' }, { id: 'outer/shared/cookie' }] } });
    expect((await t.api('get', `${FLOWS}/shared`)).body.usage.flows).toEqual(['outer']);
  });
});

describe('create, replace, rename, delete', () => {
  test('create checks the document as a new flow file; the loader codes come back with paths', async () => {
    const bad = await t.api('post', FLOWS).send({ alias: 'Bad Alias', executions: [] }).expect(400);
    expect(bad.body).toMatchObject({ code: 'FG_FLOW_SCHEMA', path: '/alias' });
    const dup = await t.api('post', FLOWS).send({ alias: 'forms', executions: [{ authenticator: 'cookie', requirement: 'REQUIRED' }] }).expect(400);
    expect(dup.body.code).toBe('FG_DUPLICATE_ALIAS');
    const existing = await t.api('post', FLOWS).send({ alias: 'browser', executions: [{ authenticator: 'cookie', requirement: 'REQUIRED' }] }).expect(409);
    expect(existing.body.code).toBe('FG_ADMIN_FLOW_EXISTS');
    const notObject = await t.api('post', FLOWS).send([1, 2]).expect(400);
    expect(notObject.body).toMatchObject({ code: 'FG_ADMIN_INVALID_BODY', path: '' });
  });

  test('replace (PUT) saves a whole document of the same alias; another alias is refused at /alias', async () => {
    const created = await t.api('post', FLOWS).send({ alias: 'replace-me', executions: [{ authenticator: 'allow-access', requirement: 'REQUIRED' }] }).expect(201);
    const doc = { alias: 'replace-me', description: 'Now with a text', executions: [{ authenticator: 'deny-access', requirement: 'REQUIRED' }] };
    const put = await t.api('put', `${FLOWS}/replace-me`).set('If-Match', etagOf(created)).send(doc).expect(200);
    expect(put.body).toMatchObject({ description: 'Now with a text', version: 2, executions: [{ id: 'replace-me/deny-access' }] });
    const renamed = await t.api('put', `${FLOWS}/replace-me`).set('If-Match', etagOf(put)).send({ ...doc, alias: 'other' }).expect(400);
    expect(renamed.body).toMatchObject({ code: 'FG_ADMIN_INVALID_BODY', path: '/alias' });
  });

  test('rename and delete are refused while the flow is bound, overridden or referenced, and work once it is not', async () => {
    const created = await t.api('post', FLOWS).send({ alias: 'in-use', executions: [{ authenticator: 'allow-access', requirement: 'REQUIRED' }] }).expect(201);
    const bindings = await t.api('get', '/realms/main/bindings').expect(200);
    const bound = await t.api('put', '/realms/main/bindings/registration').set('If-Match', etagOf(bindings)).send({ flow: 'in-use' }).expect(200);

    const refusedDelete = await t.api('delete', `${FLOWS}/in-use`).set('If-Match', etagOf(created)).expect(409);
    expect(refusedDelete.body).toMatchObject({ code: 'FG_ADMIN_FLOW_IN_USE', detail: expect.stringContaining("slot 'registration'") });
    expect((await t.api('post', `${FLOWS}/in-use/rename`).set('If-Match', etagOf(created)).send({ alias: 'x' }).expect(409)).body.code).toBe('FG_ADMIN_FLOW_IN_USE');

    await t.api('delete', '/realms/main/bindings/registration').set('If-Match', etagOf(bound)).expect(200);
    const renamed = await t.api('post', `${FLOWS}/in-use/rename`).set('If-Match', etagOf(created)).send({ alias: 'not-in-use' }).expect(200);
    expect(renamed.body).toMatchObject({ alias: 'not-in-use', executions: [{ id: 'not-in-use/allow-access' }] });
    await t.api('get', `${FLOWS}/in-use`).expect(404);
    await t.api('delete', `${FLOWS}/not-in-use`).set('If-Match', etagOf(renamed)).expect(204);
    await t.api('get', `${FLOWS}/not-in-use`).expect(404);
  });

  test('every flow change is audited with the document before and after', async () => {
    const created = await t.api('post', FLOWS).send({ alias: 'audited', executions: [{ authenticator: 'allow-access', requirement: 'REQUIRED' }] }).expect(201);
    t.clock.advance(1);
    await t.api('patch', exec('audited', 'audited/allow-access')).set('If-Match', etagOf(created)).send({ requirement: 'DISABLED' }).expect(400);
    await t.api('post', `${FLOWS}/audited/executions`).set('If-Match', etagOf(created)).send({ execution: { authenticator: 'cookie', requirement: 'DISABLED' } }).expect(200);
    const entries = await t.container.get(TYPES.AdminAudit).list({ resource: 'realms/main/flows/audited' });
    expect(entries.map((e) => e.action)).toEqual(['execution.add', 'flow.create']);
    expect(entries[0]).toMatchObject({
      realm: 'main',
      actorId: t.admin.id,
      before: { alias: 'audited', executions: [{ authenticator: 'allow-access', requirement: 'REQUIRED' }] },
      after: { alias: 'audited', executions: [{ authenticator: 'allow-access' }, { authenticator: 'cookie', requirement: 'DISABLED' }] },
    });
  });
});

test('console sessions edit flows with the CSRF header, like token callers', async () => {
  const copy = await t.asConsole('post', `${FLOWS}/browser/copy`).send({ alias: 'from-console' }).expect(201);
  await t
    .request('patch', exec('from-console', 'from-console/cookie'))
    .set('Cookie', `fg_session_admin=${t.console.cookie}`)
    .set('If-Match', etagOf(copy))
    .send({ requirement: 'DISABLED' })
    .expect(403);
  await t.asConsole('patch', exec('from-console', 'from-console/cookie')).set('If-Match', etagOf(copy)).send({ requirement: 'DISABLED' }).expect(200);
});
