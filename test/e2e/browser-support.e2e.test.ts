import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, sep } from 'node:path';
import type { Browser } from 'playwright-core';
import {
  BROWSER_TEST_TIMEOUT_MS,
  checkA11y,
  describeWithBrowser,
  launchBrowser,
  newContext,
  serve,
  watchConsoleErrors,
  type ServedApp,
} from '../support/browser';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

/** A policy as strict as the login pages': nothing inline, nothing evaluated. */
const STRICT_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'";

const page = (body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test page</title></head><body><main><h1>Test page</h1>${body}</main></body></html>`;

/** Pages for the checks below, all sent with the strict CSP. */
const PAGES: Record<string, string> = {
  '/clean': page('<form method="post"><label for="email">Email</label><input id="email" name="email" type="email"><button>Continue</button></form>'),
  '/unlabelled': page('<form method="post"><input name="email" type="email"><button>Continue</button></form>'),
  '/inline-script': page('<script>document.title = "changed";</script>'),
  '/missing-stylesheet': page('<p>Unstyled</p>').replace('</head>', '<link rel="stylesheet" href="/missing.css"></head>'),
};

function testSite(req: IncomingMessage, res: ServerResponse): void {
  if (req.url === '/language') {
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end(req.headers['accept-language'] ?? '');
    return;
  }
  const html = PAGES[req.url ?? ''];
  res.statusCode = html === undefined ? 404 : 200;
  res.setHeader('Content-Security-Policy', STRICT_CSP);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.end(html ?? page('<p>Not found</p>'));
}

/** The profile directory of a running browser, as chrome://version reports it. */
async function profileDirOf(browser: Browser): Promise<string> {
  const tab = await browser.newPage();
  try {
    await tab.goto('chrome://version');
    // chrome://version shows `<user-data-dir>/Default`, the profile inside the user data directory.
    return dirname((await tab.locator('#profile_path').textContent())?.trim() ?? '');
  } finally {
    await tab.close();
  }
}

describeWithBrowser('browser test support', () => {
  let browser: Browser;
  let site: ServedApp;

  beforeAll(async () => {
    [browser, site] = await Promise.all([launchBrowser(), serve(testSite)]);
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), site?.close()]);
  });

  it('gives each launch a fresh temporary profile and removes it on close', async () => {
    const other = await launchBrowser();
    let otherProfile: string;
    try {
      otherProfile = await profileDirOf(other);
      const ownProfile = await profileDirOf(browser);
      expect(otherProfile.startsWith(tmpdir() + sep)).toBe(true);
      expect(existsSync(otherProfile)).toBe(true);
      expect(otherProfile).not.toBe(ownProfile);
    } finally {
      await other.close();
    }
    expect(existsSync(otherProfile)).toBe(false);
  });

  it('sends the context locale as Accept-Language', async () => {
    const [german, fallback] = await Promise.all([newContext(browser, { locale: 'de' }), newContext(browser)]);
    try {
      const [de, en] = await Promise.all(
        [german, fallback].map(async (context) => {
          const tab = await context.newPage();
          await tab.goto(`${site.url}/language`);
          return tab.locator('body').textContent();
        }),
      );
      expect(de).toBe('de');
      expect(en).toMatch(/^en-US\b/);
    } finally {
      await Promise.all([german.close(), fallback.close()]);
    }
  });

  it('runs axe on a strict-CSP page without tripping the CSP', async () => {
    const context = await newContext(browser);
    const errors = watchConsoleErrors(context);
    try {
      const tab = await context.newPage();
      await tab.goto(`${site.url}/clean`);
      expect(await checkA11y(tab)).toEqual([]);

      await tab.goto(`${site.url}/unlabelled`);
      const violations = await checkA11y(tab);
      expect(violations.map((v) => v.id)).toContain('label');
      expect(violations.find((v) => v.id === 'label')?.targets).toEqual(['input']);

      expect(errors.messages).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('reports a CSP violation on the console', async () => {
    const context = await newContext(browser);
    const errors = watchConsoleErrors(context);
    try {
      const tab = await context.newPage();
      const reported = tab.waitForEvent('console');
      await tab.goto(`${site.url}/inline-script`);
      await reported;
      expect(await tab.title()).toBe('Test page');
      expect(errors.messages).toHaveLength(1);
      expect(errors.messages[0]).toMatch(/^console\.error on .*\/inline-script: .*Content Security Policy/);
    } finally {
      await context.close();
    }
  });

  it("reports a missing stylesheet, but not an error page's own status", async () => {
    const context = await newContext(browser);
    const errors = watchConsoleErrors(context);
    try {
      const tab = await context.newPage();
      // Chrome logs "Failed to load resource" for both: the 404 page itself and the missing stylesheet.
      const logged = (path: string) => tab.waitForEvent('console', (message) => message.location().url === `${site.url}${path}`);
      const ownStatus = logged('/nothing');
      expect((await tab.goto(`${site.url}/nothing`))?.status()).toBe(404);
      await ownStatus;
      const stylesheet = logged('/missing.css');
      await tab.goto(`${site.url}/missing-stylesheet`);
      await stylesheet;
      expect(errors.messages).toEqual([expect.stringMatching(/\/missing-stylesheet \(from .*\/missing\.css\): Failed to load resource: .* 404/)]);
    } finally {
      await context.close();
    }
  });
});
