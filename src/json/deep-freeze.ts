/**
 * Freezes an object and everything inside it. Loaded configuration is shared by every request,
 * so a stray write must fail (in strict mode, throw) instead of changing it for everyone.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}
