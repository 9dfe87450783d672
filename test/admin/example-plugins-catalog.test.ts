import path from 'node:path';
import type request from 'supertest';
import { chooseDisplayNameAction } from '../../examples/plugins/choose-display-name';
import { conditionEmailDomain, emailDomainAuthenticator } from '../../examples/plugins/email-domain';
import { createAdminTestApp, type AdminTestApp } from '../support/admin-test-app';
import { FIXED_CODE_PLUGIN } from '../support/test-app';

// The example plugins listed in the server config's `plugins` exactly as a third party's would be
// (paths to their folders), with the flows that use them.
const EXAMPLES = path.join(__dirname, '..', '..', 'examples', 'plugins');
const EMAIL_DOMAIN = path.join(EXAMPLES, 'email-domain');
const CHOOSE_DISPLAY_NAME = path.join(EXAMPLES, 'choose-display-name');
const FLOWS = path.join(__dirname, '..', 'plugins', 'fixtures', 'example-flows');

interface CatalogEntry {
  readonly id: string;
  readonly source: string;
  readonly [key: string]: unknown;
}

let t: AdminTestApp;
beforeAll(async () => {
  t = await createAdminTestApp({ flowsDir: FLOWS, plugins: [FIXED_CODE_PLUGIN, EMAIL_DOMAIN, CHOOSE_DISPLAY_NAME] });
});
afterAll(() => t.close());

const etagOf = (res: request.Response): string => String(res.headers['etag']);
const entry = (list: readonly CatalogEntry[], id: string): CatalogEntry => {
  const found = list.find((e) => e.id === id);
  if (!found) throw new Error(`${id} is not in the catalog: ${list.map((e) => e.id).join(', ')}`);
  return found;
};

test('the admin catalog lists the example plugins like built-ins: names, help, requirements, config schemas, source', async () => {
  const { body } = await t.api('get', '/catalog').expect(200);
  expect(entry(body.authenticators, 'email-domain')).toMatchObject({
    displayName: emailDomainAuthenticator.displayName,
    helpText: emailDomainAuthenticator.helpText,
    requirements: [...emailDomainAuthenticator.requirements!],
    requiresUser: false,
    configSchema: emailDomainAuthenticator.configSchema,
    source: EMAIL_DOMAIN,
  });
  expect(entry(body.conditions, 'condition-email-domain')).toMatchObject({
    displayName: conditionEmailDomain.displayName,
    helpText: conditionEmailDomain.helpText,
    configSchema: conditionEmailDomain.configSchema,
    source: EMAIL_DOMAIN,
  });
  expect(entry(body.requiredActions, 'choose-display-name')).toMatchObject({
    displayName: chooseDisplayNameAction.displayName,
    helpText: chooseDisplayNameAction.helpText,
    configSchema: chooseDisplayNameAction.configSchema,
    source: CHOOSE_DISPLAY_NAME,
  });
});

test("an example plugin's step is added through the API only with a config its schema accepts", async () => {
  const copy = await t.api('post', '/realms/main/flows/browser/copy').send({ alias: 'with-domains' }).expect(201);
  const add = (config: Record<string, unknown>) =>
    t
      .api('post', '/realms/main/flows/with-domains/executions')
      .set('If-Match', etagOf(copy))
      // An alias: the copy already has an email-domain step, and keys are unique in a flow.
      .send({ position: 1, execution: { alias: 'work-domains', authenticator: 'email-domain', requirement: 'REQUIRED', config } });

  // The loader's own code and the path into the flow document, as when the file is loaded at boot.
  const badDomain = await add({ domains: ['Not A Domain'] }).expect(400);
  expect(badDomain.body).toMatchObject({ code: 'FG_PLUGIN_CONFIG_INVALID', path: '/executions/1/config/domains/0' });
  const badMode = await add({ domains: ['example.com'], mode: 'sometimes' }).expect(400);
  expect(badMode.body).toMatchObject({ code: 'FG_PLUGIN_CONFIG_INVALID', path: '/executions/1/config/mode' });
  // A requirement the plugin does not offer (it allows REQUIRED and DISABLED only).
  const notAllowed = await t
    .api('patch', `/realms/main/flows/with-domains/executions/${encodeURIComponent('with-domains/email-domain')}`)
    .set('If-Match', etagOf(copy))
    .send({ requirement: 'ALTERNATIVE' })
    .expect(400);
  expect(notAllowed.body).toMatchObject({ code: 'FG_REQUIREMENT_NOT_ALLOWED', path: '/executions/1/requirement' });

  const added = await add({ domains: ['example.com'], mode: 'allow' }).expect(200);
  expect(added.body.executions[1]).toMatchObject({ id: 'with-domains/work-domains', authenticator: 'email-domain', requirement: 'REQUIRED', config: { domains: ['example.com'], mode: 'allow' } });
  const read = await t.api('get', '/realms/main/flows/with-domains').expect(200);
  expect(read.body.executions[1].config).toEqual({ domains: ['example.com'], mode: 'allow' });
});
