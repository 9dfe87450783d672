import type { Answer, JsonClient } from './client';
import type { BenchMail, MailSink } from './mail-sink';

/** The two ways the shipped browser flow proves an address. */
export type Method = 'magic-link' | 'email-otp';
export const METHODS: readonly Method[] = ['magic-link', 'email-otp'];

/**
 * The sign-in page of the shipped realm, for its registered client: what an app's "Sign in"
 * sends people to. JSON clients get the first step instead of a redirect.
 */
export const LOGIN_PATH = `/realms/main/login?client_id=demo-app&redirect_uri=${encodeURIComponent('http://localhost:3001/callback')}`;

/** Mails one sign-in sends, either way: the address page asks first, so only the chosen mail goes out. */
export const MAILS_PER_SIGN_IN = 1;

/** How long a sign-in waits for its mail before it counts as failed. */
const MAIL_TIMEOUT_MS = 30_000;

interface Action {
  readonly href: string;
  readonly fields?: Record<string, string>;
}

interface Step {
  readonly type: 'step';
  readonly view: string;
  readonly actions: { readonly submit: Action; readonly tryAnotherWay?: Action };
  readonly model: Record<string, unknown>;
  /** What the page asks for up front (the shipped address page: link or code). */
  readonly choices?: ReadonlyArray<{ readonly id: string }>;
}

/**
 * One complete sign-in over the JSON face, as a mobile app or SPA does it: open the sign-in,
 * type the address, then prove it with the code from the mail (the magic-link mail carries one
 * too, and typing it is one request where following the link is three). The address page of the
 * shipped flow asks first (`choices`): the magic link is its default (no choice sent), the email
 * code is chosen with the address, so either way a sign-in is three requests and one mail.
 * Throws on anything unexpected.
 */
export async function signIn(client: JsonClient, sink: MailSink, method: Method, email: string): Promise<void> {
  const first = asStep(await client.get(LOGIN_PATH), 'identify-email');
  let choice: string | undefined;
  if (method === 'email-otp') {
    choice = first.choices?.find((option) => option.id.endsWith('/email-otp'))?.id;
    if (!choice) throw new Error(`no email-otp choice among ${JSON.stringify(first.choices?.map((o) => o.id) ?? [])}`);
  }
  const step = asStep(await submit(client, first.actions.submit, { email, ...(choice !== undefined && { choice }) }), method);
  const isWanted = (mail: BenchMail): boolean => (method === 'magic-link' ? mail.link !== undefined : mail.link === undefined);
  const mail = await sink.next(email, isWanted, MAIL_TIMEOUT_MS);
  if (!mail.code) throw new Error(`the ${method} mail to ${email} has no code`);
  const done = await submit(client, step.actions.submit, { code: mail.code });
  if (done.status !== 200 || done.body['type'] !== 'success') throw new Error(`expected success, got ${describe(done)}`);
}

function submit(client: JsonClient, action: Action, fields: Record<string, string>): Promise<Answer> {
  return client.post(action.href, { ...action.fields, ...fields });
}

function asStep(answer: Answer, view: string): Step {
  const body = answer.body as unknown as Step;
  if (answer.status !== 200 || body.type !== 'step' || body.view !== view) throw new Error(`expected the ${view} step, got ${describe(answer)}`);
  return body;
}

function describe(answer: Answer): string {
  const { type, view, code, messages } = answer.body;
  return `${answer.status} ${JSON.stringify({ type, view, code, messages })}`;
}
