import { FlowgateError } from '../../errors';

/** Default of the time a plugin handler may take (`FlowExecutorDeps.pluginTimeoutMs`, the server's `pluginTimeoutMs`). */
const DEFAULT_PLUGIN_TIMEOUT_MS = 10_000;

/** Default of `FlowExecutorDeps.maxPluginCallsPerRequest`. */
export const DEFAULT_MAX_PLUGIN_CALLS = 100;

/** How long one handler may take and how many calls one request may make. */
export interface InvokerLimits {
  /** Milliseconds one plugin handler may take before it counts as failed; `DEFAULT_PLUGIN_TIMEOUT_MS` when absent. */
  readonly pluginTimeoutMs?: number;
  /** Plugin calls one request may make (a guard against plugins that reset forever). */
  readonly maxPluginCalls: number;
}

/**
 * The one way a plugin handler is called, for one request: counts the calls and bounds each in
 * time. Everything that runs plugins (the flow, required actions, links, the admin flow check)
 * calls them through one of these, so they all follow the same limits.
 */
export class PluginInvoker {
  private calls = 0;

  constructor(private readonly limits: InvokerLimits) {}

  /** Counts one plugin call; false once the request's budget (`maxPluginCalls`) is spent. */
  countCall(): boolean {
    return ++this.calls <= this.limits.maxPluginCalls;
  }

  /**
   * Calls a plugin handler. Settles as the handler does, or rejects with `FG_PLUGIN_TIMEOUT` once
   * the time limit passes, so a handler that never settles fails its step like one that throws
   * instead of holding the request (and the sign-in's step) forever. The handler itself cannot be
   * stopped: whatever it does later reaches the services, but not the run's state, which is saved
   * and done with by then.
   */
  invoke<T>(phase: string, hook: () => T | Promise<T>): Promise<T> {
    const limit = this.limits.pluginTimeoutMs ?? DEFAULT_PLUGIN_TIMEOUT_MS;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new FlowgateError('FG_PLUGIN_TIMEOUT', `${phase} took longer than ${limit} ms`)), limit);
      const fail = (error: unknown): void => {
        clearTimeout(timer);
        reject(error);
      };
      try {
        Promise.resolve(hook()).then((value) => {
          clearTimeout(timer);
          resolve(value);
        }, fail);
      } catch (error) {
        fail(error);
      }
    });
  }
}
