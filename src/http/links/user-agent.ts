/**
 * The browser and operating system a User-Agent names, for "where did this sign-in start" on a
 * link's page. Only the major ones, by the tokens their User-Agents are known for; anything else is
 * unknown rather than guessed. Never trust it for security: a User-Agent is whatever the requester
 * sent. It helps a person notice a sign-in that is not theirs; number matching is the guarantee.
 */
export interface UserAgentSummary {
  readonly browser?: string;
  readonly os?: string;
}

// Order matters: Edge, Opera and Samsung Internet also say "Chrome", Chrome also says "Safari",
// and iOS browsers say "Safari" after their own token.
const BROWSERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bEdg(?:e|A|iOS)?\//, 'Edge'],
  [/\b(?:OPR|Opera)\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(?:Firefox|FxiOS)\//, 'Firefox'],
  [/\b(?:HeadlessChrome|Chrome|CriOS)\//, 'Chrome'],
  [/\bChromium\//, 'Chromium'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
];

// iPhone and iPad before Mac OS X (their User-Agents say "like Mac OS X"), Android before Linux.
const SYSTEMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(?:iPhone|iPod)\b/, 'iOS'],
  [/\biPad\b/, 'iPadOS'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

/** The browser and system named by `userAgent`, each left out when not recognised. */
export function summarizeUserAgent(userAgent: string | undefined): UserAgentSummary {
  if (userAgent === undefined) return {};
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const os = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  return { ...(browser !== undefined && { browser }), ...(os !== undefined && { os }) };
}
