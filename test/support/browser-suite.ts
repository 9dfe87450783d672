import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freePort } from './free-port';
import { launchBrowser, newContext, serve, watchConsoleErrors, type ContextOptions, type ServedApp } from './browser';
import type { TestApp } from './test-app';

/** What a page printed that it never should (see `watchConsoleErrors`). */
export interface ConsoleErrors {
  readonly messages: readonly string[];
}

/** A browser profile of one test, with the console errors of every page it opens. */
export interface TestContext {
  readonly context: BrowserContext;
  readonly consoleErrors: ConsoleErrors;
}

/** One Chromium and one served app, shared by the tests of a describe block. */
export interface BrowserSuite {
  /** The app under test (set once the suite's `beforeAll` ran). */
  readonly t: TestApp;
  /** Where the app is served: `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  /** The browser, for tests that need more than `newContext` gives. */
  readonly browser: Browser;
  /**
   * A fresh browser profile (own cookies and storage: another browser or device), closed after the
   * running test; its console errors are watched on every page it opens.
   */
  newContext(options?: ContextOptions): Promise<TestContext>;
  /** `newContext`, a page in it, and that page at `path` (relative to `url`). */
  open(path: string, options?: ContextOptions): Promise<TestContext & { readonly page: Page }>;
}

/** How a browser suite serves its app. */
export interface BrowserSuiteOptions {
  /**
   * Choose the port before the app is built and pass `build` the URL it will be served at, for an
   * app whose `PUBLIC_URL` must be its own address: relying parties compare an OpenID Connect
   * issuer exactly. Default false (any free port, chosen when serving).
   */
  readonly urlBeforeBuild?: boolean;
}

/**
 * Registers the hooks of a Chromium test block: before all tests, launches Chromium and builds the
 * app with `build` (both at once), then serves it; after each test, closes the contexts it opened;
 * after all, closes the browser, the server and the app. Call it at the top of a `describeWithBrowser`.
 * `build` gets the URL the app will be served at only with `urlBeforeBuild`.
 */
export function useBrowserSuite(build: (url: string | undefined) => Promise<TestApp>, options: BrowserSuiteOptions = {}): BrowserSuite {
  let browser: Browser | undefined;
  let t: TestApp | undefined;
  let site: ServedApp | undefined;
  const open: BrowserContext[] = [];
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the browser suite's ${what} is used before its beforeAll ran`);
    return value;
  };

  beforeAll(async () => {
    const port = options.urlBeforeBuild ? await freePort() : 0;
    // Both settle before anything is thrown, so afterAll closes whichever exists even when the
    // other failed: a Chromium left open keeps jest from exiting after the run.
    const [launched, built] = await Promise.allSettled([launchBrowser(), build(port === 0 ? undefined : `http://127.0.0.1:${port}`)]);
    if (launched.status === 'fulfilled') browser = launched.value;
    if (built.status === 'fulfilled') t = built.value;
    if (launched.status === 'rejected') throw launched.reason;
    if (built.status === 'rejected') throw built.reason;
    site = await serve(ready(t, 'app').app, port);
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), site?.close()]);
    await t?.close();
  });

  const suite: BrowserSuite = {
    get t() {
      return ready(t, 'app');
    },
    get url() {
      return ready(site, 'server').url;
    },
    get browser() {
      return ready(browser, 'browser');
    },
    async newContext(options) {
      const context = await newContext(suite.browser, options);
      open.push(context);
      return { context, consoleErrors: watchConsoleErrors(context) };
    },
    async open(path, options) {
      const made = await suite.newContext(options);
      const page = await made.context.newPage();
      await page.goto(`${suite.url}${path}`);
      return { ...made, page };
    },
  };
  return suite;
}
