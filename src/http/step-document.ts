import { type ChallengeResult, SELECT_AUTHENTICATOR_VIEW, type StepOption } from '../engine';
import { CSRF_FIELD } from '../security';
import type { ViewMessage } from '../spi/view';
import type { ActionLink, StepAlternative, StepDocument, StepMessage } from './contracts';
import { loginActionUrl, statusUrl, stepUrl } from './login-urls';
import type { PageText } from './page-text';

/** The hidden field naming the step a form was rendered at. */
export const STEP_FIELD = 'step';
/** The hidden field naming the execution a form answers. */
export const EXECUTION_FIELD = 'execution';
/** The chooser's field (the executor's `SELECT_AUTHENTICATOR_FIELD`), also what a page that asks first (`choices`) submits its choice in. */
export const CHOICE_FIELD = 'choice';

/** The `autocomplete` of the fields a sibling's offer may add its token to (the WebAuthn spec wants it last). */
const IDENTIFIER_AUTOCOMPLETE = new Set(['email', 'username']);
/** An offer's scripts must be Flowgate's own static files: never another origin, never a data: URL. */
const STATIC_SCRIPT = /^\/static\/[A-Za-z0-9._-]+\.js$/;

/** Facts a step document needs besides the challenge. */
export interface StepContext {
  readonly realm: string;
  /** The page's messages (the sign-in's locale). */
  readonly text: PageText;
  /** The browser's CSRF token, put into every form. */
  readonly csrf: string;
  /** Messages to show above the engine's (e.g. "the sign-in was restarted"). */
  readonly extraMessages?: readonly ViewMessage[];
}

/**
 * THE one place a challenge becomes a `StepDocument`: sent as is to JSON clients and handed to the
 * template for browsers, so both faces of a step always carry the same fields, messages and links.
 * Every label, message and error is translated in the sign-in's locale, with its key kept.
 */
export function buildStepDocument(challenge: ChallengeResult, ctx: StepContext): StepDocument {
  const { text } = ctx;
  const view = challenge.view;
  const tabId = challenge.authSessionId;
  const showingChooser = view.view === SELECT_AUTHENTICATOR_VIEW;
  const stepFields = { [CSRF_FIELD]: ctx.csrf, [STEP_FIELD]: String(challenge.step), [EXECUTION_FIELD]: challenge.execution };
  const post = (href: string, fields: Record<string, string>): ActionLink => ({ method: 'POST', href, fields });
  const offer = showingChooser ? undefined : challenge.offer?.offer;

  const fieldErrors: Record<string, { key: string; text: string }> = {};
  for (const [name, key] of Object.entries(view.fieldErrors ?? {})) fieldErrors[name] = { key, text: text.t(key) };

  return {
    type: 'step',
    realm: ctx.realm,
    tabId,
    step: challenge.step,
    execution: challenge.execution,
    view: view.view,
    model: showingChooser ? chooserModel(view.model, text) : (view.model ?? {}),
    fields: (view.fields ?? []).map((field) => ({
      ...field,
      ...(offer?.autocomplete !== undefined && IDENTIFIER_AUTOCOMPLETE.has(field.autocomplete ?? '') && { autocomplete: `${field.autocomplete} ${offer.autocomplete}` }),
      labelText: field.labelText ?? text.t(field.label),
      ...(field.options && { options: field.options.map((o) => ({ ...o, labelText: o.labelText ?? text.t(o.label) })) }),
    })),
    fieldErrors,
    messages: [...(ctx.extraMessages ?? []), ...(view.messages ?? [])].map((m) => message(m, text)),
    alternatives: challenge.alternatives.map((option) => alternative(option, text)),
    ...(!showingChooser && challenge.choices && { choices: challenge.choices.map((option) => alternative(option, text)) }),
    ...(challenge.approvalNumber !== undefined && { approvalNumber: challenge.approvalNumber }),
    ...(offer && challenge.offer && {
      offer: {
        execution: challenge.offer.execution,
        model: offer.model,
        fields: offer.fields,
        scripts: offer.scripts.filter((src) => STATIC_SCRIPT.test(src)),
        submit: post(stepUrl(ctx.realm, tabId, challenge.offer.execution), { ...stepFields, [EXECUTION_FIELD]: challenge.offer.execution }),
      },
    }),
    actions: {
      submit: showingChooser
        ? post(loginActionUrl(ctx.realm, 'select', tabId), { [CSRF_FIELD]: ctx.csrf, [STEP_FIELD]: String(challenge.step) })
        : post(stepUrl(ctx.realm, tabId, challenge.execution), stepFields),
      ...(!showingChooser && challenge.alternatives.length > 0 && { tryAnotherWay: post(loginActionUrl(ctx.realm, 'try-another-way', tabId), stepFields) }),
      restart: post(loginActionUrl(ctx.realm, 'restart', tabId), { [CSRF_FIELD]: ctx.csrf }),
      status: { method: 'GET', href: statusUrl(ctx.realm, tabId, challenge.step) },
    },
    locale: text.locale,
  };
}

function message(m: ViewMessage, text: PageText): StepMessage {
  return { kind: m.kind, key: m.text, text: text.t(m.text, m.params) };
}

function alternative(option: StepOption, text: PageText): StepAlternative {
  return { id: option.id, label: text.tOr(option.displayKey, option.displayName) };
}

/** The chooser's options with their names translated (`label`), so JSON clients need no bundles. */
function chooserModel(model: Readonly<Record<string, unknown>> | undefined, text: PageText): Record<string, unknown> {
  const options = Array.isArray(model?.['options']) ? (model['options'] as StepOption[]) : [];
  return { ...model, options: options.map((o) => ({ ...o, label: text.tOr(o.displayKey, o.displayName) })) };
}
