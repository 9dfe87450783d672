import { existsSync, readFileSync } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type * as Axe from 'axe-core';

/**
 * Browser tests run Debian's `chromium` package through playwright-core. playwright-core never
 * downloads a browser (only the `playwright` package does), and every launch names this binary.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Timeout for each browser test: generous, because a cold Chromium start on a busy CI box is slow. */
export const BROWSER_TEST_TIMEOUT_MS = 60_000;

/**
 * How long one browser action or wait (a click, an element to appear) may take. Well below the test
 * timeout, so a page that never shows what a test waits for fails with playwright's message naming
 * the element, not with a bare jest timeout.
 */
const ACTION_TIMEOUT_MS = 20_000;

/**
 * Headless and quiet: no sandbox (CI runs as root in a container), no GPU, no QUIC, and none of the
 * background traffic a fresh profile starts (component updates, sync, first-run pages), so the
 * browser talks only to the server under test.
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Whether the CI variable is set (`CI=true`, `CI=1`, ...); `false`, `0` and empty count as unset. */
function runningUnderCi(): boolean {
  const value = (process.env.CI ?? '').trim().toLowerCase();
  return value !== '' && value !== 'false' && value !== '0';
}

/**
 * Why browser tests cannot run here, or undefined when they can. They are skipped only on a
 * developer machine without Chromium; under CI a missing browser must fail the run, so that a
 * broken install never turns into a green build with no browser coverage.
 */
export function browserSkipReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH) || runningUnderCi()) return undefined;
  return `${CHROMIUM_PATH} not found; install Debian's chromium package (apt-get install chromium) to run the browser tests`;
}

/**
 * `describe` for browser tests: skipped, with the reason in the suite name and on stderr, when
 * `browserSkipReason()` says so; otherwise a plain `describe`.
 */
export function describeWithBrowser(name: string, body: () => void): void {
  const reason = browserSkipReason();
  if (reason === undefined) {
    describe(name, body);
    return;
  }
  process.stderr.write(`skipping browser tests "${name}": ${reason}\n`);
  describe.skip(`${name} (skipped: ${reason})`, body);
}

/**
 * Starts headless Chromium. Launch one per test file and open a context per test: contexts are
 * isolated like separate browsers and cost milliseconds, a launch costs far more.
 *
 * Each launch gets a fresh temporary profile: playwright refuses a `--user-data-dir` argument and
 * instead creates `playwright_chromiumdev_profile-*` in the OS temp directory for every launch and
 * deletes it when the browser is closed (or killed), so `browser.close()` leaves nothing behind.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} not found; browser tests need Debian's chromium package (apt-get install chromium)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    chromiumSandbox: false,
    timeout: BROWSER_TEST_TIMEOUT_MS,
  });
}

/** Options of a browser context. */
export interface ContextOptions {
  /**
   * The browser's language, e.g. `de`: sent as `Accept-Language` and reported by
   * `navigator.language`. Default `en-US`.
   */
  readonly locale?: string;
}

/**
 * A new isolated context (own cookies, storage and cache), as if another browser or device were
 * used: two contexts of one browser can play the phone and the laptop of a cross-device sign-in.
 */
export async function newContext(browser: Browser, options: ContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: options.locale ?? 'en-US' });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  return context;
}

/** How Chrome reports a response with an error status on the console. */
const FAILED_LOAD = /^Failed to load resource: the server responded with a status of \d+/;

/**
 * Collects what a page must never print: console errors (a blocked inline script or style is
 * reported there as a Content-Security-Policy violation, a missing stylesheet as a failed load) and
 * uncaught page exceptions, from every page of `context`. Read `messages` at the end of a test.
 *
 * One failed load is not a fault of the page and is left out: the document's own status (an error
 * page answers 400, 401 or 409 on purpose, and Chrome logs every such status).
 */
export function watchConsoleErrors(context: BrowserContext): { readonly messages: readonly string[] } {
  const messages: string[] = [];
  context.on('console', (message) => {
    const text = message.text();
    const csp = /Content[- ]Security[- ]Policy/i.test(text);
    if (message.type() !== 'error' && !csp) return;
    const source = message.location().url;
    const page = message.page()?.url() ?? '?';
    if (!csp && FAILED_LOAD.test(text) && source === page) return;
    messages.push(`console.${message.type()} on ${page}${source && source !== page ? ` (from ${source})` : ''}: ${text}`);
  });
  context.on('weberror', (error) => {
    messages.push(`uncaught exception on ${error.page()?.url() ?? '?'}: ${error.error().message}`);
  });
  return { messages };
}

/** One axe rule a page breaks, with the elements that break it. */
export interface A11yViolation {
  /** The axe rule id, e.g. `color-contrast`, `label`. */
  readonly id: string;
  readonly impact: 'minor' | 'moderate' | 'serious' | 'critical';
  /** What the rule asks for, in one line. */
  readonly help: string;
  readonly helpUrl: string;
  /** CSS selectors of the offending elements. */
  readonly targets: readonly string[];
}

/** Which axe violations `checkA11y` reports: `serious` (and critical) only, or `all`. */
export type A11yLevel = 'serious' | 'all';

let axeSource: string | undefined;

/**
 * Runs axe-core on the page as it is now and returns the violations of impact serious or critical
 * (an empty list means the page passes); with `level: 'all'`, minor and moderate ones as well (an
 * empty table header, say, is `minor`).
 *
 * The login pages send a strict CSP (no 'unsafe-inline', no 'unsafe-eval'), and it blocks
 * `page.addScriptTag()`: that inserts an inline `<script>`, which the page refuses with a CSP error
 * on its console. `page.evaluate()` of the axe source is not subject to the page's CSP (it runs
 * through the DevTools protocol, like a console command), so axe is injected that way: the page is
 * audited live, with its CSP still enforced and without a CSP-bypassing context, and it logs nothing.
 */
export async function checkA11y(page: Page, level: A11yLevel = 'serious'): Promise<A11yViolation[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  return page.evaluate(async (all) => {
    // Runs in the page; the test's tsconfig has no DOM types, so axe is reached through globalThis.
    const axe = (globalThis as unknown as { axe: typeof Axe }).axe;
    const results = await axe.run({ resultTypes: ['violations'] });
    return results.violations
      .filter((v) => all || v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact as A11yViolation['impact'],
        help: v.help,
        helpUrl: v.helpUrl,
        targets: v.nodes.map((node) => node.target.join(' ')),
      }));
  }, level === 'all');
}

/** A server listening for a test. */
export interface ServedApp {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly url: string;
  /** Stops listening and drops open (keep-alive) connections. */
  close(): Promise<void>;
}

/** Serves `app` (an express app or any request listener) on 127.0.0.1 at `port`, default a free one. */
export async function serve(app: RequestListener, atPort = 0): Promise<ServedApp> {
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(atPort, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // A browser keeps idle connections open; without this, close() would wait for them.
        server.closeAllConnections();
      }),
  };
}
