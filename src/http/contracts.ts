import type { FormField } from '../spi/view';

/**
 * The shapes the HTTP layer, the page renderer and JSON clients share. One flow, two faces: the
 * same `StepDocument` is sent as JSON to API clients (mobile apps, SPAs) and handed to the theme's
 * template as the page model for browsers.
 */

/** A link or form target a client may follow. `fields` are hidden fields to send with it. */
export interface ActionLink {
  readonly method: 'GET' | 'POST';
  /** Absolute path (`/realms/main/login-actions/...`), never another origin. */
  readonly href: string;
  readonly fields?: Readonly<Record<string, string>>;
}

/** A translated message shown above the form. */
export interface StepMessage {
  readonly kind: 'info' | 'success' | 'warning' | 'error';
  /** The message key, for clients that translate themselves. */
  readonly key: string;
  /** The text in the page's locale. */
  readonly text: string;
}

/** A field error: the key and its translation. */
export interface StepFieldError {
  readonly key: string;
  readonly text: string;
}

/** One "try another way" option. */
export interface StepAlternative {
  /** Execution id to send as `choice`. */
  readonly id: string;
  /** Translated display name. */
  readonly label: string;
}

/** One step of a sign-in, as JSON clients receive it and templates render it. */
export interface StepDocument {
  readonly type: 'step';
  readonly realm: string;
  /** The tab's authentication-session id, carried in every step URL as `tab_id`. */
  readonly tabId: string;
  /** The step number; a POST must send it back (`step`), so a stale or replayed POST is detected. */
  readonly step: number;
  /** The execution whose challenge this is. */
  readonly execution: string;
  /** The view id (the template's name), e.g. `identify-email`. */
  readonly view: string;
  /** The plugin's view model. */
  readonly model: Readonly<Record<string, unknown>>;
  /** The form fields, in order, with translated labels in `labelText`. */
  readonly fields: ReadonlyArray<FormField & { readonly labelText: string }>;
  readonly fieldErrors: Readonly<Record<string, StepFieldError>>;
  readonly messages: readonly StepMessage[];
  /** Other ways in at this point, when the person may "try another way". */
  readonly alternatives: readonly StepAlternative[];
  /**
   * What this page asks for up front, when the flow's next sub-flow has `askFirst` (e.g. on the
   * address page: a sign-in link or a code). Send the chosen `id` as `choice` with the form to
   * `actions.submit`; the first is the default. Without `choice` the flow runs its alternatives in
   * order; a `choice` that is not listed is refused with `FG_CHOICE_NOT_OFFERED` (400) and changes
   * nothing. Absent when the page asks nothing.
   */
  readonly choices?: readonly StepAlternative[];
  /**
   * The number to show while a link mailed by this step is out: opened in another browser, the
   * link's page asks the person to pick it, so the waiting tab goes on only for someone who sees it.
   */
  readonly approvalNumber?: number;
  /**
   * What another step of the flow offers on this page (conditional UI: saved passkeys in the
   * address field's autofill). Answer it by posting its `fields` (filled as its `model` says) to
   * `submit`; the page's own form keeps working.
   */
  readonly offer?: StepOfferDocument;
  readonly actions: {
    /** Where the form is submitted (hidden fields: csrf, step, execution). */
    readonly submit: ActionLink;
    /** Present when there are alternatives. */
    readonly tryAnotherWay?: ActionLink;
    /** Start the sign-in again. */
    readonly restart: ActionLink;
    /**
     * GET: the tab's status as a `StatusDocument`, for clients waiting on something that happens
     * elsewhere (a link confirmed on another device). Poll it a few seconds apart; when `changed`,
     * GET `href` for the step showing now.
     */
    readonly status: ActionLink;
  };
  /** The page's locale, e.g. `de`. */
  readonly locale: string;
}

/** A sibling step's offer on a step page (`StepDocument.offer`). */
export interface StepOfferDocument {
  /** The offering execution. */
  readonly execution: string;
  /** What the offer's script needs, e.g. `publicKey` (WebAuthn request options) and `mediation`. */
  readonly model: Readonly<Record<string, unknown>>;
  /** The fields the answer carries. */
  readonly fields: readonly FormField[];
  /** Scripts (paths under `/static/`) that run the offer on the page. */
  readonly scripts: readonly string[];
  /** Where the answer is posted (hidden fields: csrf, step, execution). */
  readonly submit: ActionLink;
}

/** Whether a tab moved on since a step was shown: the answer of `actions.status`. */
export interface StatusDocument {
  readonly type: 'status';
  readonly realm: string;
  readonly tabId: string;
  /** The step number showing now. */
  readonly step: number;
  /**
   * True when the step asked about is no longer the one to show: the tab moved on (or was approved
   * by a link from another device, or finished). GET `href` to see what comes next.
   */
  readonly changed: boolean;
  /** GET shows the tab's current step (or moves on from an approval). */
  readonly href: string;
}

/** A finished sign-in, as JSON clients receive it (browsers get a 303 to `redirectTo`). */
export interface DoneDocument {
  readonly type: 'success';
  readonly realm: string;
  /** The validated `redirect_uri`, or the account page (with `kc_action_status` when one was asked for). */
  readonly redirectTo: string;
  /** How the `kc_action` the client asked for went, when it asked for one. */
  readonly kcActionStatus?: 'success' | 'cancelled' | 'error';
}

/** Any error, as JSON clients receive it. Browsers get the `error` page with the same facts. */
export interface ErrorDocument {
  readonly type: 'error';
  /** A registry code (`FG_*`) or, for a failed sign-in, `FG_LOGIN_FAILED` with `reason`. */
  readonly code: string;
  /** Safe to show: the registry's message for exposed codes, a generic one otherwise. */
  readonly message: string;
  /** Snake-case reason of a failed sign-in (`access_denied`), when there is one. */
  readonly reason?: string;
  /** Seconds to wait, for rate limits (also in `Retry-After`). */
  readonly retryAfterSeconds?: number;
  /** What the person can do next. */
  readonly actions?: { readonly restart?: ActionLink; readonly continue?: ActionLink };
  /** Request id, to quote to support; it is in the server's log line too. */
  readonly requestId: string;
}

/** Facts every rendered page gets besides its own model. */
export interface PageContext {
  readonly locale: string;
  /** CSP nonce for inline `<script>`/`<style>` the page carries (none by default). */
  readonly nonce: string;
  readonly realm?: { readonly name: string; readonly displayName: string };
  /** The person's locales to offer in a language switcher, with the current one. */
  readonly locales?: readonly string[];
}

/**
 * Renders pages of the login theme. Implemented with handlebars over `templates/` (and a theme
 * directory that may override any file), compiled once at construction.
 */
export interface PageRenderer {
  /** Renders page `name`: a view id (`identify-email`) or a core page (`error`, `page-expired`, ...). */
  render(name: string, model: Readonly<Record<string, unknown>>, ctx: PageContext): string;
  /** Whether a page of that name exists. */
  has(name: string): boolean;
}

/** The core pages every theme must provide (besides one page per plugin view). */
export const CORE_PAGES = ['error', 'page-expired', 'select-authenticator', 'account', 'logout-confirm', 'logged-out', 'link-confirm', 'link-done', 'link-rejected', 'link-invalid', 'consent'] as const;

/** One of the person's sessions, as JSON clients of the account endpoint receive it. */
export interface AccountSessionEntry {
  readonly id: string;
  /** When it signed in and was last used (ms since the epoch). */
  readonly createdAt: number;
  readonly lastSeenAt: number;
  readonly ip?: string;
  /** Whether it is the session of the caller. */
  readonly current: boolean;
  /** Ends this session (POST, with its hidden fields). */
  readonly signOut: ActionLink;
}

/** One of the person's remembered (known) devices, as JSON clients of the account endpoint receive it. */
export interface AccountDeviceEntry {
  readonly id: string;
  /** Its first and last sign-in (ms since the epoch). */
  readonly createdAt: number;
  readonly lastUsedAt: number;
  /** The browser's User-Agent at its last sign-in. */
  readonly userAgent?: string;
  /** Whether it is the caller's browser. */
  readonly current: boolean;
  /** Forgets this device (POST, with its hidden fields). */
  readonly forget: ActionLink;
}

/** One of the person's passkeys, as JSON clients of the account endpoint receive it (#21). */
export interface AccountPasskeyEntry {
  readonly id: string;
  /** The name the person gave it. */
  readonly label: string;
  /** When it was registered and last used to sign in (ms since the epoch). */
  readonly createdAt: number;
  readonly lastUsedAt?: number;
  /** Whether it is a synced (multi-device) passkey. */
  readonly synced: boolean;
  /** Whether it is the person's only passkey: removing it means signing in by mail again. */
  readonly last: boolean;
  /** Renames it (POST, with its hidden fields and `label`). */
  readonly rename: ActionLink;
  /** Removes it (POST, with its hidden fields). */
  readonly remove: ActionLink;
}

/** One attribute of the person's profile that the realm's user profile lets them see (`permissions.view`). */
export interface AccountProfileEntry {
  /** The attribute's name, e.g. `firstName`. */
  readonly name: string;
  /** Its label in the response's locale, from the realm's user profile. */
  readonly label: string;
  /** Its type in the user profile: `string`, `email`, `number` or `boolean` (values `true` / `false`). */
  readonly type: string;
  /** Its values as stored; empty when the person has not given one. */
  readonly values: readonly string[];
}

/** `GET /realms/:realm/account` for JSON clients: who is signed in, their profile, and where they are signed in. */
export interface AccountDocument {
  readonly type: 'account';
  readonly realm: string;
  readonly user: { readonly id: string; readonly email: string };
  /** The profile attributes the person may see, in the profile's order. */
  readonly profile: readonly AccountProfileEntry[];
  readonly sessions: readonly AccountSessionEntry[];
  /** Browsers that signed in as the person and are remembered as their devices (own mail budget, no guess lockout). */
  readonly devices: readonly AccountDeviceEntry[];
  /** The person's passkeys, newest first. */
  readonly passkeys: readonly AccountPasskeyEntry[];
  readonly actions: {
    readonly signOutEverywhere: ActionLink;
    readonly logout: ActionLink;
    /** Adds a passkey: a sign-in with `kc_action=register-passkey`. Absent when the realm does not enable register-passkey. */
    readonly addPasskey?: ActionLink;
    /**
     * Edits the profile: a sign-in with `kc_action=update-profile` (single sign-on, then the
     * profile form) that returns to the account page. Absent when the realm does not enable
     * update-profile or the person may see no attribute.
     */
    readonly editProfile?: ActionLink;
  };
}

/** `GET /realms/:realm/logout` for JSON clients: how to sign out (a GET never does). */
export interface LogoutDocument {
  readonly type: 'logout';
  readonly realm: string;
  /** Whether the caller has a session in this realm now. */
  readonly signedIn: boolean;
  readonly actions: { readonly signOut: ActionLink };
}

/**
 * An application asks for the person's consent (its client has `consentRequired`), for JSON
 * clients: allow or deny, each a POST with its hidden fields.
 */
export interface ConsentDocument {
  readonly type: 'consent';
  readonly realm: string;
  readonly clientId: string;
  /** The scopes asked for that the person has not granted yet, e.g. `email`. */
  readonly scopes: readonly string[];
  readonly actions: { readonly allow: ActionLink; readonly deny: ActionLink };
}

/** The answer to a sign-out, for JSON clients. */
export interface LoggedOutDocument {
  readonly type: 'logged-out';
  readonly realm: string;
  readonly actions: { readonly signIn: ActionLink };
}
