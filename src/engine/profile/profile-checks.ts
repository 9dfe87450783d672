import type { ErrorCode } from '../../errors';
import { joinPointer } from '../../json/json-pointer';
import { isReservedAttributeName } from '../../spi/reserved-attributes';
import { DEFAULT_PROFILE_MAX_LENGTH, type ProfileAttribute, type UserProfileConfig } from './profile-schema';
import { wholeValuePattern } from './profile-validator';

/** One problem with a user profile; `path` is a JSON Pointer inside the profile object. */
export interface ProfileProblem {
  readonly code: ErrorCode;
  readonly detail: string;
  readonly path: string;
}

const STRING_RULES = ['minLength', 'maxLength', 'pattern', 'enum'] as const;
const EMAIL_RULES = ['minLength', 'maxLength'] as const;
const NUMBER_RULES = ['min', 'max'] as const;
const RULES_BY_TYPE: Readonly<Record<ProfileAttribute['type'], readonly string[]>> = {
  string: STRING_RULES,
  email: EMAIL_RULES,
  number: NUMBER_RULES,
  boolean: [],
};

/**
 * What the realm schema cannot check about a profile (which it has already shaped): names are
 * not reserved and unique (ignoring case: `Nickname` and `nickname` would be one field to people),
 * each rule suits the attribute's type, limits do not contradict each other, patterns compile and
 * every `enum` choice passes the attribute's own rules. The same checks will guard admin API writes.
 */
export function checkUserProfile(profile: UserProfileConfig): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const seen = new Map<string, number>();
  profile.attributes.forEach((attribute, i) => {
    const at = joinPointer('/attributes', i);
    const lower = attribute.name.toLowerCase();
    if (isReservedAttributeName(attribute.name)) {
      problems.push({
        code: 'FG_PROFILE_ATTRIBUTE_RESERVED',
        detail: `'${attribute.name}' is reserved: Flowgate reads or writes it itself (an account field, an attribute it decides access or keeps state by, or a login-form field), so people must not set it; choose another name`,
        path: joinPointer(at, 'name'),
      });
    }
    const first = seen.get(lower);
    if (first !== undefined) {
      problems.push({
        code: 'FG_DUPLICATE_PROFILE_ATTRIBUTE',
        detail: `'${attribute.name}' is also the name of the attribute at /attributes/${first} (names are compared ignoring case)`,
        path: joinPointer(at, 'name'),
      });
    } else {
      seen.set(lower, i);
    }
    problems.push(...checkRules(attribute, joinPointer(at, 'validation')));
  });
  return problems;
}

function checkRules(attribute: ProfileAttribute, at: string): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const invalid = (detail: string, ...path: (string | number)[]): void => {
    problems.push({ code: 'FG_PROFILE_ATTRIBUTE_INVALID', detail, path: joinPointer(at, ...path) });
  };
  const rules = attribute.validation;
  const allowed = RULES_BY_TYPE[attribute.type];
  for (const rule of Object.keys(rules)) {
    if (!allowed.includes(rule)) {
      invalid(`'${rule}' does not apply to a ${attribute.type} attribute${allowed.length > 0 ? ` (it takes ${allowed.join(', ')})` : ''}`, rule);
    }
  }
  if (rules.minLength !== undefined && rules.maxLength !== undefined && rules.minLength > rules.maxLength) {
    invalid(`minLength ${rules.minLength} is greater than maxLength ${rules.maxLength}`, 'minLength');
  }
  if (rules.min !== undefined && rules.max !== undefined && rules.min > rules.max) {
    invalid(`min ${rules.min} is greater than max ${rules.max}`, 'min');
  }
  let pattern: RegExp | undefined;
  if (rules.pattern !== undefined) {
    try {
      pattern = wholeValuePattern(rules.pattern);
    } catch (err) {
      invalid(`the pattern does not compile as a JavaScript regular expression with the u flag: ${(err as Error).message}`, 'pattern');
    }
  }
  const maxLength = rules.maxLength ?? DEFAULT_PROFILE_MAX_LENGTH;
  rules.enum?.forEach((choice, j) => {
    const length = [...choice].length;
    if (choice.trim() !== choice || choice === '') {
      invalid(`choice '${choice}' is empty or has surrounding spaces, which submissions are trimmed of, so nobody could pick it`, 'enum', j);
    } else if (length > maxLength || (rules.minLength !== undefined && length < rules.minLength)) {
      invalid(`choice '${choice}' breaks the attribute's own length limits, so nobody could pick it`, 'enum', j);
    } else if (pattern !== undefined && !pattern.test(choice)) {
      invalid(`choice '${choice}' does not match the attribute's pattern, so nobody could pick it`, 'enum', j);
    }
  });
  return problems;
}
