import { isValidEmail, MAX_EMAIL_LENGTH, normalizeEmail } from './email';

describe('normalizeEmail', () => {
  it('trims surrounding whitespace and lower-cases', () => {
    expect(normalizeEmail('  Ann.Lee@Example.COM \t\n')).toBe('ann.lee@example.com');
  });

  it('composes Unicode so the two spellings of é are one address', () => {
    const decomposed = 'Jose\u0301@Exa\u0301mple.org';
    const composed = 'jos\u00e9@xn--exmple-qta.org';
    expect(decomposed).not.toBe(composed);
    expect(normalizeEmail(decomposed)).toBe(composed);
    expect(normalizeEmail('JOS\u00c9@EX\u00c1MPLE.ORG')).toBe(composed);
  });

  it('folds compatibility forms (NFKC): a full-width address is the ASCII one', () => {
    expect(normalizeEmail('\uff41\uff4e\uff4e\uff20\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45\uff0e\uff43\uff4f\uff4d')).toBe('ann@example.com');
    expect(normalizeEmail('\ufb01le@example.com')).toBe('file@example.com');
  });

  it('writes the domain in its IDNA ASCII form, whatever form it was typed in', () => {
    expect(normalizeEmail('Ann@B\u00dcCHER.de')).toBe('ann@xn--bcher-kva.de');
    expect(normalizeEmail('ann@xn--bcher-kva.de')).toBe('ann@xn--bcher-kva.de');
    // The ideographic full stop separates labels in IDNA; a soft hyphen is ignored there.
    expect(normalizeEmail('ann@example\u3002com')).toBe('ann@example.com');
    expect(normalizeEmail('ann@exam\u00adple.com')).toBe('ann@example.com');
    // A Cyrillic lookalike domain stays another domain: refusing it as a new account is the skeleton's job.
    expect(normalizeEmail('ann@\u0435xample.com')).toBe('ann@xn--xample-2of.com');
  });

  it('leaves an invalid IDNA domain empty, so the address is invalid', () => {
    const email = normalizeEmail('ann@exa mple.com');
    expect(email).toBe('ann@');
    expect(isValidEmail(email)).toBe(false);
    expect(isValidEmail(normalizeEmail('no-at-sign'))).toBe(false);
  });

  it('is idempotent', () => {
    const once = normalizeEmail(' \u00c5SA@B\u00dcCHER.de ');
    expect(normalizeEmail(once)).toBe(once);
  });
});

describe('isValidEmail', () => {
  it.each([
    'ann@example.com',
    'a@b.co',
    'first.last+tag@sub.example.co.uk',
    'jos\u00e9@ex\u00e1mple.org',
    'x@xn--bcher-kva.example',
  ])('accepts %j', (email) => {
    expect(isValidEmail(email)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['no @', 'ann.example.com'],
    ['two @', 'ann@x@example.com'],
    ['empty local part', '@example.com'],
    ['no dot in the domain', 'ann@localhost'],
    ['empty domain', 'ann@'],
    ['empty domain label', 'ann@example..com'],
    ['leading dot in domain', 'ann@.example.com'],
    ['trailing dot in domain', 'ann@example.com.'],
    ['inner space', 'ann lee@example.com'],
    ['no-break space', 'ann\u00a0@example.com'],
    ['tab', 'ann@exa\tmple.com'],
    ['newline (header injection)', 'ann@example.com\nBcc: eve@example.com'],
    ['NUL', 'ann\u0000@example.com'],
    ['DEL', 'ann\u007f@example.com'],
    ['C1 control', 'ann\u0085@example.com'],
    ['zero-width space (lookalike)', 'ann\u200b@example.com'],
    ['right-to-left override', 'ann\u202e@example.com'],
    ['soft hyphen in the domain', 'ann@exam\u00adple.com'],
  ])('rejects %s', (_label, email) => {
    expect(isValidEmail(email)).toBe(false);
  });

  it('accepts exactly the maximum length and rejects one more', () => {
    const domain = '@example.com';
    const longest = 'a'.repeat(MAX_EMAIL_LENGTH - domain.length) + domain;
    expect(longest).toHaveLength(254);
    expect(isValidEmail(longest)).toBe(true);
    expect(isValidEmail('a' + longest)).toBe(false);
  });

  it('rejects a 10,000-character input', () => {
    expect(isValidEmail('a'.repeat(10_000) + '@example.com')).toBe(false);
    expect(isValidEmail('a@' + 'b.'.repeat(5_000) + 'com')).toBe(false);
  });
});
