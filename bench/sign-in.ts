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
}

/**
 * One complete sign-in over the JSON face, as a mobile app or SPA does it: open the sign-in,
 * type the address, then prove it with the code from the mail (the magic-link mail carries one
 * too, and typing it is one request where following the link is three). For the email code, the
 * person picks it with "try another way" on the magic-link page, so the shipped flow's magic-link
 * mail goes out first (its cost is part of that path today). Throws on anything unexpected.
 */
export async function signIn(client: JsonClient, sink: MailSink, method: Method, email: string): Promise<void> {
  let step = asStep(await client.get(LOGIN_PATH), 'identify-email');
  step = asStep(await submit(client, step.actions.submit, { email }), 'magic-link');
  if (method === 'email-otp') {
    const another = step.actions.tryAnotherWay;
    if (!another) throw new Error('the magic-link step offers no other way');
    const chooser = asStep(await client.post(another.href, { ...another.fields }), 'select-authenticator');
    const options = (chooser.model['options'] ?? []) as Array<{ id: string }>;
    const choice = options.find((option) => option.id.endsWith('/email-otp'))?.id;
    if (!choice) throw new Error(`no email-otp choice among ${JSON.stringify(options.map((o) => o.id))}`);
    step = asStep(await submit(client, chooser.actions.submit, { choice }), 'email-otp');
  }
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
