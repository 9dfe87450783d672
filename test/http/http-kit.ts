import type { Server } from 'node:http';
import request from 'supertest';
import type { Express } from 'express';
import type { StepDocument } from '../../src/http/contracts';

/** The demo client's one redirect URI. */
export const DEMO_REDIRECT = 'http://localhost:3000/callback';
/** Where the demo client starts a sign-in. */
export const DEMO_LOGIN = `/realms/main/login?client_id=demo&redirect_uri=${encodeURIComponent(DEMO_REDIRECT)}`;
/** Accept header of a JSON client. */
export const JSON_ACCEPT = { Accept: 'application/json' };

/** A form on a page: where it posts and its hidden fields. */
export interface PageForm {
  readonly action: string;
  readonly fields: Record<string, string>;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#x60;': '`', '&#x3D;': '=' };

/** Undoes handlebars' HTML escaping. */
export function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#x27|#x60|#x3D);/g, (entity) => ENTITIES[entity] ?? entity);
}

/** Every POST form of a page, with its hidden fields (the way a browser would read them). */
export function formsOf(html: string): PageForm[] {
  const forms: PageForm[] = [];
  for (const match of html.matchAll(/<form\b[^>]*\baction="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)) {
    const fields: Record<string, string> = {};
    for (const input of match[2]!.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) fields[unescapeHtml(input[1]!)] = unescapeHtml(input[2]!);
    forms.push({ action: unescapeHtml(match[1]!), fields });
  }
  return forms;
}

/** The form of `html` posting to a path that contains `fragment`; fails when there is none. */
export function formTo(html: string, fragment: string): PageForm {
  const form = formsOf(html).find((f) => f.action.includes(fragment));
  if (!form) throw new Error(`no form posting to '${fragment}' in:\n${html}`);
  return form;
}

/** A browser: a cookie jar that follows the login pages like a person would. */
export class TestBrowser {
  readonly agent: ReturnType<typeof request.agent>;

  /** `app`, or a server already listening on it (much faster for many requests). */
  constructor(app: Express | Server) {
    this.agent = request.agent(app);
  }

  /** Starts a sign-in and follows the redirect to the first step: returns the step page. */
  async start(path = DEMO_LOGIN): Promise<request.Response> {
    const started = await this.agent.get(path);
    if (started.status !== 303) throw new Error(`expected a redirect to the first step, got ${started.status}: ${started.text}`);
    return this.follow(started);
  }

  /** GETs the `Location` of a redirect. */
  follow(res: request.Response): Promise<request.Response> {
    return this.agent.get(res.headers['location'] as string);
  }

  /** Posts `form` (its hidden fields plus `fields`) as a browser does. */
  post(form: PageForm, fields: Record<string, string> = {}): Promise<request.Response> {
    return this.agent.post(form.action).type('form').send({ ...form.fields, ...fields });
  }

  /** Answers the step shown on `page` and follows the redirect when it leads to another step. */
  async answer(page: request.Response, fields: Record<string, string>): Promise<request.Response> {
    const res = await this.post(formTo(page.text, '/login-actions/authenticate'), fields);
    return isStepRedirect(res) ? this.follow(res) : res;
  }

  /** Signs in as `email` through the HTML pages; returns the final response (a 303 to the client). */
  async signIn(email: string, path = DEMO_LOGIN): Promise<request.Response> {
    const first = await this.start(path);
    const code = await this.answer(first, { email });
    return this.post(formTo(code.text, '/login-actions/authenticate'), { code: '000000' });
  }
}

/** Whether a response is a redirect to a step page. */
export function isStepRedirect(res: request.Response): boolean {
  return res.status === 303 && String(res.headers['location']).includes('/login-actions/authenticate');
}

/** A JSON client: same URLs, `Accept: application/json`, JSON bodies, a cookie jar. */
export class JsonClient {
  readonly agent: ReturnType<typeof request.agent>;

  constructor(app: Express) {
    this.agent = request.agent(app);
  }

  async start(path = DEMO_LOGIN): Promise<StepDocument> {
    const res = await this.agent.get(path).set(JSON_ACCEPT);
    if (res.status !== 200) throw new Error(`expected a step, got ${res.status}: ${res.text}`);
    return res.body as StepDocument;
  }

  /** Submits the step's form with `fields`. */
  submit(step: StepDocument, fields: Record<string, string>): Promise<request.Response> {
    return this.agent.post(step.actions.submit.href).set(JSON_ACCEPT).send({ ...step.actions.submit.fields, ...fields });
  }
}

/** The `fg_session_main` cookie a response sets, if any. */
export function sessionCookieOf(res: request.Response): string | undefined {
  const cookies = (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  return cookies.find((c) => c.startsWith('fg_session_main='));
}

/** The number a waiting page shows for approvals from another browser (`approvalNumber`), if any. */
export function approvalNumberIn(html: string): string | undefined {
  return /data-approval-number="(\d+)"/.exec(html)?.[1];
}

/** The forms of a link's page that pick a number (another browser, number matching), by number. */
export function numberFormsOf(html: string): Map<string, PageForm> {
  return new Map(formsOf(html).filter((f) => f.fields['number'] !== undefined).map((f) => [f.fields['number']!, f]));
}

/** The form of a link's page that picks the number `waitingPage` shows: what the person does. */
export function rightNumberForm(linkPage: string, waitingPage: string): PageForm {
  const number = approvalNumberIn(waitingPage);
  const form = number === undefined ? undefined : numberFormsOf(linkPage).get(number);
  if (!form) throw new Error(`no form picking ${number} in:\n${linkPage}`);
  return form;
}
