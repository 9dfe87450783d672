import http from 'node:http';
import { performance } from 'node:perf_hooks';

/** One JSON answer: status, parsed body, and how long the request took (ms, client side). */
export interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly ms: number;
}

/**
 * A JSON client of Flowgate's login pages, one per sign-in (a new browser: its own cookie jar).
 * Requests go over a keep-alive agent shared by all clients, as a pool of app servers or a
 * reverse proxy would reuse connections; connection set-up is then not part of what is measured.
 * Every request's duration goes to `record`, so latency percentiles cover every request of a
 * sign-in, mail-waiting excluded. Given several base URLs (nodes of one cluster), each request
 * goes to the next in turn, as a load balancer without stickiness would send them.
 */
export class JsonClient {
  private readonly cookies = new Map<string, string>();
  requests = 0;
  private readonly bases: readonly URL[];

  constructor(
    base: URL | readonly URL[],
    private readonly agent: http.Agent,
    private readonly record: (ms: number) => void,
  ) {
    this.bases = base instanceof URL ? [base] : base;
  }

  get(path: string): Promise<Answer> {
    return this.send('GET', path, undefined);
  }

  post(path: string, fields: Record<string, string>): Promise<Answer> {
    return this.send('POST', path, JSON.stringify(fields));
  }

  private send(method: string, path: string, body: string | undefined): Promise<Answer> {
    const url = new URL(path, this.bases[this.requests % this.bases.length]);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.cookies.size > 0) headers['cookie'] = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    this.requests++;
    const started = performance.now();
    return new Promise<Answer>((resolve, reject) => {
      const request = http.request(url, { method, headers, agent: this.agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const ms = performance.now() - started;
          this.record(ms);
          for (const line of response.headers['set-cookie'] ?? []) this.keep(line);
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: Record<string, unknown>;
          try {
            parsed = JSON.parse(text) as Record<string, unknown>;
          } catch {
            return reject(new Error(`${method} ${url.pathname}: ${response.statusCode}, not JSON: ${text.slice(0, 200)}`));
          }
          resolve({ status: response.statusCode ?? 0, body: parsed, ms });
        });
      });
      request.on('error', reject);
      request.end(body);
    });
  }

  /** Keeps a `Set-Cookie` (path and expiry ignored: every request goes to one realm; a past expiry deletes). */
  private keep(line: string): void {
    const [pair = ''] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (value === '' || /;\s*max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}
