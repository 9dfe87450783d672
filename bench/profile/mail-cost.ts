import path from 'node:path';
import { createTransport } from 'nodemailer';
import { loadBundles } from '../../src/i18n/message-bundles';
import { EmailRenderer } from '../../src/mail/email-renderer';

/**
 * CPU per mail of the two steps before SMTP, in this process alone: rendering the magic-link mail
 * (handlebars, HTML + text, messages) and nodemailer building its MIME message (a stream
 * transport: the same composer and encoders as SMTP, no socket). `node -r
 * ./test/support/swc-register.js bench/profile/mail-cost.ts` (pin it with `taskset -c K`).
 */

const ROOT = path.resolve(__dirname, '..', '..');
const COUNT = 3000;
const WARMUP = 500;

const renderer = new EmailRenderer({
  templateDirs: [path.join(ROOT, 'templates', 'email'), path.join(ROOT, 'authenticators', 'magic-link', 'templates', 'email')],
  bundles: loadBundles([path.join(ROOT, 'templates', 'messages'), path.join(ROOT, 'authenticators', 'magic-link', 'messages')]),
  publicUrl: 'http://127.0.0.1:8080',
});
const cpuMs = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const render = (i: number) =>
  renderer.render({
    template: 'magic-link',
    locale: 'en',
    model: { link: `/realms/main/login-actions/link?key=${'k'.repeat(43)}${i}`, code: String(100000 + i), minutes: 15, realmDisplayName: 'Flowgate' },
  });
const mail = render(0);
const message = (i: number) => ({
  from: 'Flowgate <no-reply@flowgate.test>',
  to: `person-${i}@example.com`,
  subject: mail.subject,
  html: mail.html,
  text: mail.text,
  messageId: `<${i}@flowgate.test>`,
  headers: { 'Auto-Submitted': 'auto-generated' },
});

async function main(): Promise<void> {
  for (let i = 0; i < WARMUP; i++) render(i);
  let started = cpuMs();
  for (let i = 0; i < COUNT; i++) render(i);
  const renderUs = ((cpuMs() - started) * 1000) / COUNT;

  const mime = createTransport({ streamTransport: true, buffer: true, disableFileAccess: true, disableUrlAccess: true });
  for (let i = 0; i < WARMUP; i++) await mime.sendMail(message(i));
  started = cpuMs();
  for (let i = 0; i < COUNT; i++) await mime.sendMail(message(i));
  const mimeUs = ((cpuMs() - started) * 1000) / COUNT;
  const bytes = ((await mime.sendMail(message(0))).message as Buffer).length;
  console.log(`render ${renderUs.toFixed(0)} µs per mail (HTML ${mail.html.length} + text ${mail.text.length} chars); MIME build ${mimeUs.toFixed(0)} µs per mail (${bytes} bytes)`);
}

void main();
