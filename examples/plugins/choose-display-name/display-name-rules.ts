/** The realm's rules for display names (the action's config). */
export interface DisplayNameRules {
  readonly minLength: number;
  readonly maxLength: number;
  /** Names nobody may choose, compared without regard to letter case. */
  readonly reserved: readonly string[];
}

/** Message keys of the ways a name can be refused (`messages/<locale>.json`). */
export const DISPLAY_NAME_PROBLEMS = {
  length: 'error.chooseDisplayName.length',
  characters: 'error.chooseDisplayName.characters',
  email: 'error.chooseDisplayName.email',
  reserved: 'error.chooseDisplayName.reserved',
} as const;

// Control, format (zero-width, bidi overrides), unassigned and private-use characters: invisible
// or able to make one name look like another.
const HIDDEN_CHARACTERS = /\p{C}/u;
const EMAIL_LIKE = /\S@\S/;

/** The name as it is stored: Unicode NFC, trimmed, runs of white space made one space. */
export function normalizeDisplayName(input: string): string {
  return input.normalize('NFC').trim().replace(/\s+/gu, ' ');
}

/** What is wrong with a (normalised) name under `rules`, as a message key; `undefined` when nothing is. */
export function checkDisplayName(name: string, rules: DisplayNameRules): string | undefined {
  // Counted in characters as people see them (code points), not UTF-16 units.
  const length = [...name].length;
  if (length < rules.minLength || length > rules.maxLength) return DISPLAY_NAME_PROBLEMS.length;
  if (HIDDEN_CHARACTERS.test(name)) return DISPLAY_NAME_PROBLEMS.characters;
  if (EMAIL_LIKE.test(name)) return DISPLAY_NAME_PROBLEMS.email;
  const folded = fold(name);
  if (rules.reserved.some((reserved) => fold(reserved) === folded)) return DISPLAY_NAME_PROBLEMS.reserved;
  return undefined;
}

/** Compatibility-folded and lower-cased, so `ＡＤＭＩＮ` and `Admin` compare equal to `admin`. */
function fold(name: string): string {
  return normalizeDisplayName(name).normalize('NFKC').toLowerCase();
}
