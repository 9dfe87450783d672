/**
 * Whether `error` carries the error code `code`. The services a plugin gets fail with coded
 * errors (`users.create` with `FG_USER_EXISTS` when the address is taken, say); a plugin that
 * expects one catches it and checks its code with this, and rethrows anything else. A plugin never
 * needs to throw a coded error itself: whatever it throws fails its step as `FG_PLUGIN_ERROR`.
 */
export function hasErrorCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
