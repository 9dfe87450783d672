import type { ConfigProperty } from '../../../src/plugin-kit';

/** A domain as the config lists it: lower-case labels joined by dots (IDNs in their `xn--` form). */
const DOMAIN_PATTERN = '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$';

/** The config options both plugins of this package share: the domains and whether subdomains count. */
export interface DomainListConfig {
  /** Domains, lower case, without `@`. */
  readonly domains: readonly string[];
  /** Whether a listed domain also covers its subdomains (`example.com` covers `eu.example.com`). */
  readonly includeSubdomains: boolean;
}

/** The schema of `domains` and `includeSubdomains`, so both plugins document and check them alike. */
export const DOMAIN_LIST_PROPERTIES: Readonly<Record<keyof DomainListConfig, ConfigProperty>> = {
  domains: {
    type: 'array',
    title: 'Domains',
    description: 'The email domains, lower case and without `@`, e.g. `["example.com", "partner.example"]`. Required.',
    items: { type: 'string', pattern: DOMAIN_PATTERN, maxLength: 253 },
    minItems: 1,
    maxItems: 1000,
    uniqueItems: true,
  },
  includeSubdomains: {
    type: 'boolean',
    title: 'Include subdomains',
    description: 'Whether a listed domain also covers its subdomains (`example.com` covers `eu.example.com`). Default true.',
    default: true,
  },
};

/**
 * The domain of the address being signed in: the identified user's, else the one the person typed.
 * Lower-cased and trimmed like every address in Flowgate; `undefined` when there is none (the step
 * runs before anyone typed an address) or it has no `@`.
 */
export function addressDomain(user: { readonly email: string } | undefined, attemptedIdentifier: string | undefined): string | undefined {
  const address = (user?.email ?? attemptedIdentifier)?.trim().toLowerCase();
  const at = address?.lastIndexOf('@') ?? -1;
  return address !== undefined && at > 0 && at < address.length - 1 ? address.slice(at + 1) : undefined;
}

/** Whether `domain` is one of `config.domains`, or (with `includeSubdomains`) a subdomain of one. */
export function isListed(domain: string, config: DomainListConfig): boolean {
  return config.domains.some((listed) => domain === listed || (config.includeSubdomains && domain.endsWith(`.${listed}`)));
}
