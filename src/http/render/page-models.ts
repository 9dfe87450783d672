import type { AccountPasskeyEntry, ActionLink, StepDocument } from '../contracts';

/**
 * The models of the login pages, as the HTTP layer passes them to `PageRenderer.render`. Each
 * template repeats its model in a comment at its top; keep the two in step. Every page also gets
 * `PageGlobals`. Links and form targets are `ActionLink`s whose `href` must be a path on this
 * server (`/realms/...`): anything else fails the render with `FG_PAGE_LINK_INVALID`.
 */

/** What every page receives besides its model (from the `PageContext`); these win over model keys of the same name. */
export interface PageGlobals {
  /** The page's name, e.g. `identify-email`. */
  readonly page: string;
  /** The locale the page is written in (the best bundle for the requested one), for `<html lang>`. */
  readonly lang: string;
  /** CSP nonce, for a theme's own inline `<script>`/`<style>`; the shipped theme has none. */
  readonly nonce: string;
  readonly realm?: { readonly name: string; readonly displayName: string };
  readonly locales?: readonly string[];
}

/**
 * The model of a plugin's view page (`identify-email`, ...) and of `select-authenticator`: the step
 * as `step`, and the plugin's view model spread at the top for convenience (`step` wins a clash).
 * Pass the `StepDocument` itself to `render`: the renderer builds this shape.
 */
export interface StepPageModel {
  readonly step: StepDocument;
  readonly [modelKey: string]: unknown;
}

/** One choice on the "try another way" page: the executor's `StepOption`. */
export interface SelectAuthenticatorOption {
  /** Sent as `choice`. */
  readonly id: string;
  /** Message key of its name (`authenticator.<id>`, `flow.<alias>`). */
  readonly displayKey: string;
  /** Shown when the bundles lack `displayKey` (admin-named sub-flows). */
  readonly displayName: string;
  /** An already translated name; wins over both when present. */
  readonly label?: string;
}

/** `select-authenticator`: a step whose view model holds the options. */
export interface SelectAuthenticatorPageModel extends StepPageModel {
  readonly options: readonly SelectAuthenticatorOption[];
}

/** `identify-email`: the generic step form; its one field is `email`. */
export type IdentifyEmailPageModel = StepPageModel;

/** `error`: the facts of an `ErrorDocument`, with the text to show in the page's locale. */
export interface ErrorPageModel {
  /** Message key of the heading. Default `page.error.title`. */
  readonly titleKey?: string;
  /** Message key of the explanation (`error.loginTimeout`, ...), translated in the page's locale. Wins over `message`. */
  readonly messageKey?: string;
  /** Values for the placeholders of `messageKey`, e.g. `{ seconds: 30 }` for `error.rateLimited`. */
  readonly messageParams?: Readonly<Record<string, string | number>>;
  /** The explanation as plain text, shown when there is no `messageKey` (the `ErrorDocument`'s `message`). */
  readonly message: string;
  /** The registry code, e.g. `FG_AUTH_SESSION_EXPIRED`. */
  readonly code: string;
  /** Quoted to support; it is in the server's log line too. */
  readonly requestId: string;
  readonly actions?: { readonly restart?: ActionLink; readonly continue?: ActionLink };
}

/** `page-expired`: a stale or replayed form was refused. */
export interface PageExpiredPageModel {
  readonly actions: {
    /** GET of the step the sign-in is at now ("continue where I was"). */
    readonly continue?: ActionLink;
    /** Starts the sign-in again. */
    readonly restart?: ActionLink;
  };
}

/** One of the person's sessions on the account page. */
export interface AccountSession {
  readonly createdAt: Date | string | number;
  readonly lastSeenAt: Date | string | number;
  readonly ip?: string;
  /** Whether it is the session of the browser looking at the page. */
  readonly current: boolean;
  /** Ends this session; always submitted as a POST, with `fields` (csrf, session reference). */
  readonly signOut: ActionLink;
}

/** One of the person's remembered devices on the account page (#19 item 2). */
export interface AccountDevice {
  readonly createdAt: Date | string | number;
  readonly lastUsedAt: Date | string | number;
  /** The browser's User-Agent at its last sign-in. */
  readonly userAgent?: string;
  /** Whether it is the browser looking at the page. */
  readonly current: boolean;
  /** Forgets the device; always submitted as a POST, with `fields` (csrf, device id). */
  readonly forget: ActionLink;
}

/** One row of the account page's profile: `value`, or `valueKey` when the page words it (yes, no, not given). */
export interface AccountProfileRowModel {
  /** The attribute's label, already in the page's locale. */
  readonly label: string;
  readonly value?: string;
  /** Message key of the value's text, instead of `value`. */
  readonly valueKey?: string;
}

/** `account`: who is signed in, their profile, and where they are signed in. */
export interface AccountPageModel {
  readonly user: { readonly email: string };
  /** The profile attributes the person may see, in order. */
  readonly profile: readonly AccountProfileRowModel[];
  /** Edits the profile (a GET link), when the realm offers it. */
  readonly editProfile?: ActionLink;
  readonly sessions: readonly AccountSession[];
  /** The person's remembered devices, each with a "forget" form; none shown when absent. */
  readonly devices?: readonly AccountDevice[];
  /** The person's passkeys, each with a rename and a remove form; the `last` one's removal is warned about. */
  readonly passkeys?: readonly AccountPasskeyEntry[];
  /** Adds a passkey (a GET link: a sign-in with `kc_action=register-passkey`), when the realm offers it. */
  readonly addPasskey?: ActionLink;
  /** Ends every session of the person; always submitted as a POST. */
  readonly signOutEverywhere: ActionLink;
  /** IANA time zone the dates are shown in. Default `UTC` (the zone's name is shown with each date). */
  readonly timeZone?: string;
}

/** `logout-confirm`: asks before signing out; a GET never signs anyone out. */
export interface LogoutConfirmPageModel {
  /** Where the confirmation is posted (always a POST), with its hidden `fields`. */
  readonly signOut: ActionLink;
  /** Where "cancel" leads, if anywhere. */
  readonly cancel?: ActionLink;
}

/** `consent`: an application asks to use the person's account. */
export interface ConsentPageModel {
  readonly clientId: string;
  /** Message keys of what it asks for, one per scope (`consent.scope.email`). */
  readonly scopeKeys: readonly string[];
  /** Both POSTs, with their hidden fields. */
  readonly allow: ActionLink;
  readonly deny: ActionLink;
}

/** `logged-out`: the person has signed out. */
export interface LoggedOutPageModel {
  /** A "sign in again" link, if there is somewhere to go. */
  readonly signIn?: ActionLink;
}

/** `link-confirm`: a link from an email, before it is used; a GET (or a mail scanner) changes nothing. */
export interface LinkConfirmPageModel {
  /** What confirming does, already in the page's locale (the plugin's `describeLink`). */
  readonly message: string;
  /**
   * "Continue": always a POST, with the browser's CSRF token and the link's key as hidden fields.
   * Absent when the page offers `choices` instead.
   */
  readonly confirm?: ActionLink;
  /**
   * Opened in another browser, confirming there approves the waiting tab: the three numbers, one of
   * them the waiting tab's, each a POST like `confirm` with its `choice` field. A wrong one ends
   * that sign-in.
   */
  readonly choices?: ReadonlyArray<{ readonly number: number; readonly action: ActionLink }>;
  /** Opened in another browser: the browser (already in words) and the time the sign-in started. */
  /** `place`: the coarse place the sign-in started from, when the server has a local database for that. */
  readonly origin?: { readonly device: string; readonly startedAt: number; readonly place?: string };
  /** Opened in another browser: "This wasn't me", a POST that ends the waiting sign-in. */
  readonly reject?: ActionLink;
}

/** `link-rejected`: "This wasn't me" ended the sign-in the link was for. */
export interface LinkRejectedPageModel {
  /** Nothing: the page only says it is done. */
  readonly [key: string]: never;
}

/** `link-done`: the link was confirmed in another browser than the one signing in. */
export interface LinkDonePageModel {
  /** Nothing yet: the other tab moves on by itself. */
  readonly [key: string]: never;
}

/** `link-invalid`: the link is unknown, used, expired, or its sign-in is over. */
export interface LinkInvalidPageModel {
  /** The registry code, e.g. `FG_LINK_USED`. */
  readonly code: string;
  /** Why, in the page's locale. */
  readonly message: string;
}

/** The core pages (`CORE_PAGES`) and their models, for typed rendering with `renderCorePage`. */
export interface CorePageModels {
  readonly error: ErrorPageModel;
  readonly 'page-expired': PageExpiredPageModel;
  readonly 'select-authenticator': SelectAuthenticatorPageModel;
  readonly account: AccountPageModel;
  readonly 'logout-confirm': LogoutConfirmPageModel;
  readonly 'logged-out': LoggedOutPageModel;
  readonly 'link-confirm': LinkConfirmPageModel;
  readonly 'link-done': LinkDonePageModel;
  readonly 'link-rejected': LinkRejectedPageModel;
  readonly 'link-invalid': LinkInvalidPageModel;
  readonly consent: ConsentPageModel;
}
