import { MAX_USER_PAGE } from '../../../store/user.store';
import { pagingParams, type QueryParam } from '../list-query';
import { ATTRIBUTES_SCHEMA, type SubmittedAttributes } from './profile-input';

/** Query of the user search. */
export const USER_QUERY = {
  email: { type: 'string', maxLength: 254, description: 'Part of the email address (case does not matter).' },
  attribute: { type: 'string', maxLength: 255, description: 'Only users that have this attribute.' },
  value: { type: 'string', maxLength: 2048, description: 'With `attribute`: only users with this value among its values.' },
  enabled: { type: 'boolean', description: 'Only enabled (`true`) or disabled (`false`) users.' },
  ...pagingParams(MAX_USER_PAGE),
} as const satisfies Record<string, QueryParam>;

const EMAIL = { type: 'string', minLength: 1, maxLength: 320 } as const;

/** Body of `POST /realms/{realm}/users`. */
export const CREATE_USER_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['email'],
  properties: {
    email: EMAIL,
    emailVerified: { type: 'boolean', default: false, description: 'Whether the address is known to be theirs. Default false.' },
    attributes: ATTRIBUTES_SCHEMA,
  },
} as const;

/** Body of `PATCH /realms/{realm}/users/{id}`: what it names changes, the rest stays. */
export const EDIT_USER_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    email: { ...EMAIL, description: 'A new address is unverified unless `emailVerified` says otherwise.' },
    emailVerified: { type: 'boolean' },
    attributes: ATTRIBUTES_SCHEMA,
  },
} as const;

/** A validated create body (defaults filled in). */
export interface CreateUserBody {
  readonly email: string;
  readonly emailVerified: boolean;
  readonly attributes?: SubmittedAttributes;
}
/** A validated edit body. */
export type EditUserBody = Partial<CreateUserBody>;
