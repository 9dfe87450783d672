/** What `negotiateLocale` chooses from. */
export interface LocaleNegotiation {
  /** The OIDC `ui_locales` parameter: space-separated tags, most preferred first. Wins over the browser. */
  readonly uiLocales?: string;
  /** The browser's `Accept-Language` header, with q-values. */
  readonly acceptLanguage?: string;
  /** Locales that can be shown, e.g. the realm's `supportedLocales`. The result is spelled as here. */
  readonly supported: readonly string[];
  /** Returned when nothing requested is supported. */
  readonly fallback: string;
}

// Headers are attacker-controlled: only this many tags are looked at, so a huge header costs nothing.
const MAX_TAGS = 32;
const Q_PATTERN = /^q=(0(\.\d{0,3})?|1(\.0{0,3})?)$/i;

/**
 * Picks the locale to show: the first `ui_locales` tag that is supported, else the most preferred
 * supported `Accept-Language` tag, else `fallback`. A tag matches a supported locale exactly, then by
 * dropping subtags (`de-CH` -> `de`, RFC 4647 lookup), then by language alone (`en-GB` -> `en-US`).
 * Comparison ignores case; malformed tags and `*` are skipped.
 */
export function negotiateLocale(input: LocaleNegotiation): string {
  const supported = input.supported.map((tag) => ({ tag, key: tag.toLowerCase() }));
  const requested = [...parseUiLocales(input.uiLocales), ...parseAcceptLanguage(input.acceptLanguage)];
  for (const tag of requested) {
    const match = matchTag(tag, supported);
    if (match !== undefined) return match;
  }
  return input.fallback;
}

/** The tags of a `ui_locales` value, in order. */
function parseUiLocales(value: string | undefined): string[] {
  if (!value) return [];
  return value.trim().split(/\s+/, MAX_TAGS).filter((tag) => tag.length > 0);
}

/** The tags of an `Accept-Language` header, most preferred first; `q=0` ("not acceptable") and malformed entries are dropped. */
export function parseAcceptLanguage(header: string | undefined): string[] {
  if (!header) return [];
  const entries: Array<{ tag: string; q: number; order: number }> = [];
  for (const [order, part] of header.split(',', MAX_TAGS).entries()) {
    const [rawTag, ...params] = part.split(';').map((s) => s.trim());
    if (!rawTag || rawTag === '*') continue;
    let q = 1;
    const qParam = params.find((p) => /^q=/i.test(p));
    if (qParam !== undefined) {
      if (!Q_PATTERN.test(qParam)) continue;
      q = Number(qParam.slice(2));
    }
    if (q > 0) entries.push({ tag: rawTag, q, order });
  }
  // Array.prototype.sort is stable: equal q-values keep the header's order.
  return entries.sort((a, b) => b.q - a.q || a.order - b.order).map((e) => e.tag);
}

function matchTag(tag: string, supported: ReadonlyArray<{ tag: string; key: string }>): string | undefined {
  let canonical: string | undefined;
  try {
    canonical = Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
  if (canonical === undefined) return undefined;
  const subtags = canonical.toLowerCase().split('-');
  for (let n = subtags.length; n > 0; n--) {
    // RFC 4647 §3.4: never end a candidate on a single-letter extension or private-use marker.
    if (n > 1 && subtags[n - 1]!.length === 1) continue;
    const candidate = subtags.slice(0, n).join('-');
    const hit = supported.find((s) => s.key === candidate);
    if (hit) return hit.tag;
  }
  const language = subtags[0];
  return supported.find((s) => s.key.split('-')[0] === language)?.tag;
}
