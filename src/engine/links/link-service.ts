import type { IssuedLink, LinkService, TokenRecord, TokenService } from '../../spi/services';
import type { LinkInfo as ContextLinkInfo } from '../../spi/context';

/** The token purpose of every link back into a sign-in. */
export const LINK_TOKEN_PURPOSE = 'link';

/** The query parameter (and form field) carrying a link's secret. */
export const LINK_KEY_PARAM = 'key';

/** Keys the engine keeps in a link token's data; a plugin's own `data` cannot replace them. */
const ENGINE_KEYS = ['authSessionId', 'execution', 'plugin', 'locale'] as const;

/** Where a link leads back to, read from its token. */
export interface LinkTarget {
  readonly authSessionId: string;
  readonly execution: string;
  readonly plugin: string;
  /** The locale of the sign-in (and of its mail) the link was issued in; absent in links issued before it was kept. */
  readonly locale?: string;
  /** What the plugin sees in `onLink`: its own subject and data. */
  readonly link: ContextLinkInfo;
}

/** What a `LinkService` is bound to: one execution of one sign-in, and how link URLs are built. */
export interface LinkScope {
  readonly tokens: TokenService;
  readonly authSessionId: string;
  readonly execution: string;
  readonly plugin: string;
  /** The sign-in's locale, the one its mail is written in: the link's pages are shown in it too. */
  readonly locale?: string;
  /** The absolute URL of the link endpoint for `secret`. */
  linkUrl(secret: string): string;
  /** Called before each link is issued (the engine readies the number its page may ask for). */
  beforeIssue?(): void;
}

/**
 * The `LinkService` of one execution: single-use tokens of purpose `link`, whose data names the
 * sign-in, the execution and the plugin. Subjects are namespaced by plugin, so one plugin can
 * never revoke (or be handed) another plugin's links.
 */
export function linkService(scope: LinkScope): LinkService {
  return {
    async issue(input): Promise<IssuedLink> {
      scope.beforeIssue?.();
      const token = await scope.tokens.issue({
        purpose: LINK_TOKEN_PURPOSE,
        subject: scopedSubject(scope.plugin, input.subject),
        ttlSeconds: input.ttlSeconds,
        // Engine keys last: they say where the link leads, and a plugin's data must not redirect it.
        data: {
          ...input.data,
          authSessionId: scope.authSessionId,
          execution: scope.execution,
          plugin: scope.plugin,
          ...(scope.locale !== undefined && { locale: scope.locale }),
        },
      });
      return { url: scope.linkUrl(token.secret), expiresAt: token.expiresAt, tokenId: token.id };
    },
    revokeAll(subject: string): Promise<number> {
      return scope.tokens.revokeAll(LINK_TOKEN_PURPOSE, scopedSubject(scope.plugin, subject));
    },
  };
}

/** Where a link token leads, or `undefined` when its data is not a link's (never issued by `linkService`). */
export function linkTarget(token: TokenRecord): LinkTarget | undefined {
  const { authSessionId, execution, plugin, locale } = token.data;
  if (typeof authSessionId !== 'string' || typeof execution !== 'string' || typeof plugin !== 'string') return undefined;
  const prefix = `${plugin}:`;
  if (!token.subject.startsWith(prefix)) return undefined;
  const data: Record<string, unknown> = { ...token.data };
  for (const key of ENGINE_KEYS) delete data[key];
  return {
    authSessionId,
    execution,
    plugin,
    ...(typeof locale === 'string' && { locale }),
    link: Object.freeze({ subject: token.subject.slice(prefix.length), data: Object.freeze(data) }),
  };
}

function scopedSubject(plugin: string, subject: string): string {
  return `${plugin}:${subject}`;
}

