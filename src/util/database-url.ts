/*
 * The `database` option names either a SQLite file or a PostgreSQL server by URL. These helpers
 * tell the two apart and give the form that may be logged: a URL may carry a password.
 */

/** Whether `database` has a URL scheme (`something://`) rather than being a file path or `:memory:`. */
export function looksLikeUrl(database: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(database);
}

/** Whether `database` is a usable PostgreSQL URL: `postgres://` or `postgresql://` with a host. */
export function isPostgresUrl(database: string): boolean {
  if (!/^postgres(ql)?:\/\//i.test(database)) return false;
  try {
    return new URL(database).hostname !== '';
  } catch {
    return false;
  }
}

/** `database` as it may appear in logs and errors: a file path as it is, a URL without its password and query. */
export function describeDatabase(database: string): string {
  if (!looksLikeUrl(database)) return database;
  try {
    const url = new URL(database);
    const user = url.username ? `${url.username}@` : '';
    return `${url.protocol}//${user}${url.host}${url.pathname}`;
  } catch {
    // Unparsable: say nothing of what it holds.
    return 'the database URL';
  }
}
