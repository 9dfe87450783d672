import type { Request } from 'express';
import { FlowgateError } from '../../errors';

/**
 * The path parameter `name`, as one string (express gives arrays for wildcard parameters). A
 * missing one is a routing bug, not the caller's.
 */
export function pathParam(req: Request, name: string): string {
  const value = (req.params as Record<string, unknown>)[name];
  if (typeof value !== 'string') throw new FlowgateError('FG_INTERNAL_ERROR', `route has no parameter '${name}'`);
  return value;
}

/** An audit resource path from its segments: `resourcePath('realms', 'main', 'flows', 'a/b')` -> `realms/main/flows/a%2Fb`. */
export function resourcePath(...segments: string[]): string {
  return segments.map((s) => encodeURIComponent(s)).join('/');
}
