import path from 'node:path';
import supertest from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app';
import { JSON_ACCEPT } from './http-kit';

const SHIPPED_FLOWS = path.join(__dirname, '..', '..', 'flows');
const HTTP_FLOWS = path.join(__dirname, '..', 'fixtures', 'http', 'flows');

describe('"Lost your passkey?" (#21): the reset-credentials binding', () => {
  let t: TestApp | undefined;
  afterEach(() => t?.close());

  test('starts the realm\'s reset-credentials flow, whose first step asks for the address (JSON face; the e2e test walks it to a new passkey)', async () => {
    t = await createTestApp({ flowsDir: SHIPPED_FLOWS, plugins: [] });
    const agent = supertest.agent(t.app);
    const started = await agent.get('/realms/main/login-actions/reset-credentials').set(JSON_ACCEPT);
    const step = started.status === 303 ? await agent.get(started.headers['location'] as string).set(JSON_ACCEPT) : started;
    expect(step.status).toBe(200);
    expect(step.body).toMatchObject({ type: 'step', view: 'identify-email', execution: 'reset-credentials/identify-email' });
  });

  test('a realm without the binding has no recovery page: 404 FG_NOT_FOUND, never a 500', async () => {
    t = await createTestApp({ flowsDir: HTTP_FLOWS });
    const res = await supertest(t.app).get('/realms/main/login-actions/reset-credentials').set(JSON_ACCEPT);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('FG_NOT_FOUND');
  });
});
