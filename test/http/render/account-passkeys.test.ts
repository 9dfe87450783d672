import { accountWithPasskeys, context, shippedRenderer, tags } from './render-kit';

const { renderer } = shippedRenderer();

describe('the account page lists passkeys (#21)', () => {
  it.each(['en', 'de'])('in %s: escaped names, a labelled rename form and a remove form each, the last one warned about, the add link', (locale) => {
    const html = renderer.render('account', accountWithPasskeys(), context(locale));
    expect(html).toContain('Laptop &lt;b&gt;');
    expect(html).not.toContain('Laptop <b>');
    const forms = tags(html, 'form').map((f) => f.action);
    expect(forms.filter((a) => a === '/realms/main/account/passkeys/rename')).toHaveLength(2);
    expect(forms.filter((a) => a === '/realms/main/account/passkeys/remove')).toHaveLength(2);
    for (const form of tags(html, 'form')) expect(form.method).toBe('post');
    const labelled = new Set(tags(html, 'label').map((l) => l.for));
    for (const input of tags(html, 'input').filter((i) => i.type === 'text')) expect(labelled.has(input.id!)).toBe(true);
    expect(html).toContain('<input type="hidden" name="passkey" value="p2">');
    // Only the last passkey carries the warning, and its remove button points at it.
    expect(html.match(/id="passkey-last-\d"/g)).toEqual(['id="passkey-last-1"']);
    expect(html).toContain('aria-describedby="passkey-last-1"');
    expect(html).toContain('href="/realms/main/login?kc_action&#x3D;register-passkey"');
  });
});
