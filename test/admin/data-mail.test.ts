import { ADMIN_SESSION_COOKIE } from '../../src/admin/admin-cookie';
import { TYPES } from '../../src/composition/container';
import type { DeliveryWorker, MailService } from '../../src/mail';
import type { AdminAuditStore } from '../../src/store';
import { createAdminTestApp, type AdminTestApp } from '../support/admin-test-app';
import { SmtpSink } from '../support/smtp-sink';

let sink: SmtpSink;
let t: AdminTestApp;
let worker: DeliveryWorker;
beforeEach(async () => {
  sink = await SmtpSink.start();
  // Mail leaves over SMTP to the sink; the worker runs only when a test says so.
  t = await createAdminTestApp({ env: { SMTP_URL: sink.url, PUBLIC_URL: 'http://id.example.test', MAIL_FROM: 'Flowgate <no-reply@id.example.test>' } });
  worker = t.container.get(TYPES.DeliveryWorker);
});
afterEach(async () => {
  await worker.stop();
  await t.close();
  await sink.stop();
});

const enqueue = (realm: string, to: string): Promise<{ id: string }> =>
  t.container.get(TYPES.MailService).enqueue({ realm, to, template: 'test-message', locale: 'en' });

describe('mail outbox', () => {
  test('lists messages newest first without bodies, filtered by realm and status, with paging', async () => {
    const a = await enqueue('main', 'ada@example.test');
    t.clock.advance(1000);
    const b = await enqueue('main', 'bert@example.test');
    t.clock.advance(1000);
    const c = await enqueue('admin', 'root@example.test');
    sink.setMode('permanent-reject');
    // All three are due: the sink refuses them for good, so they fail; then one more is queued.
    await worker.runOnce();
    t.clock.advance(1000);
    const d = await enqueue('main', 'cleo@example.test');

    const ids = async (query: string): Promise<string[]> => ((await t.api('get', `/mail${query}`).expect(200)).body.messages as Array<{ id: string }>).map((m) => m.id);
    expect(await ids('')).toEqual([d.id, c.id, b.id, a.id]);
    expect(await ids('?realm=main')).toEqual([d.id, b.id, a.id]);
    expect(await ids('?status=pending')).toEqual([d.id]);
    expect(await ids('?status=failed&realm=main')).toEqual([b.id, a.id]);
    expect(await ids('?first=1&max=2')).toEqual([c.id, b.id]);
    const listed = (await t.api('get', '/mail?max=1').expect(200)).body.messages[0];
    expect(listed).toMatchObject({ id: d.id, to: 'cleo@example.test', subject: 'Test email from Flowgate', status: 'pending', template: 'test-message' });
    expect(listed).not.toHaveProperty('htmlBody');
    expect(listed).not.toHaveProperty('textBody');
  });

  test('shows one message with its headers and bodies as stored; unknown id 404', async () => {
    const { id } = await enqueue('main', 'ada@example.test');
    const res = await t.api('get', `/mail/${id}`).expect(200);
    expect(res.body).toMatchObject({ id, from: 'Flowgate <no-reply@id.example.test>', to: 'ada@example.test', subject: 'Test email from Flowgate', locale: 'en' });
    expect(res.body.textBody).toContain('This is a test email from Flowgate for the realm main.');
    expect(res.body.htmlBody).toContain('<html lang="en">');
    expect((await t.api('get', '/mail/00000000-0000-4000-8000-000000000000').expect(404)).body.code).toBe('FG_MAIL_NOT_FOUND');
  });

  test('retries a failed message, which is then delivered; only a failed one; audited without bodies', async () => {
    sink.setMode('permanent-reject');
    const { id } = await enqueue('main', 'ada@example.test');
    expect(await worker.runOnce()).toEqual({ sent: 0, retried: 0, failed: 1 });
    const failed = (await t.api('get', `/mail/${id}`).expect(200)).body;
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringContaining('550') });

    sink.setMode('accept');
    const retried = await t.asConsole('post', `/mail/${id}/retry`).expect(200);
    expect(retried.body).toMatchObject({ id, status: 'pending', attempts: 0, lastError: null, nextAttemptAt: t.clock.now() });
    expect(await worker.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect((await sink.waitForMessage((m) => m.envelope.to.includes('ada@example.test'))).parsed.subject).toBe('Test email from Flowgate');

    expect((await t.api('post', `/mail/${id}/retry`).expect(409)).body.code).toBe('FG_MAIL_NOT_RETRYABLE');
    expect((await t.api('post', '/mail/00000000-0000-4000-8000-000000000000/retry').expect(404)).body.code).toBe('FG_MAIL_NOT_FOUND');

    const entries = await t.container.get(TYPES.AdminAudit).list({ resource: `mail/${id}` });
    expect(entries).toEqual([expect.objectContaining({ action: 'mail.retry', realm: 'main', before: expect.objectContaining({ status: 'failed' }), after: expect.objectContaining({ status: 'pending' }) })]);
    expect(JSON.stringify(entries)).not.toContain('This is a test email');
  });

  test('refuses invalid filters; no auth 401; a console retry without CSRF 403', async () => {
    for (const query of ['?status=lost', '?max=501', '?first=490&max=20', '?to=x']) {
      expect((await t.api('get', `/mail${query}`).expect(400)).body.code).toBe('FG_ADMIN_INVALID_QUERY');
    }
    await t.request('get', '/mail').expect(401);
    sink.setMode('permanent-reject');
    const { id } = await enqueue('main', 'ada@example.test');
    await worker.runOnce();
    const noCsrf = await t.request('post', `/mail/${id}/retry`).set('Cookie', `${ADMIN_SESSION_COOKIE}=${t.console.cookie}`).expect(403);
    expect(noCsrf.body.code).toBe('FG_ADMIN_CSRF_INVALID');
    expect((await t.api('get', `/mail/${id}`)).body.status).toBe('failed');
  });
});
