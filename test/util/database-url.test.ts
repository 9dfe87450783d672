import { describeDatabase, isPostgresUrl, looksLikeUrl } from '../../src/util/database-url';

describe('database URLs (#20)', () => {
  it('tells a PostgreSQL server from a SQLite file', () => {
    expect(isPostgresUrl('postgres://u:p@db:5432/flowgate')).toBe(true);
    expect(isPostgresUrl('postgresql://db/flowgate?sslmode=require')).toBe(true);
    expect(isPostgresUrl('postgres:///flowgate')).toBe(false);
    expect(isPostgresUrl('/var/lib/flowgate/flowgate.sqlite')).toBe(false);
    expect(isPostgresUrl(':memory:')).toBe(false);
    expect(looksLikeUrl('mysql://db/x')).toBe(true);
    expect(looksLikeUrl('C:\\data\\flowgate.sqlite')).toBe(false);
  });

  it('describes a URL without its password or query, a path as it is', () => {
    expect(describeDatabase('postgres://flowgate:s3cr%40t@db.internal:5432/flowgate?sslmode=require&password=x')).toBe('postgres://flowgate@db.internal:5432/flowgate');
    expect(describeDatabase('postgres://db.internal/flowgate')).toBe('postgres://db.internal/flowgate');
    expect(describeDatabase('/srv/flowgate.sqlite')).toBe('/srv/flowgate.sqlite');
    expect(describeDatabase('postgres://a:b@[bad/x')).toBe('the database URL');
  });
});
