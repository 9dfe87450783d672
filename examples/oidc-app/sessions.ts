import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the app remembers about one browser. */
export interface BrowserState {
  /** A sign-in on its way to Flowgate: what the callback needs to finish it. */
  pending?: { readonly codeVerifier: string; readonly state: string };
  /** After the callback: the ID token (for sign-out's `id_token_hint`) and its verified claims. */
  signedIn?: { readonly idToken: string; readonly claims: Readonly<Record<string, unknown>> };
}

const COOKIE = 'example_app_session';

/**
 * Sessions kept in memory, named by a random id in an HttpOnly cookie. SameSite=Lax: the browser
 * still sends it when Flowgate redirects back to the callback (a top-level GET), never on another
 * site's POST. Enough for a demo that runs as one process and forgets everyone when it stops.
 */
export class Sessions {
  private readonly byId = new Map<string, BrowserState>();

  /** The browser's state, created (with its cookie) when it has none. */
  of(req: IncomingMessage, res: ServerResponse): BrowserState {
    const id = this.idOf(req);
    const known = id === undefined ? undefined : this.byId.get(id);
    if (known) return known;
    const fresh: BrowserState = {};
    const newId = randomBytes(32).toString('base64url');
    this.byId.set(newId, fresh);
    res.setHeader('Set-Cookie', `${COOKIE}=${newId}; Path=/; HttpOnly; SameSite=Lax`);
    return fresh;
  }

  /** Forgets the browser's state (sign-out). */
  drop(req: IncomingMessage): void {
    const id = this.idOf(req);
    if (id !== undefined) this.byId.delete(id);
  }

  private idOf(req: IncomingMessage): string | undefined {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [name, value] = part.trim().split('=');
      if (name === COOKIE && value) return value;
    }
    return undefined;
  }
}
