import { codeOf } from '../support/error-code';
import { absoluteUrl, normalizePublicUrl } from '../../src/util/absolute-url';

const BASE = 'https://id.example.test/auth';


describe('absoluteUrl', () => {
  it.each([
    ['/realms/main/verify?token=abc', 'https://id.example.test/auth/realms/main/verify?token=abc'],
    ['realms/main', 'https://id.example.test/auth/realms/main'],
    ['/', 'https://id.example.test/auth/'],
    ['https://id.example.test/auth/x#y', 'https://id.example.test/auth/x#y'],
  ])('builds %s under the public URL', (path, expected) => {
    expect(absoluteUrl(BASE, path)).toBe(expected);
  });

  it('works with a public URL at the origin', () => {
    expect(absoluteUrl('http://localhost:3000', '/a/b')).toBe('http://localhost:3000/a/b');
  });

  it.each([
    'https://evil.example/auth/x',
    'http://id.example.test/auth/x',
    'https://id.example.test/other',
    'https://id.example.test/authx',
    'https://user:pw@id.example.test/auth/x',
    '//evil.example/x',
    '/../admin',
    '/%2e%2e/admin',
    '/realms/../../x',
    'javascript:alert(1)',
    'data:text/html,hi',
    '/\\evil.example',
    '/x\r\nSet-Cookie: a=b',
  ])('refuses %j', (path) => {
    expect(codeOf(() => absoluteUrl(BASE, path))).toBe('FG_LINK_OUTSIDE_PUBLIC_URL');
  });

  it('refuses a non-string path', () => {
    expect(codeOf(() => absoluteUrl(BASE, undefined as unknown as string))).toBe('FG_LINK_OUTSIDE_PUBLIC_URL');
  });
});

describe('normalizePublicUrl', () => {
  it('adds the trailing slash', () => {
    expect(normalizePublicUrl(BASE)).toBe('https://id.example.test/auth/');
  });

  it.each(['ftp://x.test', 'not a url', 'https://u:p@x.test', 'https://x.test/?a=1', 'https://x.test/#f'])('refuses %j', (url) => {
    expect(codeOf(() => normalizePublicUrl(url))).toBe('FG_CONFIG_INVALID');
  });
});
