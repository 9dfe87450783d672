import { isValidEmail, normalizeEmail } from '../../src/spi/email';
import { confusableSkeleton, emailSkeleton } from '../../src/util/email-skeleton';

const skeletonOf = (typed: string): string => emailSkeleton(normalizeEmail(typed));

describe('confusableSkeleton (Unicode TR39)', () => {
  it('maps lookalikes of other scripts to the letters they imitate', () => {
    expect(confusableSkeleton('p\u0430ypal')).toBe(confusableSkeleton('paypal'));
    expect(confusableSkeleton('\u0391\u0392\u0421')).toBe(confusableSkeleton('ABC'));
  });

  it('also folds lookalikes within Latin, as TR39 does', () => {
    expect(confusableSkeleton('rn')).toBe(confusableSkeleton('m'));
    expect(confusableSkeleton('l')).toBe(confusableSkeleton('1'));
  });

  it('keeps different-looking text apart', () => {
    expect(confusableSkeleton('ann')).not.toBe(confusableSkeleton('anna'));
    expect(confusableSkeleton('jos\u00e9')).not.toBe(confusableSkeleton('jose'));
  });
});

describe('emailSkeleton', () => {
  it('is equal for a Cyrillic homoglyph in the local part or the domain, whose IDNA form differs', () => {
    const ascii = skeletonOf('ann@example.com');
    expect(normalizeEmail('ann@\u0435xample.com')).toBe('ann@xn--xample-2of.com');
    expect(skeletonOf('ann@\u0435xample.com')).toBe(ascii);
    expect(skeletonOf('\u0430nn@example.com')).toBe(ascii);
    expect(skeletonOf('ANN@EXAMPLE.COM')).toBe(ascii);
  });

  it('differs for different addresses, and is a 64-character hex digest whatever the input', () => {
    expect(skeletonOf('ann@example.com')).not.toBe(skeletonOf('bob@example.com'));
    expect(skeletonOf('ann@example.com')).not.toBe(skeletonOf('ann@example.org'));
    for (const typed of ['ann@example.com', `${'\ufdfa'.repeat(10)}@example.com`, 'no-at-sign', '']) {
      expect(emailSkeleton(normalizeEmail(typed))).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('needs no valid address (it never throws on what the normaliser returns)', () => {
    const odd = normalizeEmail('a@exa mple.com');
    expect(isValidEmail(odd)).toBe(false);
    expect(() => emailSkeleton(odd)).not.toThrow();
  });
});
