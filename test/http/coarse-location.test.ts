import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openGeoIpDatabase } from '../../src/http/coarse-location';
import { ipv4Database } from '../support/mmdb-writer';
import { describeWithSmtpApp } from '../support/smtp-app';
import { DEMO_REDIRECT, TestBrowser } from './http-kit';

const MAGIC_LINK_FLOWS = path.join(__dirname, '..', 'fixtures', 'magic-link', 'flows');

const BERLIN = { country: { iso_code: 'DE' }, city: { names: { en: 'Berlin' } } };

describe('the coarse place of an address, from a local MaxMind database', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowgate-geoip-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const database = (name: string, bytes: Buffer): string => {
    const file = path.join(dir, name);
    writeFileSync(file, bytes);
    return file;
  };

  test('an address in the database is its country and city; others, and nonsense, are nothing', () => {
    const locator = openGeoIpDatabase(database('city.mmdb', ipv4Database('203.0.113.0/24', BERLIN)));
    expect(locator.locate('203.0.113.9')).toEqual({ country: 'DE', city: 'Berlin' });
    expect(locator.locate('::ffff:203.0.113.9')).toEqual({ country: 'DE', city: 'Berlin' });
    expect(locator.locate('198.51.100.1')).toBeUndefined();
    expect(locator.locate('2001:db8::1')).toBeUndefined();
    expect(locator.locate('not an address')).toBeUndefined();
    expect(locator.locate(undefined)).toBeUndefined();
  });

  test('a country database gives the country alone', () => {
    const locator = openGeoIpDatabase(database('country.mmdb', ipv4Database('203.0.113.0/24', { country: { iso_code: 'FR' } })));
    expect(locator.locate('203.0.113.200')).toEqual({ country: 'FR' });
  });

  test('a file that is not a MaxMind database, or none, stops the boot with FG_CONFIG_INVALID', () => {
    expect(() => openGeoIpDatabase(database('junk.mmdb', Buffer.from('not a database')))).toThrow(expect.objectContaining({ code: 'FG_CONFIG_INVALID' }));
    expect(() => openGeoIpDatabase(path.join(dir, 'missing.mmdb'))).toThrow(expect.objectContaining({ code: 'FG_CONFIG_INVALID' }));
  });
});

// The link's page in another browser says roughly where the sign-in started (here every test
// request comes from 127.0.0.1, which the test database places in Berlin).
const GEO_DIR = mkdtempSync(path.join(tmpdir(), 'flowgate-geoip-app-'));
const GEO_FILE = path.join(GEO_DIR, 'city.mmdb');
writeFileSync(GEO_FILE, ipv4Database('127.0.0.0/8', BERLIN));
afterAll(() => rmSync(GEO_DIR, { recursive: true, force: true }));

describeWithSmtpApp('the link page names the place a sign-in started from', { flowsDir: MAGIC_LINK_FLOWS, plugins: [], config: { geoIpDatabase: GEO_FILE } }, (suite) => {
  it('in another browser: "Near Berlin, Germany", in the page\'s language', async () => {
    await suite.t.users.create({ email: 'ann@example.com' });
    const linkPage = async (n: number, locale: string): Promise<string> => {
      const asking = new TestBrowser(suite.server);
      await asking.answer(await asking.start(`/realms/main/login?client_id=demo&redirect_uri=${encodeURIComponent(DEMO_REDIRECT)}&ui_locales=${locale}`), { email: 'ann@example.com' });
      const link = /http:\/\/id\.example\.test(\/realms\/main\/login-actions\/link\?key=[A-Za-z0-9_-]+)/.exec((await suite.nthMailTo('ann@example.com', n)).parsed.text ?? '')![1]!;
      return (await new TestBrowser(suite.server).agent.get(link)).text;
    };
    expect(await linkPage(1, 'en')).toContain('Near Berlin, Germany');
    expect(await linkPage(2, 'de')).toContain('In der Nähe von Berlin, Deutschland');
  });
});
