import type { Locator, Page } from 'playwright-core';
import { checkA11y, type A11yLevel } from './browser';
import type { ReceivedMail, SmtpSink } from './smtp-sink';

/**
 * What the browser tests do on every page: find a button or a field by its accessible name, wait
 * for a page by its main heading, run axe, and read mail from the SMTP sink. One copy, used by every
 * `test/e2e/*.e2e.test.ts`.
 */

/** The button named `name` (exactly). */
export function button(page: Page, name: string): Locator {
  return page.getByRole('button', { name, exact: true });
}

/** The form field labelled `label` (exactly). */
export function field(page: Page, label: string): Locator {
  return page.getByLabel(label, { exact: true });
}

/** Waits for the page whose main heading is `text`, loaded completely (axe's contrast checks need its stylesheet). */
export async function expectHeading(page: Page, text: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: text, exact: true }).waitFor();
  await page.waitForLoadState('load');
}

/** Fails, naming the page, when axe finds a serious or critical problem on it (any problem with `level: 'all'`). */
export async function expectAccessible(page: Page, name: string, level: A11yLevel = 'serious'): Promise<void> {
  expect({ page: name, violations: await checkA11y(page, level) }).toEqual({ page: name, violations: [] });
}

/** Every mail the sink received for `to` (optionally only those with `subject`), oldest first. */
export function mailsTo(sink: SmtpSink, to: string, subject?: string): ReceivedMail[] {
  return sink.messages.filter((m) => m.envelope.to.includes(to) && (subject === undefined || m.parsed.subject === subject));
}

/** The `n`-th mail (1-based) to `to` (with `subject`, when given), waiting for it to arrive. */
export async function nthMailTo(sink: SmtpSink, to: string, n: number, subject?: string): Promise<ReceivedMail> {
  await sink.waitForMessage(() => mailsTo(sink, to, subject).length >= n);
  return mailsTo(sink, to, subject)[n - 1]!;
}

/** The newest mail to `to` (with `subject`, when given), waiting until there are at least `count`. */
export async function newestMailTo(sink: SmtpSink, to: string, count = 1, subject?: string): Promise<ReceivedMail> {
  await sink.waitForMessage(() => mailsTo(sink, to, subject).length >= count);
  return mailsTo(sink, to, subject).at(-1)!;
}

/** The path and query of the sign-in link in a mail's text part (`/realms/…/login-actions/link?key=…`). */
export function linkPathIn(mail: ReceivedMail): string {
  const link = /https?:\/\/\S+\/realms\/[\w-]+\/login-actions\/link\?key=[\w-]+/.exec(mail.parsed.text ?? '')?.[0];
  if (!link) throw new Error(`no link in:\n${mail.parsed.text}`);
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
}

/** The 6-digit code of a mail; the HTML part must show the same code. */
export function codeIn(mail: ReceivedMail): string {
  const code = /\b(\d{6})\b/.exec(mail.parsed.text ?? '')?.[1];
  if (code === undefined) throw new Error(`no code in:\n${mail.parsed.text}`);
  expect(String(mail.parsed.html)).toContain(code);
  return code;
}

/** The number a waiting page shows for approving its sign-in from another browser. */
export async function approvalNumberOn(page: Page): Promise<string> {
  const number = await page.locator('[data-approval-number]').getAttribute('data-approval-number');
  if (number === null) throw new Error(`no approval number on ${page.url()}`);
  return number;
}
